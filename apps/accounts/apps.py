from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("用户与权限")

    def ready(self):
        from . import permissions, signals  # noqa: F401  (permissions: its rules.add_perm calls)

        signals.connect()
