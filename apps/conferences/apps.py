from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "apps.conferences"
    verbose_name = _("国际会议审批")

    def ready(self):
        from apps.audit.actions import registry

        from . import exports, permissions  # noqa: F401  (registers the Excel exports)
        from .actions import ConferenceAction

        registry.register(ConferenceAction)

        from apps.casework.reminders import register_reminders

        from .reminders import KINDS, due_reminders

        register_reminders("conferences", due_reminders, kinds=KINDS)
