from django.db import models
from django.utils.translation import pgettext_lazy


class JournalistAction(models.TextChoices):
    JOURNALISTS_CREATE = "journalists.create", pgettext_lazy("audit action", "登记外国记者")
