"""外国记者: the register of foreign news bureaus and journalists covering the city, their deadlines
under State Council Order 537 (:mod:`.deadlines`), and interview requests as a case type.

The register (``Bureau``, ``Journalist``, ``ChangeReport``) belongs to the foreign-related affairs
division (涉外管理处): its rows carry the division and are read through the one data scope. An
``InterviewRequest`` is a case: a unit approached by a foreign journalist files it with the
interviewee's consent (art. 17) and the division gives its opinion.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState
from apps.casework.workflow import case_transition, extend_transition
from apps.core.models import ArchivableModel, TimeStampedModel

S = CaseState


class BureauStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    CLOSING = "closing", _("已告知终止")
    CLOSED = "closed", _("已终止")


class Bureau(ArchivableModel, TimeStampedModel):
    name = models.CharField(_("机构名称"), max_length=200)
    name_en = models.CharField(_("外文名称"), max_length=200)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("所属国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("办公地址"), max_length=300)
    chief_name = models.CharField(_("首席记者"), max_length=100, blank=True)
    opened_on = models.DateField(_("设立日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=BureauStatus.choices, default=BureauStatus.ACTIVE
    )
    closure_notified_on = models.DateField(_("告知终止日期"), null=True, blank=True)
    closure_on = models.DateField(_("终止业务日期"), null=True, blank=True)
    cards_cancelled_on = models.DateField(_("记者证注销日期"), null=True, blank=True)
    last_correspondent_left_on = models.DateField(
        _("最后一名常驻记者离任日期"),
        null=True,
        blank=True,
        help_text=_("无常驻记者时填写，用于“连续 10 个月”规则。"),
    )
    division = models.ForeignKey(
        "org.Division", verbose_name=_("主管处室"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("外国常驻新闻机构")
        verbose_name_plural = _("外国常驻新闻机构")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class JournalistKind(models.TextChoices):
    RESIDENT = "resident", _("常驻记者")
    SHORT_TERM = "short_term", _("短期采访记者")


class VisaKind(models.TextChoices):
    J1 = "J1", _("J1 字签证（常驻记者）")
    J2 = "J2", _("J2 字签证（短期采访）")


class Journalist(ArchivableModel, TimeStampedModel):
    name = models.CharField(_("姓名（护照）"), max_length=100)
    name_zh = models.CharField(_("中文姓名"), max_length=50, blank=True)
    nationality = models.ForeignKey(
        "reference.Country", verbose_name=_("国籍"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=JournalistKind.choices)
    visa_kind = models.CharField(_("签证种类"), max_length=2, choices=VisaKind.choices)
    media = models.CharField(_("所属媒体"), max_length=200)
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("常驻新闻机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journalists",
    )
    arrival_date = models.DateField(_("抵达日期"))
    departure_date = models.DateField(_("离境日期"), null=True, blank=True)
    press_card_number = models.CharField(_("记者证号"), max_length=50, blank=True)
    press_card_collected_on = models.DateField(_("领取记者证日期"), null=True, blank=True)
    card_cancelled_on = models.DateField(_("记者证注销日期"), null=True, blank=True)
    days_in_china_year = models.PositiveSmallIntegerField(_("统计年度"), null=True, blank=True)
    days_in_china = models.PositiveSmallIntegerField(_("该年度在华天数"), null=True, blank=True)
    division = models.ForeignKey(
        "org.Division", verbose_name=_("主管处室"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("外国记者")
        verbose_name_plural = _("外国记者")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["arrival_date"], name="journalists_arrival_idx")]

    def __str__(self):
        return f"{self.name}（{self.media}）"


class ChangeKind(models.TextChoices):
    CHIEF = "chief", _("变更首席记者")
    ADDRESS = "address", _("变更办公地址")


class ChangeReport(TimeStampedModel):
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("常驻新闻机构"), on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(_("变更事项"), max_length=20, choices=ChangeKind.choices)
    changed_on = models.DateField(_("变更日期"))
    reported_on = models.DateField(_("报告日期"))
    detail = models.CharField(_("变更内容"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("新闻机构变更报告")
        verbose_name_plural = _("新闻机构变更报告")
        ordering = ["-changed_on", "-id"]


class InterviewRequest(Case):
    journalist_name = models.CharField(_("记者姓名"), max_length=100)
    media = models.CharField(_("所属媒体"), max_length=200)
    nationality = models.ForeignKey(
        "reference.Country", verbose_name=_("国籍"), on_delete=models.PROTECT, related_name="+"
    )
    visa_kind = models.CharField(_("签证种类"), max_length=2, choices=VisaKind.choices)
    # linked by the division to its register (units do not read the register)
    journalist = models.ForeignKey(
        Journalist,
        verbose_name=_("登记的记者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    interviewee = models.CharField(_("被采访单位或个人"), max_length=200)
    topic = models.CharField(_("采访事项"), max_length=300)
    planned_date = models.DateField(_("拟采访日期"))
    place = models.CharField(_("采访地点"), max_length=200, blank=True)
    units_involved = models.ManyToManyField(
        "org.Unit", verbose_name=_("涉及单位"), blank=True, related_name="+"
    )
    consent_given = models.BooleanField(_("被采访方已同意"), default=False)
    consent_on = models.DateField(_("同意日期"), null=True, blank=True)
    consent_note = models.CharField(_("同意方式及说明"), max_length=300, blank=True)
    outcome = models.TextField(_("采访情况"), blank=True)

    class Meta:
        verbose_name = _("外国记者采访申请")
        verbose_name_plural = _("外国记者采访申请")

    submit = extend_transition(
        Case.submit, validate=["apps.journalists.services.validate_interview_submission"]
    )

    @case_transition(
        source=S.IN_REVIEW,
        target=S.APPROVED,
        permission=p.can_review,
        label=_("同意安排采访"),
        timeline_label=_("同意安排采访"),
        validate=["apps.journalists.services.validate_interview_submission"],
        notify=["applicant"],
    )
    def agree(self, *, by=None, **kwargs):
        self.decided_at = timezone.now()

    @case_transition(
        source=S.APPROVED,
        target=S.CLOSED,
        permission=p.can_apply,
        label=_("登记采访情况"),
        comment_required=True,
        missing_comment=_("请填写采访情况。"),
        timeline_label=_("采访情况已登记，办结"),
        notify=["division"],
    )
    def record_outcome(self, *, by=None, comment="", **kwargs):
        self.outcome = comment
        self.closed_at = timezone.now()
