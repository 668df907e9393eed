"""Issued official documents (公文), their number sequences and their rendered files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentCounter(models.Model):
    """The last 发文字号 sequence number given per prefix and year (one row, incremented atomically)."""

    prefix = models.CharField(_("发文字号前缀"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("最后序号"), default=0)

    class Meta:
        verbose_name = _("发文字号计数器")
        verbose_name_plural = _("发文字号计数器")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="documents_counter_unique")]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.last}"


class Document(models.Model):
    """One version of an issued document. A re-issue is a new row (version + 1, same number); rows are
    never changed or deleted once issued, so what was sent can always be shown again as it was."""

    kind = models.CharField(_("公文种类"), max_length=50, db_index=True)
    title = models.CharField(_("标题"), max_length=300)
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    # A record that is not a case (a restricted incident): its type and id. Such documents are read only
    # through their own app's scoped pages, never through the case-scoped pages of this app.
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("对象类型"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    target_id = models.CharField(_("对象"), max_length=40, blank=True)
    prefix = models.CharField(_("发文字号前缀"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("发文字号"), max_length=60, db_index=True)
    number_en = models.CharField(_("发文字号（英文）"), max_length=100, blank=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    template = models.CharField(_("模板"), max_length=200)
    # Everything the template shows, frozen at issue (plain JSON: strings, numbers, lists, {"zh","en"}).
    context = models.JSONField(_("内容"), default=dict)
    signed_by = models.CharField(_("签发人"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("印发人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("印发时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="documents_version_unique"),
            models.UniqueConstraint(
                fields=["target_type", "target_id", "kind", "version"],
                condition=models.Q(case__isnull=True),
                name="documents_target_version_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(target_type__isnull=False),
                name="documents_case_or_target",
            ),
            models.UniqueConstraint(
                fields=["prefix", "year", "seq", "version"], name="documents_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.number} v{self.version}" if self.version > 1 else self.number

    @property
    def subject(self):
        """What the document was issued for: the case (as its case type) or the other record."""
        if self.case_id:
            return self.case.as_concrete()
        return self.target_type.get_object_for_this_type(pk=self.target_id)


class RenderedFile(models.Model):
    """The PDF of one document version in one language, kept once rendered (the cache's backing store)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(max_length=10)
    renderer = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公文文件")
        verbose_name_plural = _("公文文件")
        constraints = [
            models.UniqueConstraint(fields=["document", "language", "renderer"], name="documents_file_unique")
        ]

    def __str__(self):
        return f"{self.document} ({self.language})"
