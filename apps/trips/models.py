"""Official trips abroad and to Hong Kong/Macao (因公临时出国（境）): the flagship case type.

``Trip`` extends the casework ``Case`` (multi-table inheritance): the application runs through the
engine's states (draft → submitted → in review → pending approval → approved …). After approval the
trip has its own stages in a separate protected FSM field ``stage`` — documents → departed → returned →
passports back → report filed → post-trip notice — so the engine's ``state`` keeps its
meaning (the case stays "approved" until it is closed) and every list that filters on it still works.
Every stage transition is a ``django_fsm`` transition declared for the engine
(``apps.casework.workflow.case_transition``: label, comment rule, checks, follow-up work, recipients) and
fired through ``apps.casework.services.transition`` (version check, timeline, audit, notifications); the
engine's transitions a trip changes are declared here with ``extend_transition``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState
from apps.casework.workflow import case_transition, extend_transition, then
from apps.core.models import TimeStampedModel

from . import permissions as tp

S = CaseState


class Stage(models.TextChoices):
    APPLICATION = "application", _("申报审批")
    # The pre-trip notice (出访前公示) is the applying unit's step before it applies (``unit_notice_*``);
    # approval opens the documents stage at once (migration 0008 moved the office's former "approved" and
    # "notice" stages there).
    DOCUMENTS = "documents", _("证照签证办理")
    DEPARTED = "departed", _("已出境")
    RETURNED = "returned", _("已回国")
    PASSPORTS_BACK = "passports_back", _("证照已交回")
    REPORT_FILED = "report_filed", _("已报送出访报告")
    POST_NOTICE = "post_notice", _("出访后公示")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已取消")


ST = Stage
# Stages before departure in which a change request or a cancellation is possible.
BEFORE_DEPARTURE = (ST.DOCUMENTS,)

STAGE_CSS = {
    ST.APPLICATION: "secondary",
    ST.DOCUMENTS: "primary",
    ST.DEPARTED: "warning",
    ST.RETURNED: "info",
    ST.PASSPORTS_BACK: "info",
    ST.REPORT_FILED: "primary",
    ST.POST_NOTICE: "info",
    ST.CLOSED: "dark",
    ST.CANCELLED: "danger",
}


class ApprovalLevel(models.TextChoices):
    OFFICE = "office", _("市外办审批")
    CITY_LEADER = "city_leader", _("市外办审核、市分管领导审批")
    PROVINCE = "province", _("报省审批")
    STATE_COUNCIL = "state_council", _("报中央/国务院审批")


LEVEL_ORDER = {
    ApprovalLevel.OFFICE: 0,
    ApprovalLevel.CITY_LEADER: 1,
    ApprovalLevel.PROVINCE: 2,
    ApprovalLevel.STATE_COUNCIL: 3,
}


class ApprovalTier(TimeStampedModel):
    """审批权限: which level approves a trip whose highest-ranking member has this rank (configurable)."""

    rank = models.CharField(
        _("职级编码"), max_length=60, unique=True, help_text=_("字典“official_rank”中的编码。")
    )
    level = models.CharField(_("审批层级"), max_length=20, choices=ApprovalLevel.choices)
    citation = models.CharField(_("依据"), max_length=300)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("审批权限")
        verbose_name_plural = _("审批权限")
        ordering = ["rank"]

    def __str__(self):
        return f"{self.rank} → {self.get_level_display()}"


class FinalApprover(models.TextChoices):
    OFFICE_LEADER = "office_leader", _("外办领导")
    EXTERNAL = "external", _("外办以外的审批人（登记其批件）")


class ApprovalRoute(TimeStampedModel):
    """审批流程: the steps a trip of one approval level goes through and who gives the final approval
    (data, each row with its citation; an administrator changes it, the code reads it)."""

    level = models.CharField(_("审批层级"), max_length=20, choices=ApprovalLevel.choices, unique=True)
    unit_signature = models.BooleanField(
        _("须经单位签批人签批"), default=True, help_text=_("申报单位签批人签署意见后方可报送外办。")
    )
    division_head_review = models.BooleanField(
        _("须经处长审核"), default=True, help_text=_("承办处室处长审核后方可报外办领导。")
    )
    final_approver = models.CharField(_("最终审批人"), max_length=20, choices=FinalApprover.choices)
    external_approver_label = models.CharField(
        _("外部审批人"), max_length=100, blank=True, help_text=_("例如“市分管领导”“省外办”。")
    )
    citation = models.CharField(_("依据"), max_length=300)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("审批流程")
        verbose_name_plural = _("审批流程")
        ordering = ["level"]

    def __str__(self):
        return self.get_level_display()

    @property
    def external(self) -> bool:
        return self.final_approver == FinalApprover.EXTERNAL


class UnitSignoff(models.TextChoices):
    UNSIGNED = "unsigned", _("待单位签批")
    SIGNED = "signed", _("单位已签批")


# --- conditions of the trip's transitions ---------------------------------------------------------------
def _passports_released(trip) -> bool:
    return all(m.passport_released_at for m in trip.members.all())


def _passports_back(trip) -> bool:
    return all(m.passport_returned_at or not m.passport_released_at for m in trip.members.all())


def _report_complete(trip) -> bool:
    return bool(trip.report_results.strip() and trip.report_schedule.strip())


def _closable(trip) -> bool:
    return not trip.close_blocked_reason()


def _route(trip):
    from .selectors import route_for

    return route_for(trip)


def _head_review_required(trip) -> bool:
    route = _route(trip)
    return bool(route is None or route.division_head_review)


def _no_head_review(trip) -> bool:
    return not _head_review_required(trip)


def _staff_not_yet_reviewed(trip) -> bool:
    return (
        _head_review_required(trip)
        and not trip.steps.filter(is_active=True, kind=ApprovalStep.Kind.STAFF).exists()
    )


def _external_final(trip) -> bool:
    route = _route(trip)
    return bool(route is None or route.external)


def _leader_not_yet_reviewed(trip) -> bool:
    return (
        _external_final(trip)
        and not trip.steps.filter(is_active=True, kind=ApprovalStep.Kind.OFFICE_LEADER).exists()
    )


def _final_approval_ready(trip) -> bool:
    """The office leader approves a trip the route lets the office approve; a trip a higher approver
    decides is issued only once the office leader's review and that approval are on record."""
    if not _external_final(trip):
        return True
    return not _leader_not_yet_reviewed(trip) and bool(
        trip.external_approval_number and trip.external_approval_date and trip.external_approver
    )


