"""Audit actions of international conference requests (values ``conferences.<verb>``)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ConferenceAction(models.TextChoices):
    CONFERENCES_CREATE = "conferences.create", pgettext_lazy("audit action", "新建国际会议申请")
    CONFERENCES_UPDATE = "conferences.update", pgettext_lazy("audit action", "修改国际会议申请")
