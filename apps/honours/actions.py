"""Audit actions of honorary title nominations (values ``honours.<verb>``)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class HonourAction(models.TextChoices):
    HONOURS_CREATE = "honours.create", pgettext_lazy("audit action", "新建荣誉称号推荐")
    HONOURS_UPDATE = "honours.update", pgettext_lazy("audit action", "修改荣誉称号推荐")
    HONOURS_OPINION = "honours.opinion", pgettext_lazy("audit action", "登记评审小组成员意见")
