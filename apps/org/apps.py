from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "apps.org"
    verbose_name = _("组织机构")

    def ready(self):
        from . import permissions  # noqa: F401  (registers org.read)
