from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "apps.people"
    verbose_name = _("人员信息")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
