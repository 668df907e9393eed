from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The menu's labels of this app (apps/web/navigation.py), here so that this app's catalogue translates them.
NAV_LABELS = (
    _("来华邀请"),
    _("邀请外国人来华"),
    _("新建邀请申请"),
    _("邀请单位备案"),
    _("邀请函和外国人邀请核实单的申请、审核、出具与销档"),
    _("填写被邀请人和来华行程，实时检查是否符合规定"),
    _("单位开户备案及其审核"),
)


class InvitationsConfig(AppConfig):
    name = "apps.invitations"
    verbose_name = _("邀请外国人来华")

    def ready(self):
        from apps.audit.actions import registry

        from . import permissions  # noqa: F401  (registers the object rules)
        from .actions import InvitationAction

        registry.register(InvitationAction)

        from apps.casework.reminders import register_reminders

        from .tasks import KINDS, due_reminders

        register_reminders("invitations", due_reminders, kinds=KINDS)
