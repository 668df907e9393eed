"""Trips API (/api/trips/): the same selectors and services as the pages, the same answers.

Out of scope → 404; not allowed (or the four-eyes rule) → 403 with a message; someone else changed it first
→ 409; a business rule refused or the payload names something unknown → 400 with the message: the one
mapping of ``apps.core.api`` (``ERRORS``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework import selectors as cw_selectors
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.errors import NotFound
from apps.core.filters import query_schema

from . import checks, selectors, services
from .filters import TripFilter
from .schemas import (
    BudgetRow,
    ChainOut,
    LegRow,
    MemberOut,
    ScheduleRow,
    StepOut,
    TripFields,
    TripInput,
    chain_output,
    chain_prefetch,
    children_prefetch,
    trip_output,
)

router = Router(tags=["trips"], auth=api_auth)

# Permission first (403, whatever the id), then the data scope (404): like the pages.
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
custody_required = require_perm(
    "casework.view", "passports.manage", message=gettext_lazy("您无权执行此操作。")
)


class FindingOut(Schema):
    rule_id: str
    severity: str
    message: str
    title: str
    citation: str
    subject: str
    overridden: bool


class ResultOut(Schema):
    """One rule as it ran on the trip, passed or not, with the facts it found (``details``)."""

    rule_id: str
    severity: str
    passed: bool
    title: str
    message: str
    citation: str
    subject: str
    details: dict[str, Any]


class CheckOut(Schema):
    pack_version: int | None
    checked_at: datetime | None
    incomplete: bool = Field(description="检查未能运行（缺出入境日期等）")
    blocking_count: int
    warning_count: int
    findings: list[FindingOut] = Field(description="未通过及未配置的检查结论（含例外决定）")
    results: list[ResultOut] = Field(
        description="运行过的每条规则（含已通过的）：不在其中的规则未运行（停用或不适用）"
    )


class TripOut(TripFields, ChainOut):
    """A trip as read: its fields and children in the shape of ``TripInput`` (so that what is read can be
    sent back with ``PUT``), and what the office and the workflow add: the approval chain as it was taken
    (the unit's signature with its opinion, the reviews, the final or higher approval, the route and its
    citation), the pre-trip notice the unit ran before it applied and the post-trip notice (content and
    result), and the documents issued with their numbers."""

    id: int
    reference: str | None
    state: str
    stage: str
    applicant_unit: str
    days_abroad: int | None
    is_hk_macao: bool
    approval_level: str
    rule_pack_version: int | None
    checked_at: datetime | None
    version: int
    passports_due: date | None
    report_due: date | None
    members: list[MemberOut]
    legs: list[LegRow]
    schedule: list[ScheduleRow]
    budget: list[BudgetRow]
    transitions: list[str]


class TripTransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    actual_date: date | None = None


class OverrideIn(Schema):
    rule_id: str = Field(..., max_length=60)
    subject: str = Field("", max_length=100)
    justification: str


def _out(trip, user, *, routes: dict | None = None) -> dict:
    return {
        **trip_output(trip),
        **chain_output(trip, routes=routes),
        "id": trip.pk,
        "reference": trip.reference,
        "state": trip.state,
        "stage": trip.stage,
        "applicant_unit": trip.applicant_unit.name,
        "days_abroad": trip.days_abroad,
        "is_hk_macao": trip.is_hk_macao,
        "approval_level": trip.approval_level,
        "rule_pack_version": trip.rule_pack_version,
        "checked_at": trip.checked_at,
        "version": trip.version,
        "passports_due": trip.passports_due,
        "report_due": trip.report_due,
        "transitions": cw_selectors.available_transitions(case=trip, user=user),
    }


TripQuery = query_schema(TripFilter, "TripQuery")


@router.get("/", response={200: list[TripOut], **ERRORS})
@view_required
def list_trips(request, filters: Query[TripQuery]):
    """The trip list as on its page (the same filters, ``TripFilter``), at most 200 trips."""
    from .models import ApprovalRoute

    f = TripFilter(filters.model_dump(exclude_none=True), user=request.user)
    routes = {r.level: r for r in ApprovalRoute.objects.all()}
    trips = f.api_qs().prefetch_related(*children_prefetch(), *chain_prefetch())[:200]
    return [_out(t, request.user, routes=routes) for t in trips]


@router.post("/", response={201: TripOut, **ERRORS})
@apply_required
def create_trip(request, payload: TripInput):
    """A new draft trip of the user's unit (the same ``TripInput`` the application form produces)."""
    if request.user.unit_id is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能提交出访申请。"))
    trip = services.trip_create(by=request.user, unit=request.user.unit, input=payload)
    return Status(201, _out(selectors.trip_get(user=request.user, pk=trip.pk), request.user))


