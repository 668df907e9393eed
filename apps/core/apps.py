from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("核心")

    def ready(self):
        from django.db.models.signals import pre_save

        from .dates import check_dates

        # No model stores a date outside the years casework can hold (apps.core.dates).
        pre_save.connect(check_dates, dispatch_uid="waiban-check-dates")
