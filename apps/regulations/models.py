"""Rule packs (versioned rule settings with their citations) and the expense-standards table.

The check itself lives in :mod:`apps.regulations.engine` and runs on plain data; these models are
where an administrator keeps the numbers. A case records the pack version it was checked against.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class RulePack(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ACTIVE = "active", _("生效")
        RETIRED = "retired", _("已停用")

    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activated_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("启用人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("规则包")
        verbose_name_plural = _("规则包")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="regulations_one_active_pack"
            ),
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="draft"), name="regulations_one_draft_pack"
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class RuleSetting(models.Model):
    class Severity(models.TextChoices):
        BLOCKING = "blocking", _("阻断")
        WARNING = "warning", _("提醒")

    pack = models.ForeignKey(
        RulePack, verbose_name=_("规则包"), on_delete=models.CASCADE, related_name="rules"
    )
    rule_id = models.CharField(_("规则编号"), max_length=60)
    order = models.PositiveIntegerField(_("排序"), default=0)
    enabled = models.BooleanField(_("启用"), default=True)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices, default=Severity.BLOCKING)
    params = models.JSONField(_("参数"), null=True, blank=True, help_text=_("JSON；为空表示未配置。"))
    title_zh = models.CharField(_("名称（中文）"), max_length=100, blank=True)
    title_en = models.CharField(_("名称（英文）"), max_length=100, blank=True)
    message_zh = models.TextField(_("提示（中文）"), blank=True)
    message_en = models.TextField(_("提示（英文）"), blank=True)
    citation = models.TextField(_("依据"), blank=True)
    notes = models.TextField(
        _("来源说明"),
        blank=True,
        help_text=_(
            "来源与核实情况（二手来源、未取得的数值、参数示例等），仅管理员编辑规则时可见，不向用户显示。"
        ),
    )
    # Edit token for optimistic concurrency (apps.core.concurrency).
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("规则设置")
        verbose_name_plural = _("规则设置")
        ordering = ["pack", "order", "rule_id"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "rule_id"], name="regulations_rule_once_per_pack")
        ]

    def __str__(self):
        return f"{self.rule_id} (v{self.pack.version})"

    @property
    def not_configured(self) -> bool:
        from .engine import PARAMLESS_RULES

        return self.params is None and self.rule_id not in PARAMLESS_RULES


class ExpenseStandard(TimeStampedModel):
    """One row of the 财行〔2013〕516号 table: country → city group → currency → lodging/meals/incidentals."""

    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    city_group = models.CharField(
        _("城市组"), max_length=200, help_text=_("例如“首尔、釜山、济州”；“其他”或“全境”表示其余城市。")
    )
    cities = models.JSONField(_("城市"), default=list, blank=True, help_text=_("空表示该国其余所有城市。"))
    currency = models.CharField(_("币种"), max_length=3)
    lodging = models.DecimalField(_("住宿费限额（每人每晚）"), max_digits=12, decimal_places=2)
    meals = models.DecimalField(_("伙食费（每人每天）"), max_digits=12, decimal_places=2)
    incidentals = models.DecimalField(_("公杂费（每人每天）"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("生效日期"))
    citation = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("出国开支标准")
        verbose_name_plural = _("出国开支标准")
        ordering = ["country__sort_key", "-valid_from", "city_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "city_group", "valid_from"], name="regulations_standard_unique"
            )
        ]

    @property
    def lodging_outdated(self) -> bool:
        """Whether this row's lodging cap predates the current lodging standard (财行〔2017〕434号)."""
        import datetime

        from .engine import LODGING_CURRENT_FROM

        return self.valid_from < datetime.date.fromisoformat(LODGING_CURRENT_FROM)

    def __str__(self):
        return f"{self.country_id} {self.city_group} {self.valid_from}"


class CheckStamp(models.Model):
    """A single row whose token changes with every change of packs or standards: the in-process cache
    of the active pack is keyed by it, so every process sees a change at its next check."""

    token = models.CharField(max_length=36, default="initial")

    class Meta:
        verbose_name = _("规则缓存标记")
        verbose_name_plural = _("规则缓存标记")

    def __str__(self):
        return self.token

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=1).update(token=str(uuid.uuid4()))
        if not updated:
            cls.objects.update_or_create(pk=1, defaults={"token": str(uuid.uuid4())})
