"""The audit actions of the documents app, registered with ``apps.audit.actions.registry`` in ``ready()``."""

from django.db import models
from django.utils.translation import pgettext_lazy


class DocumentAction(models.TextChoices):
    DOCUMENTS_ISSUE = "documents.issue", pgettext_lazy("audit action", "印发公文")
    DOCUMENTS_DOWNLOAD = "documents.download", pgettext_lazy("audit action", "下载公文")
