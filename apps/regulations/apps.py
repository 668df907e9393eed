from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "apps.regulations"
    verbose_name = _("出访规则")

    def ready(self):
        from . import signals

        signals.connect()
