from django.db import models
from django.utils.translation import pgettext_lazy


class IncidentAction(models.TextChoices):
    INCIDENTS_CREATE = "incidents.create", pgettext_lazy("audit action", "登记涉外案（事）件")
