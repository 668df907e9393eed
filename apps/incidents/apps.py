from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "apps.incidents"
    verbose_name = _("涉外案（事）件与领事保护")

    def ready(self):
        from apps.audit.actions import registry

        from . import exports, permissions  # noqa: F401  (registers the Excel exports)
        from .actions import IncidentAction

        registry.register(IncidentAction)

        from apps.casework.reminders import register_reminders

        from .reminders import KINDS, due_reminders

        register_reminders("incidents", due_reminders, kinds=KINDS)
