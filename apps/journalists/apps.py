from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalistsConfig(AppConfig):
    name = "apps.journalists"
    verbose_name = _("外国记者")

    def ready(self):
        from apps.audit.actions import registry

        from . import permissions  # noqa: F401
        from .actions import JournalistAction

        registry.register(JournalistAction)
