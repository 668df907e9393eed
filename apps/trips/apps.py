from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    name = "apps.trips"
    verbose_name = _("因公出国（境）")

    def ready(self):
        # The recipient groups the trip's transitions and reminders name besides the engine's.
        from apps.casework.recipients import register_recipients

        from . import permissions  # noqa: F401  (registers trips.view_reports, trips.configure_tiers)
        from .selectors import division_heads, passport_custodians, travellers, unit_signatories

        register_recipients("travellers", travellers)
        register_recipients("custody", passport_custodians)
        register_recipients("division_heads", division_heads)
        register_recipients("unit_signatories", unit_signatories)

        from apps.casework.reminders import register_reminders

        from .tasks import ReminderKind, due_reminders

        register_reminders("trips", due_reminders, kinds=dict(ReminderKind.choices))

        from .models import ApprovalRoute
        from .selectors import ROUTES

        ROUTES.watch(ApprovalRoute)
