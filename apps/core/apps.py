from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("核心")

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models.signals import pre_save

        from apps.core.crypto import reset_field_keys

        from .dates import check_dates

        setting_changed.connect(reset_field_keys, dispatch_uid="core.reset_field_keys")
        # No model stores a date outside the years casework can hold (apps.core.dates).
        pre_save.connect(check_dates, dispatch_uid="waiban-check-dates")
