"""Audit actions of the foreign journalists' register (values ``journalists.<verb>``)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class JournalistAction(models.TextChoices):
    JOURNALISTS_CREATE = "journalists.create", pgettext_lazy("audit action", "登记外国记者")
    JOURNALISTS_UPDATE = "journalists.update", pgettext_lazy("audit action", "修改外国记者登记")
    JOURNALISTS_BUREAU_CREATE = (
        "journalists.bureau_create",
        pgettext_lazy("audit action", "登记外国常驻新闻机构"),
    )
    JOURNALISTS_BUREAU_UPDATE = (
        "journalists.bureau_update",
        pgettext_lazy("audit action", "修改外国常驻新闻机构"),
    )
    JOURNALISTS_CHANGE_REPORT = (
        "journalists.change_report",
        pgettext_lazy("audit action", "登记新闻机构变更报告"),
    )
    JOURNALISTS_INTERVIEW_CREATE = (
        "journalists.interview_create",
        pgettext_lazy("audit action", "新建外国记者采访申请"),
    )
    JOURNALISTS_INTERVIEW_UPDATE = (
        "journalists.interview_update",
        pgettext_lazy("audit action", "修改外国记者采访申请"),
    )
