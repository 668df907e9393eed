from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    name = "apps.passports"
    verbose_name = _("证照管理")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
