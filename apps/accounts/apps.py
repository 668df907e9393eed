from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("用户与权限")

    def ready(self):
        from . import passwords, permissions, sessions, signals  # noqa: F401  (permissions: rules.add_perm)

        signals.connect()
        sessions.connect()  # after signals: the single-session rule needs this sign-in's row
        passwords.connect()
