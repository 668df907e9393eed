from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "apps.exports"
    verbose_name = _("导出")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app registers its exporters in ``<app>/exporters.py`` or ``<app>/reports.py``.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exporters")
        autodiscover_modules("reports")
