from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "apps.honours"
    verbose_name = _("外国人荣誉称号")

    def ready(self):
        from apps.audit.actions import registry

        from . import exports, permissions  # noqa: F401  (registers the Excel export)
        from .actions import HonourAction

        registry.register(HonourAction)

        from apps.casework.reminders import register_reminders

        from .reminders import KINDS, due_reminders

        register_reminders("honours", due_reminders, kinds=KINDS)
