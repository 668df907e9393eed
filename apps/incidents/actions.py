"""Audit actions of foreign-related incidents and consular cases (values ``incidents.<verb>``)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class IncidentAction(models.TextChoices):
    INCIDENTS_CREATE = "incidents.create", pgettext_lazy("audit action", "登记涉外案（事）件")
    INCIDENTS_UPDATE = "incidents.update", pgettext_lazy("audit action", "修改涉外案（事）件")
    INCIDENTS_ENTRY = "incidents.entry", pgettext_lazy("audit action", "记录涉外案件处置情况")
    INCIDENTS_TASK = "incidents.task", pgettext_lazy("audit action", "交办涉外案件任务")
    INCIDENTS_TASK_DONE = "incidents.task_done", pgettext_lazy("audit action", "反馈涉外案件任务")
    INCIDENTS_MEMBER = "incidents.member", pgettext_lazy("audit action", "增加涉外案件知悉人员")
    INCIDENTS_CLOSE = "incidents.close", pgettext_lazy("audit action", "涉外案件结案")
    INCIDENTS_VIEW = "incidents.view", pgettext_lazy("audit action", "查看涉外案（事）件")
    INCIDENTS_VIEW_REFUSED = "incidents.view_refused", pgettext_lazy("audit action", "查看涉外案件被拒绝")
