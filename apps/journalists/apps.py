from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalistsConfig(AppConfig):
    name = "apps.journalists"
    verbose_name = _("外国记者")

    def ready(self):
        from apps.audit.actions import registry

        from . import exports, permissions  # noqa: F401  (registers the Excel exports)
        from .actions import JournalistAction

        registry.register(JournalistAction)

        from apps.casework.reminders import register_reminders

        from .reminders import KINDS, due_reminders

        register_reminders("journalists", due_reminders, kinds=KINDS)
