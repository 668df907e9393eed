"""国际会议审批: a request to hold an international conference in the city (domain.md §7).

A case type on the casework engine (``class Conference(Case)``): the organiser's unit files it, the
foreign-related affairs division (涉外管理处) reviews it with the live checks of :mod:`.checks`, forwards
it to the approving level (province or State Council) with the forwarding letter's number, records the
reply, and the organiser files a summary with the real participant numbers after the meeting.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState
from apps.casework.workflow import case_transition, extend_transition

S = CaseState


class Kind(models.TextChoices):
    GENERAL = "general", _("一般性国际会议")
    SCIENCE = "science", _("科技类国际会议")


class Level(models.TextChoices):
    PROVINCE = "province", _("省级审批")
    STATE_COUNCIL = "state_council", _("报国务院审批")


def summary_closes(case) -> bool:
    """A conference closes with its summary (``file_summary``), not with the engine's plain close."""
    return False


def can_file_summary(case, user) -> bool:
    return p.can_apply(case, user) or p.can_review(case, user)


class Conference(Case):
    name_en = models.CharField(_("英文名称"), max_length=300)
    kind = models.CharField(_("会议类别"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    start_date = models.DateField(_("开始日期（含报到）"))
    end_date = models.DateField(_("结束日期（含离会）"))
    venue = models.CharField(_("举办地点"), max_length=200)
    organiser = models.CharField(_("主办单位"), max_length=200)
    co_organisers = models.CharField(_("协办单位"), max_length=500, blank=True)
    total_participants = models.PositiveIntegerField(_("与会总人数"))
    foreign_participants = models.PositiveIntegerField(_("境外与会人数"))
    countries = models.ManyToManyField(
        "reference.Country", verbose_name=_("境外与会者国家（地区）"), related_name="+", blank=True
    )
    theme = models.TextField(_("会议主题"), blank=True)
    funding = models.CharField(_("经费来源"), max_length=300, blank=True)
    exhibition_area = models.PositiveIntegerField(_("展览面积（平方米）"), null=True, blank=True)
    excursions = models.CharField(_("参观考察安排"), max_length=500, blank=True)
    taiwan_participants = models.PositiveIntegerField(_("台湾地区与会人数"), default=0)
    un_or_major_org = models.BooleanField(_("联合国系统或重要国际组织的会议"), default=False)
    sensitive_topic = models.BooleanField(_("涉及敏感议题"), default=False)
    senior_foreign_guests = models.BooleanField(
        _("外国现任部长级以上官员或前国家元首、政府首脑出席"), default=False
    )
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)

    # set as the case moves on
    approving_level = models.CharField(_("审批层级"), max_length=20, choices=Level.choices, blank=True)
    forwarded_reference = models.CharField(_("报送文号"), max_length=100, blank=True)
    forwarded_on = models.DateField(_("报送日期"), null=True, blank=True)
    approval_reference = models.CharField(_("批复文号"), max_length=100, blank=True)
    actual_total = models.PositiveIntegerField(_("实际与会总人数"), null=True, blank=True)
    actual_foreign = models.PositiveIntegerField(_("实际境外与会人数"), null=True, blank=True)
    actual_countries = models.PositiveIntegerField(_("实际境外国家（地区）数"), null=True, blank=True)
    summary = models.TextField(_("会后总结"), blank=True)

    class Meta:
        verbose_name = _("国际会议申请")
        verbose_name_plural = _("国际会议申请")
        indexes = [models.Index(fields=["start_date"], name="conferences_start_idx")]

    def __str__(self):
        return self.title

    submit = extend_transition(
        Case.submit,
        validate=["apps.conferences.services.validate_submission"],
        follow_up=["apps.conferences.services.decide_level"],
    )

    close = extend_transition(Case.close, conditions=[summary_closes])

    @case_transition(
        source=S.IN_REVIEW,
        target=S.PENDING_APPROVAL,
        permission=p.can_review,
        label=_("报送审批机关"),
        timeline_label=_("已报送审批机关"),
        follow_up=["apps.conferences.documents.issue_forwarding_letter"],
        notify=["applicant"],
    )
    def forward_to_approver(self, *, by=None, **kwargs):
        # the 报送文号 is the number of the 转报 issued now (apps.conferences.documents)
        self.forwarded_on = timezone.localdate()

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.APPROVED,
        permission=p.can_review,
        label=_("登记批准批复"),
        timeline_label=_("审批机关已批准"),
        validate=["apps.conferences.services.require_approval_reference"],
        notify=["applicant"],
    )
    def record_approval(self, *, by=None, reference="", **kwargs):
        self.approval_reference = reference
        self.decided_at = timezone.now()

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.REJECTED,
        permission=p.can_review,
        label=_("登记不予批准"),
        comment_required=True,
        missing_comment=_("请填写审批机关不予批准的理由。"),
        timeline_label=_("审批机关不予批准"),
        notify=["applicant"],
    )
    def record_refusal(self, *, by=None, **kwargs):
        self.decided_at = timezone.now()

    @case_transition(
        source=S.APPROVED,
        target=S.CLOSED,
        permission=can_file_summary,
        label=_("提交会后总结"),
        timeline_label=_("会后总结已提交，办结"),
        validate=["apps.conferences.services.check_summary"],
        notify=["division"],
    )
    def file_summary(
        self, *, by=None, actual_total=None, actual_foreign=None, actual_countries=None, summary="", **kwargs
    ):
        self.actual_total = actual_total
        self.actual_foreign = actual_foreign
        self.actual_countries = actual_countries
        self.summary = summary
        self.closed_at = timezone.now()
