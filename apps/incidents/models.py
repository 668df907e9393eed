"""涉外案（事）件与领事保护: a restricted case type of its own.

Two directions in one model: foreigners in the city (detention, accident, death, dispute: notify their
mission within the treaty deadline, consular visits, the checklist for a death) and the city's citizens
and companies abroad (the MFA's advisory level, the family, the consulate contacted, assistance given).

Why not a ``casework.Case``: a case needs an applicant unit and the engine's pages, inbox and lists show
cases to everyone whose data scope reaches them (scope "all" included). An incident is restricted — only
its circle may see it: its handling division, the units tasked and the people added (``members``) — so
it is read only through the restricted realm of the one scope rule (``apps.accounts.scope.RESTRICTED``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import ArchivableModel, TimeStampedModel


class Direction(models.TextChoices):
    INBOUND = "inbound", _("在本市的外国人")
    OUTBOUND = "outbound", _("本市公民和企业在境外")


class Kind(models.TextChoices):
    DETENTION = "detention", _("拘留、逮捕")
    ACCIDENT = "accident", _("事故伤亡")
    DEATH = "death", _("死亡")
    DISPUTE = "dispute", _("纠纷")
    SAFETY = "safety", _("安全事件（境外）")
    MISSING = "missing", _("失踪、失联")
    OTHER = "other", _("其他")


class Severity(models.TextChoices):
    GENERAL = "general", _("一般（IV级）")
    MAJOR = "major", _("较大（III级）")
    SERIOUS = "serious", _("重大（II级）")
    CRITICAL = "critical", _("特别重大（I级）")


class Advisory(models.TextChoices):
    NONE = "", _("无")
    ATTENTION = "attention", _("提醒注意安全")
    CAUTION = "caution", _("提醒谨慎前往")
    AVOID = "avoid", _("提醒暂勿前往")


class State(models.TextChoices):
    OPEN = "open", _("处置中")
    CLOSED = "closed", _("已结案")


class TreatyDeadline(TimeStampedModel):
    """Days to notify a foreigner's mission after a detention, per country (bilateral consular treaties)."""

    country = models.OneToOneField(
        "reference.Country", verbose_name=_("国家"), on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("通知时限（日）"))
    basis = models.CharField(_("依据"), max_length=300)

    class Meta:
        verbose_name = _("领事通知时限")
        verbose_name_plural = _("领事通知时限")
        ordering = ["country__sort_key"]

    def __str__(self):
        return f"{self.country}：{self.days}"


class IncidentCounter(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Incident(ArchivableModel, TimeStampedModel):
    reference = models.CharField(_("编号"), max_length=40, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    direction = models.CharField(_("类别"), max_length=20, choices=Direction.choices)
    kind = models.CharField(_("性质"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("等级"), max_length=20, choices=Severity.choices, default=Severity.GENERAL)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    occurred_on = models.DateField(_("发生日期"))
    place = models.CharField(_("发生地点"), max_length=200)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国籍或所在国"), on_delete=models.PROTECT, related_name="+"
    )
    persons = models.CharField(
        _("当事人"), max_length=500, help_text=_("姓名、国籍、证件类别，多人用分号分隔。")
    )
    summary = models.TextField(_("基本情况"))
    # foreigners in the city
    detained_on = models.DateField(_("拘留（逮捕）日期"), null=True, blank=True)
    mission_notified_on = models.DateField(_("通知使领馆日期"), null=True, blank=True)
    consular_visit_on = models.DateField(_("领事探视日期"), null=True, blank=True)
    checklist = models.JSONField(_("死亡处理清单"), default=dict, blank=True)
    # citizens and companies abroad
    advisory = models.CharField(_("外交部安全提醒"), max_length=20, choices=Advisory.choices, blank=True)
    family_contacted = models.BooleanField(_("已联系家属"), default=False)
    consulate_contacted = models.CharField(_("已联系的驻外使领馆"), max_length=200, blank=True)
    assistance = models.TextField(_("提供的协助"), blank=True)

    division = models.ForeignKey(
        "org.Division", verbose_name=_("承办处室"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Member",
        verbose_name=_("知悉人员"),
        related_name="incidents",
        through_fields=("incident", "user"),
    )
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closing_summary = models.TextField(_("结案报告"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("涉外案（事）件")
        verbose_name_plural = _("涉外案（事）件")
        indexes = [models.Index(fields=["division", "state"], name="incidents_div_state_idx")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def high_severity(self) -> bool:
        from .conf import LEADER_SEVERITIES

        return self.severity in LEADER_SEVERITIES.value


class Member(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("知悉理由"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("知悉人员")
        verbose_name_plural = _("知悉人员")
        constraints = [models.UniqueConstraint(fields=["incident", "user"], name="incidents_member_unique")]

    def __str__(self):
        return str(self.user)


class Task(TimeStampedModel):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="tasks")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("任务"), max_length=300)
    due_date = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_note = models.CharField(_("完成情况"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("交办任务")
        verbose_name_plural = _("交办任务")
        ordering = ["due_date", "id"]


class EntryKind(models.TextChoices):
    ACTION = "action", _("处置情况")
    NOTIFICATION = "notification", _("通报和通知")
    VISIT = "visit", _("领事探视")
    TASK = "task", _("任务")
    CIRCLE = "circle", _("知悉范围")
    STATE = "state", _("状态")


class Entry(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="entries")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("处置记录")
        verbose_name_plural = _("处置记录")
        ordering = ["at", "id"]

    def __str__(self):
        return self.text[:50]
