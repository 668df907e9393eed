"""An Excel export of a list: who asked for which list with which filters, its progress and its file.

Files are stored under ``MEDIA_ROOT/exports/`` (outside the web root) and are served only to their owner by
``apps.exports.views.download``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("列表"), max_length=60)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    params = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    total = models.PositiveIntegerField(_("预计行数"), default=0)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", max_length=300, blank=True)
    background = models.BooleanField(_("后台生成"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Last sign of life of the build (progress); a running job silent for long lost its worker.
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        # 我的导出: the user's own jobs, newest first
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="exports_user_created_idx")]

    def __str__(self):
        return f"{self.title or self.kind} #{self.pk}"

    @property
    def params_display(self) -> dict:
        """The filters as the page and the audit show them: identifiers masked (apps.core.crypto)."""
        from apps.core.crypto import mask_filters

        return mask_filters(self.params, user=self.user)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def status_css(self) -> str:
        return {"queued": "secondary", "running": "primary", "done": "success", "failed": "danger"}.get(
            self.status, "secondary"
        )

    @property
    def filename(self) -> str:
        from django.utils import timezone

        # the office's local time (Asia/Shanghai), as the user's clock shows it
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M") if self.created_at else ""
        return f"{self.title or self.kind}-{stamp}.xlsx"
