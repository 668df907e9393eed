from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    name = "apps.trips"
    verbose_name = _("因公出国（境）")

    def ready(self):
        # Labels of the trip's own transitions for the engine's timeline and notifications.
        from apps.casework import services

        from . import permissions  # noqa: F401  (registers trips.view_reports, trips.configure_tiers)
        from .models import TIMELINE_LABELS, TRANSITION_LABELS

        services.TRANSITION_LABELS.update(TRANSITION_LABELS)
        services.TIMELINE_LABELS.update(TIMELINE_LABELS)
