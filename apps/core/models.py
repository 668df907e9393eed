"""Abstract building blocks shared by every domain app."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class TrackedModel(TimeStampedModel):
    """Created/modified by whom; set by services, never by views."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def delete(self):  # pragma: no cover - guarded on purpose
        raise PermissionError("Records of this kind are archived, never deleted.")


class ArchivableModel(models.Model):
    """Soft delete with a reason: casework and registers are archived, never deleted."""

    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archived_reason = models.CharField(_("归档原因"), max_length=300, blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        raise PermissionError("Records of this kind are archived, never deleted.")
