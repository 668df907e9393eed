from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "apps.org"
    verbose_name = _("组织机构")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import permissions  # noqa: F401  (registers org.read)
        from .models import Office
        from .selectors import office_cache_clear

        post_save.connect(office_cache_clear, sender=Office, dispatch_uid="org.office_cache_clear.save")
        post_delete.connect(office_cache_clear, sender=Office, dispatch_uid="org.office_cache_clear.delete")
