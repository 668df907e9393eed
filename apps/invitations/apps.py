from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "apps.invitations"
    verbose_name = _("邀请外国人来华")

    def ready(self):
        from apps.audit.actions import registry

        from . import permissions  # noqa: F401  (registers the object rules)
        from .actions import InvitationAction

        registry.register(InvitationAction)