class Trip(Case):
    """因公临时出国（境）申请."""

    AUDIT_SENSITIVE_FIELDS = ()

    task = models.TextField(_("出访任务"), blank=True)
    delegation_type = models.CharField(
        _("团组类型"), max_length=40, blank=True, help_text=_("字典“delegation_type”。")
    )
    in_annual_plan = models.BooleanField(_("列入年度出访计划"), default=True)
    plan_reference = models.CharField(_("年度计划编号"), max_length=100, blank=True)
    unplanned_justification = models.TextField(_("计划外出访理由"), blank=True)
    head_of_delegation = models.ForeignKey(
        "people.Person",
        verbose_name=_("团长"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inviter_name = models.CharField(_("邀请单位"), max_length=200, blank=True)
    inviter_country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("邀请单位所在国家（地区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inviter_is_counterpart = models.BooleanField(_("邀请单位为对口单位"), default=False)
    inviter_description = models.TextField(_("邀请单位简介及以往交往情况"), blank=True)
    departure_date = models.DateField(
        _("出境日期"), null=True, blank=True, help_text=_("离开中国国（边）境之日。")
    )
    return_date = models.DateField(
        _("入境日期"), null=True, blank=True, help_text=_("回到中国国（边）境之日。")
    )
    poor_flight_connections = models.BooleanField(_("航班衔接不便（拉美、非洲）"), default=False)
    host_transport = models.BooleanField(
        _("使用租车或对方提供交通"), default=False, help_text=_("公杂费按 40% 计（财行〔2013〕516号）。")
    )
    funding_source = models.CharField(_("经费来源"), max_length=40, blank=True)
    is_hk_macao = models.BooleanField(_("赴港澳"), default=False, editable=False)

    # approval
    approval_level = models.CharField(_("审批层级"), max_length=20, choices=ApprovalLevel.choices, blank=True)
    approval_level_citation = models.CharField(_("审批层级依据"), max_length=300, blank=True)
    external_approval_number = models.CharField(_("上级批件文号"), max_length=100, blank=True)
    external_approval_date = models.DateField(_("上级批准日期"), null=True, blank=True)
    external_approver = models.CharField(
        _("上级审批人"), max_length=100, blank=True, help_text=_("例如“某某副市长”。")
    )

    # the applying unit's own steps before it applies: the notice inside the unit and the signature
    unit_signoff = FSMField(
        _("单位签批"),
        max_length=20,
        choices=UnitSignoff.choices,
        default=UnitSignoff.UNSIGNED,
        protected=True,
    )
    unit_notice_start = models.DateField(_("单位内公示开始"), null=True, blank=True)
    unit_notice_end = models.DateField(_("单位内公示截止"), null=True, blank=True)
    unit_notice_place = models.CharField(_("公示地点"), max_length=200, blank=True)
    unit_notice_content = models.JSONField(_("公示内容"), default=dict, blank=True)
    unit_notice_result = models.TextField(_("公示结果"), blank=True)
    unit_notice_result_at = models.DateTimeField(_("公示结果登记时间"), null=True, blank=True)

    # regulation check
    rule_pack_version = models.PositiveIntegerField(_("检查所用规则包版本"), null=True, blank=True)
    last_check = models.JSONField(_("最近一次检查结果"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    # after approval
    stage = FSMField(
        _("出访阶段"),
        max_length=20,
        choices=Stage.choices,
        default=ST.APPLICATION,
        protected=True,
    )
    actual_departure_date = models.DateField(_("实际出境日期"), null=True, blank=True)
    actual_return_date = models.DateField(_("实际入境日期"), null=True, blank=True)
    passports_due = models.DateField(_("证照应交回日期"), null=True, blank=True)
    report_due = models.DateField(_("出访报告应交日期"), null=True, blank=True)
    report_filed_at = models.DateTimeField(_("出访报告报送时间"), null=True, blank=True)
    report_schedule = models.TextField(_("实际日程"), blank=True)
    report_results = models.TextField(_("出访成果"), blank=True)
    report_actual_cost = models.DecimalField(
        _("实际费用（人民币元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    report_cost_notes = models.TextField(_("经费使用说明（超支、对方负担、境外收入等）"), blank=True)
    report_follow_up = models.TextField(_("后续工作"), blank=True)
    post_notice_start = models.DateField(_("出访后公示开始"), null=True, blank=True)
    post_notice_end = models.DateField(_("出访后公示截止"), null=True, blank=True)
    post_notice_content = models.JSONField(_("出访后公示内容"), default=dict, blank=True)
    post_notice_result = models.TextField(_("出访后公示结果"), blank=True)
    post_notice_result_at = models.DateTimeField(_("出访后公示结果登记时间"), null=True, blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)
    change_count = models.PositiveSmallIntegerField(_("变更次数"), default=0)

    class Meta:
        verbose_name = _("因公出国（境）申请")
        verbose_name_plural = _("因公出国（境）申请")
        # The trip list (apps.trips.reports): its default sort "-departure" (出境日期, then id — the
        # join makes casework_case.id and case_ptr_id the same key), its month/year filters (a date
        # range) and the statistics' year; the stage filter with that sort, and the stage sort (both
        # lead with stage, so stage needs no index of its own); the overdue-report list.
        # The list's unit/state/reference/title/created columns live on casework_case (casework's
        # indexes).
        indexes = [
            models.Index(fields=["departure_date", "case_ptr"], name="trips_departure_idx"),
            models.Index(fields=["stage", "departure_date", "case_ptr"], name="trips_stage_departure_idx"),
            models.Index(fields=["stage", "case_ptr"], name="trips_stage_idx"),  # the "stage" column sort
            models.Index(
                fields=["report_due", "case_ptr"],
                condition=models.Q(report_filed_at__isnull=True),
                name="trips_report_due_open_idx",
            ),
        ]

    # --- derived ----------------------------------------------------------------------------------
    @property
    def days_abroad(self) -> int | None:
        if self.departure_date and self.return_date:
            return (self.return_date - self.departure_date).days + 1
        return None

    @property
    def stage_css(self) -> str:
        return STAGE_CSS.get(self.stage, "secondary")

    def destinations(self):
        return [leg for leg in self.legs.all() if not leg.transit]

    def countries_label(self) -> str:
        seen, names = set(), []
        for leg in self.destinations():
            if leg.country_id not in seen:
                seen.add(leg.country_id)
                names.append(str(leg.country))
        return "、".join(names)

    def open_objections(self):
        return self.objections.filter(resolved_at__isnull=True)

    @property
    def unit_notice_running(self) -> bool:
        """The unit's pre-trip notice is up today (published, its period not over)."""
        today = timezone.localdate()
        return bool(
            self.unit_notice_start
            and self.unit_notice_start <= today
            and self.unit_notice_end
            and today <= self.unit_notice_end
        )

    @property
    def public_notice_kind(self) -> str:
        """Which notice a public or intranet reader sees now: "pre" (the unit's) or "post"."""
        return "post" if self.stage == ST.POST_NOTICE else "pre"

    # --- the chain and the notices --------------------------------------------------------------------
    @property
    def unit_notice_over(self) -> bool:
        return bool(self.unit_notice_end and timezone.localdate() > self.unit_notice_end)

    @property
    def unit_notice_done(self) -> bool:
        return bool(self.unit_notice_start and self.unit_notice_result and self.unit_notice_result_at)

    @property
    def post_notice_over(self) -> bool:
        return bool(self.post_notice_end and timezone.localdate() > self.post_notice_end)

    @property
    def post_notice_due(self) -> datetime.date | None:
        """The post-trip notice is published within ``POST_NOTICE_MONTHS`` of the return."""
        from apps.core.dates import add_months

        from .conf import POST_NOTICE_MONTHS

        back = self.actual_return_date or self.return_date
        return add_months(back, int(POST_NOTICE_MONTHS.value)) if back else None

    @property
    def final_approver_name(self) -> str:
        """Who gave the final approval (the office leader, or the higher approver on record)."""
        step = next((s for s in self.steps.all() if s.is_active and s.kind == ApprovalStep.Kind.FINAL), None)
        return step.name if step else ""

    def close_blocked_reason(self) -> str:
        """Why the case cannot be closed yet ("" when it can): the post-trip notice runs its period and
        its result is recorded first; a cancelled trip's passports are back first."""
        if self.state == S.REJECTED:
            return ""
        if self.stage == ST.CANCELLED:
            return "" if _passports_back(self) else str(_("已借出的证照全部交回后方可办结。"))
        if self.stage != ST.POST_NOTICE:
            return str(_("出访后公示期满并登记公示结果后方可办结。"))
        if not self.post_notice_over:
            return str(
                _("出访后公示至 %(end)s 期满，期满后方可办结。")
                % {"end": self.post_notice_end.isoformat() if self.post_notice_end else "—"}
            )
        if self.objections.filter(notice="post", resolved_at__isnull=True).exists():
            return str(_("出访后公示尚有未处理的异议。"))
        if not (self.post_notice_result and self.post_notice_result_at):
            return str(_("请先登记出访后公示结果。"))
        return ""

    def routing_facts(self) -> dict:
        facts = super().routing_facts()
        if self.pk:
            for leg in self.legs.select_related("country"):
                facts["continents"].add(leg.country.continent)
                facts["country_kinds"].add(leg.country.kind)
        return facts

    # --- the stages' bookkeeping: fired only as follow-up work of the engine's transitions (``then``) -----
    @transition(field=stage, source="*", target=ST.DOCUMENTS, permission=tp.nobody)
    def _open_stages(self, **kwargs):
        """Approval opens the trip's stages (again, after a change request or a reopened case): the unit
        published its notice before it applied, so passports and visas are handled at once."""

    @transition(field=stage, source=list(BEFORE_DEPARTURE), target=ST.APPLICATION, permission=tp.nobody)
    def _back_to_application(self, **kwargs):
        """A change request takes the trip back to its application (the unit signs it again)."""

    @transition(
        field=stage,
        source="*",
        target=ST.CLOSED,
        permission=tp.nobody,
        conditions=[lambda t: t.stage != ST.CANCELLED],  # a cancelled trip stays "cancelled"
    )
    def _close_stages(self, **kwargs):
        pass

    # --- the approval chain (apps.trips.models.ApprovalRoute says which steps a level goes through) ------
    # The unit's signatory signs after the notice inside the unit; the division's reviewer proposes, the
    # division head reviews before the leaders; the office leader approves, or reviews and the approval
    # of the higher approver (市分管领导, the province…) is recorded before the approval is issued. Each
    # step is an ApprovalStep row (who, when, opinion), read by ``selectors.approval_steps``.
    @case_transition(
        field=unit_signoff,
        source=UnitSignoff.UNSIGNED,
        target=UnitSignoff.SIGNED,
        permission=tp.is_unit_signatory,
        conditions=[lambda t: t.state in (S.DRAFT, S.RETURNED)],
        label=_("单位签批"),
        timeline_label=_("单位已签批"),
        comment_required=True,
        missing_comment=_("请填写单位意见（例如“同意报批”）。"),
        four_eyes=True,
        validate=["apps.trips.services.check_before_unit_sign"],
        follow_up=["apps.trips.services.record_unit_sign"],
        notify=["applicant"],
    )
    def sign_unit(self, *, by=None, **kwargs):
        """The applying unit's signatory signs the application with the unit's opinion."""

    @transition(
        field=unit_signoff, source=UnitSignoff.SIGNED, target=UnitSignoff.UNSIGNED, permission=tp.nobody
    )
    def _unsign(self, **kwargs):
        """A change to the signed application: the unit signs it again."""

    # --- the engine's transitions as a trip has them ---------------------------------------------------
    # Submission and approval re-run the regulation check; whom each step tells besides the engine's
    # recipients: "travellers" (members with a login), "custody" (the division's passport custodians).
    submit = extend_transition(
        Case.submit,
        validate=["apps.trips.services.check_unit_steps"],
        follow_up=["apps.trips.services.check_before_submit"],
    )
    resubmit = extend_transition(
        Case.resubmit,
        validate=["apps.trips.services.check_unit_steps"],
        follow_up=["apps.trips.services.check_before_submit"],
    )
    send_back = extend_transition(
        Case.send_back, follow_up=["apps.trips.services.void_office_steps"], notify=["travellers"]
    )
    reopen = extend_transition(Case.reopen, follow_up=["apps.trips.services.void_office_steps"])
    # A draft is not withdrawn by anyone of the unit: its author discards it (below).
    withdraw = extend_transition(Case.withdraw, conditions=[lambda t: t.state != S.DRAFT])

    @case_transition(
        source=S.DRAFT,
        target=S.WITHDRAWN,
        permission=tp.is_draft_author,
        label=_("删除草稿"),
        timeline_label=_("草稿已由起草人删除"),
    )
    def discard_draft(self, *, by=None, **kwargs):
        """The author discards their draft: a soft delete — withdrawn and archived (hidden from every list
        and the inbox), audited, kept for the record; never removed from the database."""
        self.paused_at = None
        self.archived_at = timezone.now()
        self.archived_reason = str(_("起草人删除草稿"))

    forward_for_approval = extend_transition(Case.forward_for_approval, conditions=[_no_head_review])

    @case_transition(
        source=S.IN_REVIEW,
        target=S.IN_REVIEW,
        permission=tp.is_reviewer_not_head,
        conditions=[_staff_not_yet_reviewed],
        label=_("提出审核意见，报处长审核"),
        comment_required=True,
        missing_comment=_("请填写审核意见。"),
        internal=True,
        four_eyes=True,
        follow_up=["apps.trips.services.record_staff_review"],
        notify=["division_heads"],
    )
    def propose(self, *, by=None, **kwargs):
        """The reviewer's opinion, for the division head."""

    @case_transition(
        source=S.IN_REVIEW,
        target=S.PENDING_APPROVAL,
        permission=tp.is_division_head,
        conditions=[_head_review_required],
        label=_("处长审核，报领导审批"),
        comment_required=True,
        missing_comment=_("请填写处长审核意见。"),
        internal=True,
        four_eyes=True,
        follow_up=["apps.trips.services.record_head_review"],
        notify=["leaders"],
    )
    def head_review(self, *, by=None, **kwargs):
        """The division head reviews the application before the office leaders."""

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.PENDING_APPROVAL,
        permission=p.can_approve,
        conditions=[_leader_not_yet_reviewed],
        label=_("外办领导审核，报上级审批"),
        comment_required=True,
        missing_comment=_("请填写外办领导审核意见。"),
        internal=True,
        four_eyes=True,
        follow_up=["apps.trips.services.record_leader_review"],
        notify=["division", "assignee"],
    )
    def leader_review(self, *, by=None, **kwargs):
        """The office leader's review of a trip a higher approver decides (市分管领导, the province…)."""

    approve = extend_transition(
        Case.approve,
        conditions=[_final_approval_ready],
        follow_up=[
            "apps.trips.services.check_before_approval",
            "apps.trips.services.record_final_approval",
            then("_open_stages"),
            "apps.trips.pdf.issue_approval_document",  # the 批件, numbered at approval
        ],
        notify=["travellers", "division"],
    )
    reject = extend_transition(Case.reject, notify=["travellers", "division"])
    close = extend_transition(
        Case.close,
        conditions=[_closable],
        follow_up=[then("_close_stages", if_possible=True)],
        notify=["travellers"],
    )

    @case_transition(
        field="state",
        source=S.APPROVED,
        target=S.RETURNED,
        permission=p.can_apply,
        conditions=[lambda t: t.stage in BEFORE_DEPARTURE],
        label=_("申请变更"),
        timeline_label=_("申请变更"),
        comment_required=True,
        follow_up=[
            then("_back_to_application"),
            "apps.trips.services.deactivate_overrides",
            "apps.trips.services.void_office_steps",
        ],
        notify=["applicant", "division", "leaders"],
    )
    def request_change(self, *, by=None, **kwargs):
        """A change after approval (members, dates, destinations): back to the applicant, then reviewed
        and approved again."""
        self.paused_at = timezone.now()
        self.decided_at = None
        self.change_count += 1

    # --- the trip's own stages -----------------------------------------------------------------------
    @case_transition(
        field=stage,
        source=ST.DOCUMENTS,
        target=ST.DEPARTED,
        permission=tp.is_applicant_or_reviewer,
        conditions=[_passports_released],
        label=_("登记出境"),
        timeline_label=_("已出境"),
        validate=["apps.trips.services.check_actual_dates"],
        notify=["applicant", "division"],
    )
    def depart(self, *, by=None, actual_departure_date=None, **kwargs):
        self.actual_departure_date = actual_departure_date or self.departure_date

    @case_transition(
        field=stage,
        source=ST.DEPARTED,
        target=ST.RETURNED,
        permission=tp.is_applicant_or_reviewer,
        label=_("登记回国"),
        timeline_label=_("已回国"),
        validate=["apps.trips.services.check_actual_dates"],
        notify=["applicant", "travellers", "division", "custody"],
    )
    def record_return(self, *, by=None, actual_return_date=None, **kwargs):
        from apps.core.dates import add_months

        from .conf import REPORT_DUE_MONTHS

        self.actual_return_date = actual_return_date or self.return_date
        self.passports_due = passports_due_for(self.actual_return_date)
        self.report_due = add_months(self.actual_return_date, int(REPORT_DUE_MONTHS.value))

    @case_transition(
        field=stage,
        source=ST.RETURNED,
        target=ST.PASSPORTS_BACK,
        permission=tp.is_applicant_or_reviewer,
        conditions=[_passports_back],
        label=_("确认证照全部交回"),
        timeline_label=_("证照已全部交回"),
        notify=["applicant", "division"],
    )
    def confirm_passports_back(self, *, by=None, **kwargs):
        pass

    @case_transition(
        field=stage,
        source=ST.PASSPORTS_BACK,
        target=ST.REPORT_FILED,
        permission=p.can_apply,
        conditions=[_report_complete],
        label=_("报送出访报告"),
        timeline_label=_("出访报告已报送"),
        validate=["apps.trips.services.require_report_photos"],
        notify=["applicant", "division"],
    )
    def file_report(self, *, by=None, **kwargs):
        self.report_filed_at = timezone.now()

    @case_transition(
        field=stage,
        source=ST.REPORT_FILED,
        target=ST.POST_NOTICE,
        permission=tp.is_applicant_or_reviewer,
        label=_("发布出访后公示"),
        timeline_label=_("出访后公示开始"),
        follow_up=["apps.trips.services.snapshot_post_notice"],
        notify=["applicant", "travellers", "division"],
    )
    def publish_post_notice(self, *, by=None, **kwargs):
        """The unit publishes the post-trip notice for its configured period (working days); the case
        is closed only after that period and once its result is recorded (``close_blocked_reason``)."""
        self.post_notice_start = timezone.localdate()
        self.post_notice_end = notice_end_for(self.post_notice_start)

    @case_transition(
        field=stage,
        source=list(BEFORE_DEPARTURE),
        target=ST.CANCELLED,
        permission=tp.is_applicant_or_reviewer,
        conditions=[lambda t: t.state == S.APPROVED],
        label=_("取消出访"),
        timeline_label=_("出访已取消"),
        comment_required=True,
        missing_comment=_("请填写取消原因。"),
        follow_up=["apps.trips.services.recall_passports"],
        notify=["applicant", "travellers", "division", "leaders", "custody"],
    )
    def cancel_trip(self, *, by=None, comment="", **kwargs):
        self.cancel_reason = comment


def notice_end_for(start: datetime.date) -> datetime.date:
    """The last day of a notice starting on ``start`` that runs ``NOTICE_WORKING_DAYS`` working days
    (``start`` counts when it is a working day)."""
    from apps.reference.calendar import add_working_days, is_working_day

    from .conf import NOTICE_WORKING_DAYS

    n = int(NOTICE_WORKING_DAYS.value)
    return add_working_days(start, n - 1 if is_working_day(start) else n)


def passports_due_for(return_date: datetime.date | None) -> datetime.date | None:
    from apps.passports.services import default_due_back

    return default_due_back(return_date=return_date) if return_date else None


class TripMember(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("团长")
        MEMBER = "member", _("团员")
        INTERPRETER = "interpreter", _("翻译")

    trip = models.ForeignKey(
        Trip, verbose_name=_("出访团组"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("团内身份"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    passport = models.ForeignKey(
        "passports.Passport",
        verbose_name=_("使用证照"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    passport_name = models.CharField(_("护照姓名（拼音）"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    passport_released_at = models.DateTimeField(_("证照借出时间"), null=True, blank=True)
    passport_returned_at = models.DateTimeField(_("证照交回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("团组成员")
        verbose_name_plural = _("团组成员")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["trip", "person"], name="trips_member_once")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Leg(models.Model):
    trip = models.ForeignKey(Trip, verbose_name=_("出访团组"), on_delete=models.CASCADE, related_name="legs")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("城市"), max_length=100, blank=True)
    arrival = models.DateField(_("抵达日期"), null=True, blank=True)
    departure = models.DateField(_("离开日期"), null=True, blank=True)
    transit = models.BooleanField(_("经停"), default=False)
    airside = models.BooleanField(_("不出机场"), default=False)

    class Meta:
        verbose_name = _("行程")
        verbose_name_plural = _("行程")
        ordering = ["order", "id"]
        # the trip list's country filter: trips with a leg in the country, read from the index alone
        indexes = [models.Index(fields=["country", "trip"], name="trips_leg_country_trip_idx")]

    def __str__(self):
        return f"{self.country} {self.city}".strip()


class ScheduleDay(models.Model):
    trip = models.ForeignKey(
        Trip, verbose_name=_("出访团组"), on_delete=models.CASCADE, related_name="schedule"
    )
    date = models.DateField(_("日期"))
    plan = models.TextField(_("日程安排"))
    half_day_detail = models.TextField(_("上午/下午安排"), blank=True)

    class Meta:
        verbose_name = _("日程")
        verbose_name_plural = _("日程")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date}: {self.plan[:30]}"


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        LODGING = "lodging", _("住宿费")
        MEALS = "meals", _("伙食费")
        INCIDENTALS = "incidentals", _("公杂费")
        INTERNATIONAL_FARE = "international_fare", _("国际旅费")
        OTHER = "other", _("其他费用")

    trip = models.ForeignKey(
        Trip, verbose_name=_("出访团组"), on_delete=models.CASCADE, related_name="budget"
    )
    member = models.ForeignKey(
        TripMember,
        verbose_name=_("成员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空表示全团。"),
    )
    category = models.CharField(_("类别"), max_length=30, choices=Category.choices)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("国家（地区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("城市"), max_length=100, blank=True)
    currency = models.CharField(_("币种"), max_length=3, default="CNY")
    rate = models.DecimalField(
        _("标准（每人每天/晚）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    count = models.PositiveSmallIntegerField(_("天数/晚数"), default=0)
    persons = models.PositiveSmallIntegerField(_("人数"), default=1)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2, default=Decimal("0"))
    computed = models.BooleanField(_("按标准计算"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("预算")
        verbose_name_plural = _("预算")
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount} {self.currency}"


class Visa(models.Model):
    """A visa (per country) or a HK/Macao endorsement, per member or for the whole delegation."""

    class Kind(models.TextChoices):
        VISA = "visa", _("签证")
        ENDORSEMENT = "endorsement", _("港澳签注")

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        GRANTED = "granted", _("已获签")
        REFUSED = "refused", _("被拒签")

    trip = models.ForeignKey(Trip, verbose_name=_("出访团组"), on_delete=models.CASCADE, related_name="visas")
    member = models.ForeignKey(
        TripMember,
        verbose_name=_("成员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visas",
        help_text=_("留空表示全团。"),
    )
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.VISA)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    on = models.DateField(_("日期"), default=timezone.localdate)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("签证")
        verbose_name_plural = _("签证")
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.country} {self.get_status_display()}"


class Objection(models.Model):
    """异议: submitted by anyone during a public notice; recorded, audited, visible to the division."""

    class Notice(models.TextChoices):
        PRE = "pre", _("出访前公示")
        POST = "post", _("出访后公示")

    trip = models.ForeignKey(
        Trip, verbose_name=_("出访团组"), on_delete=models.PROTECT, related_name="objections"
    )
    notice = models.CharField(_("公示"), max_length=10, choices=Notice.choices)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    text = models.TextField(_("异议内容"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.TextField(_("处理意见"), blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return f"{self.trip_id} {self.submitted_at:%Y-%m-%d}"

    def delete(self, *args, **kwargs):
        raise PermissionError("Objections are never deleted.")


class ApprovalStep(models.Model):
    """One step of a trip's approval chain as it was taken: who, in which capacity, when, with what
    opinion (and, for a higher approver, the document). A send-back or change request voids the
    office's steps (``is_active``); an edit of the signed application voids the unit's signature."""

    class Kind(models.TextChoices):
        UNIT_SIGN = "unit_sign", _("单位签批")
        STAFF = "staff", _("承办人审核")
        DIVISION_HEAD = "division_head", _("处长审核")
        OFFICE_LEADER = "office_leader", _("外办领导审核")
        FINAL = "final", _("审批")

    trip = models.ForeignKey(Trip, verbose_name=_("出访团组"), on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("环节"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("系统用户；外部审批人（如市分管领导）由外办登记，此处为登记人。"),
    )
    name = models.CharField(_("签署人"), max_length=100)
    capacity = models.CharField(_("身份"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    decided_on = models.DateField(_("签署日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    document = models.CharField(_("批件文号"), max_length=100, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("审批环节")
        verbose_name_plural = _("审批环节")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["trip", "is_active", "kind"], name="trips_step_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    def delete(self, *args, **kwargs):
        raise PermissionError("Approval steps are never deleted.")


class FindingOverride(models.Model):
    """A reviewer's (warning) or leader's (blocking) decision to proceed despite a finding."""

    trip = models.ForeignKey(
        Trip, verbose_name=_("出访团组"), on_delete=models.PROTECT, related_name="overrides"
    )
    rule_id = models.CharField(_("规则编号"), max_length=60)
    subject = models.CharField(_("对象"), max_length=100, blank=True)
    severity = models.CharField(_("级别"), max_length=20)
    message = models.TextField(_("检查结论"), blank=True)
    justification = models.TextField(_("理由"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    pack_version = models.PositiveIntegerField(_("规则包版本"), null=True, blank=True)
    is_active = models.BooleanField(
        _("有效"), default=True, help_text=_("申请变更后原有决定失效，须重新审查。")
    )

    class Meta:
        verbose_name = _("检查结论的例外决定")
        verbose_name_plural = _("检查结论的例外决定")
        ordering = ["at", "id"]
        # the overrides report: newest first, and its year filter (a range on "at")
        indexes = [models.Index(fields=["-at", "-id"], name="trips_override_at_idx")]

    def __str__(self):
        return f"{self.rule_id} {self.subject}".strip()

    def delete(self, *args, **kwargs):
        raise PermissionError("Overrides are never deleted.")

    @property
    def key(self) -> tuple[str, str]:
        return self.rule_id, self.subject


class ReminderSent(models.Model):
    """One reminder sent for one deadline of one trip on one day — so a reminder is never sent twice."""

    class Kind(models.TextChoices):
        PASSPORT_RETURN = "passport_return", _("证照交回")
        REPORT = "report", _("出访报告")
        NOTICE_END = "notice_end", _("公示期满")

    class Phase(models.TextChoices):
        BEFORE = "before", _("到期前提醒")
        OVERDUE = "overdue", _("逾期提醒")

    trip = models.ForeignKey(
        Trip, verbose_name=_("出访团组"), on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(_("期限"), max_length=20, choices=Kind.choices)
    deadline = models.DateField(_("期限日期"))
    phase = models.CharField(_("提醒类型"), max_length=10, choices=Phase.choices)
    day = models.DateField(_("提醒日期"))
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("收件人数"), default=0)

    class Meta:
        verbose_name = _("期限提醒记录")
        verbose_name_plural = _("期限提醒记录")
        ordering = ["-day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "kind", "deadline", "phase", "day"], name="trips_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.trip_id} {self.kind} {self.deadline} {self.phase} {self.day}"