@router.get("/{int:pk}", response={200: TripOut, **ERRORS})
@view_required
def get_trip(request, pk: int):
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.put("/{int:pk}", response={200: TripOut, **ERRORS})
@apply_required
def update_trip(request, pk: int, payload: TripInput):
    """Replace the trip's fields and children (send every row: what is not sent is removed)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.trip_update(trip=trip, by=request.user, input=payload, version=payload.version)
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


def _check_out(trip, user) -> dict:
    active = selectors.active_overrides(trip)  # read once for both
    overrides = {o.key for o in active}
    views = checks.findings_view(trip.last_check, overrides=active)
    stored = trip.last_check or {}
    return {
        "pack_version": trip.rule_pack_version,
        "checked_at": trip.checked_at,
        "incomplete": bool(stored.get("incomplete")) or not stored,
        "blocking_count": sum(1 for v in views if v.unresolved_blocking),
        "warning_count": sum(1 for v in views if v.severity == "warning" and v.override is None),
        "findings": [
            {
                "rule_id": v.rule_id,
                "severity": v.severity,
                "message": v.message,
                "title": v.title,
                "citation": v.citation,
                "subject": v.subject,
                "overridden": (v.rule_id, v.subject) in overrides,
            }
            for v in views
        ],
        "results": [
            {
                "rule_id": f["rule_id"],
                "severity": f["severity"],
                "passed": bool(f.get("passed")),
                "title": checks.localised(f, "title") or f["rule_id"],
                "message": checks.localised(f, "message") or "",
                "citation": f.get("citation", ""),
                "subject": checks.subject_key(f.get("subject", "")),
                "details": f.get("details") or {},
            }
            for f in stored.get("findings", [])
        ],
    }


recheck_required = require_perm(
    "casework.apply",
    "casework.review",
    "casework.approve",
    any_of=True,
    message=gettext_lazy("您无权重新检查本申请。"),
)


@router.post("/{int:pk}/check", response={200: CheckOut, **ERRORS})
@recheck_required
def run_check(request, pk: int):
    """Check the saved trip again, as the page's "重新检查" does (audited): only while it is being decided;
    a decided trip keeps the check it was decided on (400)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.trip_recheck(trip=trip, by=request.user)
    return _check_out(trip, request.user)


@router.get("/{int:pk}/check", response={200: CheckOut, **ERRORS})
@view_required
def last_check(request, pk: int):
    return _check_out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/overrides", response={201: CheckOut, **ERRORS})
@view_required
def override(request, pk: int, payload: OverrideIn):
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.finding_override(
        trip=trip,
        by=request.user,
        rule_id=payload.rule_id,
        subject=payload.subject,
        justification=payload.justification,
    )
    return Status(201, _check_out(selectors.trip_get(user=request.user, pk=pk), request.user))


