from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("核心")

    def ready(self):
        from django.core.signals import setting_changed

        from apps.core.crypto import reset_field_keys

        setting_changed.connect(reset_field_keys, dispatch_uid="core.reset_field_keys")
