from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "apps.partners"
    verbose_name = _("友好城市与国别")

    def ready(self):
        from apps.audit.actions import registry

        from . import permissions  # noqa: F401  (registers the partners object rules)
        from .actions import PartnersAction

        registry.register(PartnersAction)

        from apps.casework.reminders import register_reminders

        from .services import ANNIVERSARY_KINDS, anniversary_reminders_due

        register_reminders("partners", anniversary_reminders_due, kinds=ANNIVERSARY_KINDS)
