from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "apps.visits"
    verbose_name = _("来访接待")

    def ready(self):
        from apps.audit.actions import registry

        from . import permissions  # noqa: F401  (registers the visits.* rules)
        from .actions import VisitAction

        registry.register(VisitAction)

        from apps.casework.reminders import register_reminders

        from .services import GIFT_REMINDER_KINDS, gift_reminders_due

        register_reminders("visits", gift_reminders_due, kinds=GIFT_REMINDER_KINDS)
