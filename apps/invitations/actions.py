"""The audit actions of invitations (邀请外国人来华) besides the case transitions, which the casework engine
records as ``casework.<transition>`` under the transition's own label."""

from django.db import models
from django.utils.translation import pgettext_lazy


class InvitationAction(models.TextChoices):
    INVITATIONS_REGISTRATION_SUBMIT = (
        "invitations.registration_submit",
        pgettext_lazy("audit action", "提交邀请单位备案"),
    )
    INVITATIONS_REGISTRATION_UPDATE = (
        "invitations.registration_update",
        pgettext_lazy("audit action", "修改邀请单位备案"),
    )
    INVITATIONS_REGISTRATION_REVIEW = (
        "invitations.registration_review",
        pgettext_lazy("audit action", "审核邀请单位备案"),
    )
    INVITATIONS_CREATE = "invitations.create", pgettext_lazy("audit action", "新建邀请申请")
    INVITATIONS_UPDATE = "invitations.update", pgettext_lazy("audit action", "修改邀请申请")
    INVITATIONS_CLOSE_OUT = "invitations.close_out", pgettext_lazy("audit action", "登记邀请销档情况")
    INVITATIONS_FOREIGNER_CREATE = (
        "invitations.foreigner_create",
        pgettext_lazy("audit action", "登记外国人名录"),
    )
    INVITATIONS_REMINDER = "invitations.reminder", pgettext_lazy("audit action", "发送销档提醒")