@router.post("/{int:pk}/transitions/{name}", response={200: TripOut, **ERRORS})
@view_required
def fire(request, pk: int, name: str, payload: TripTransitionIn):
    trip = selectors.trip_get(user=request.user, pk=pk)
    kwargs = {}
    if name == "depart":
        kwargs["actual_departure_date"] = payload.actual_date
    elif name == "record_return":
        kwargs["actual_return_date"] = payload.actual_date
    trip = services.trip_transition(
        trip=trip, name=name, by=request.user, comment=payload.comment, version=payload.version, **kwargs
    )
    if trip.is_archived:  # a discarded draft: answered as it now is, then gone from every list
        return _out(trip, request.user)
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.get("/{int:pk}/approval.pdf", response={200: None, **ERRORS})
@view_required
def approval_pdf(request, pk: int):
    from .pdf import approval_pdf as render_pdf

    trip = selectors.trip_get(user=request.user, pk=pk)
    content = render_pdf(trip=trip, by=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="trip-{trip.pk}-approval.pdf"'
    return response


class ReportIn(Schema):
    report_schedule: str = ""
    report_results: str = ""
    report_actual_cost: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    report_cost_notes: str = ""
    report_follow_up: str = ""
    version: int | None = None
    file: bool = False  # also file the report (stage "passports back" → "report filed")


@router.post(
    "/{int:pk}/members/{int:member_pk}/passport/{action}",
    response={200: TripOut, **ERRORS},
)
@custody_required
def passport_action(request, pk: int, member_pk: int, action: str):
    """Release a member's passport from custody for the trip (``release``) or take it back (``return``)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    member = trip.members.select_related("passport", "person").filter(pk=member_pk).first()
    if member is None or action not in ("release", "return"):
        raise NotFound(_("您要找的记录不存在。"))
    if action == "release":
        services.passport_release(trip=trip, member=member, by=request.user)
    else:
        services.passport_return(trip=trip, member=member, by=request.user)
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.put("/{int:pk}/report", response={200: TripOut, **ERRORS})
@apply_required
def save_report(request, pk: int, payload: ReportIn):
    """Save the trip report (after return); with ``file: true`` also file it."""
    from .models import Stage

    trip = selectors.trip_get(user=request.user, pk=pk)
    data = payload.dict(exclude={"version", "file"})
    trip = services.report_save(trip=trip, by=request.user, data=data, version=payload.version)
    if payload.file and trip.stage == Stage.PASSPORTS_BACK:
        services.trip_transition(trip=trip, name="file_report", by=request.user, version=trip.version)
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


# --- tripchain: the unit's notice, the higher approval, the approval chain -------------------------------
class UnitNoticeIn(Schema):
    place: str = Field("", max_length=200)
    start: date | None = None  # default today; a notice already on the unit's board may start earlier
    version: int | None = None


class NoticeResultIn(Schema):
    outcome: str = Field(..., description="none（无异议）或 resolved（收到异议，已处理）")
    details: str = Field("", max_length=2000)
    version: int | None = None


class ExternalApprovalIn(Schema):
    approver: str = Field(..., max_length=100)
    number: str = Field(..., max_length=100)
    date: date
    version: int | None = None


@router.post("/{int:pk}/unit-notice", response={200: TripOut, **ERRORS})
@apply_required
def publish_unit_notice(request, pk: int, payload: UnitNoticeIn):
    """The unit publishes the pre-trip notice inside the unit (before it applies)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.unit_notice_publish(
        trip=trip, by=request.user, start=payload.start, place=payload.place, version=payload.version
    )
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/unit-notice/result", response={200: TripOut, **ERRORS})
@apply_required
def unit_notice_result(request, pk: int, payload: NoticeResultIn):
    """The unit records the notice's result once its period is over."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.unit_notice_result_record(
        trip=trip, by=request.user, outcome=payload.outcome, details=payload.details, version=payload.version
    )
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/post-notice/result", response={200: TripOut, **ERRORS})
@view_required
def post_notice_result(request, pk: int, payload: NoticeResultIn):
    """The post-trip notice's result, once its period is over (the case is closed after it)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.post_notice_result_record(
        trip=trip, by=request.user, outcome=payload.outcome, details=payload.details, version=payload.version
    )
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/external-approval", response={200: TripOut, **ERRORS})
@view_required
def external_approval(request, pk: int, payload: ExternalApprovalIn):
    """The office records the approval of the route's final approver outside the office."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.external_approval_record(
        trip=trip,
        by=request.user,
        approver=payload.approver,
        number=payload.number,
        date=payload.date,
        version=payload.version,
    )
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.get("/{int:pk}/approval-steps", response={200: list[StepOut], **ERRORS})
@view_required
def approval_steps(request, pk: int):
    """Who signed, reviewed and approved, in order (the steps in force)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    return [
        {
            "kind": s.kind,
            "kind_label": str(s.get_kind_display()),
            "name": s.name,
            "capacity": s.capacity,
            "at": s.at,
            "decided_on": s.decided_on,
            "opinion": s.opinion,
            "document": s.document,
        }
        for s in selectors.approval_steps(trip)
    ]
