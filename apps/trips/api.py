"""Trips API (/api/trips/): the same selectors and services as the pages, the same answers.

Out of scope → 404; not allowed (or the four-eyes rule) → 403 with a message; someone else changed it first
→ 409; a business rule refused or the payload names something unknown → 400 with the message: the one
mapping of ``apps.core.api`` (``ERRORS``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework import selectors as cw_selectors
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.errors import NotFound, ServiceError
from apps.core.filters import query_schema
from apps.core.ids import IdParam

from . import checks, selectors, services
from .filters import TripFilter

router = Router(tags=["trips"], auth=api_auth)

# Permission first (403, whatever the id), then the data scope (404): like the pages.
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
custody_required = require_perm(
    "casework.view", "passports.manage", message=gettext_lazy("您无权执行此操作。")
)
SMALL = 32767  # PositiveSmallIntegerField


class MemberIn(Schema):
    person_id: IdParam
    role: str = Field("member", max_length=20)
    passport_id: IdParam | None = None
    passport_name: str = Field("", max_length=100)


class LegIn(Schema):
    country: str = Field(..., max_length=2)  # ISO 3166-1 alpha-2
    city: str = Field("", max_length=100)
    arrival: date | None = None
    departure: date | None = None
    transit: bool = False
    airside: bool = False


class ScheduleIn(Schema):
    date: date
    plan: str
    half_day_detail: str = ""


class BudgetIn(Schema):
    category: str = Field(..., max_length=30)
    country: str | None = Field(None, max_length=2)
    city: str = Field("", max_length=100)
    currency: str = Field("CNY", max_length=3)
    rate: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    count: int = Field(0, le=SMALL)
    persons: int = Field(1, le=SMALL)
    amount: Decimal = Field(Decimal(0), max_digits=14, decimal_places=2)
    computed: bool = False
    note: str = Field("", max_length=200)


class TripIn(Schema):
    title: str = Field(..., max_length=200)
    task: str = ""
    delegation_type: str = Field("", max_length=40)
    in_annual_plan: bool = True
    plan_reference: str = Field("", max_length=100)
    unplanned_justification: str = ""
    inviter_name: str = Field("", max_length=200)
    inviter_country: str | None = Field(None, max_length=2)
    inviter_is_counterpart: bool = False
    inviter_description: str = ""
    departure_date: date | None = None
    return_date: date | None = None
    poor_flight_connections: bool = False
    host_transport: bool = False
    funding_source: str = Field("", max_length=40)
    members: list[MemberIn] = []
    legs: list[LegIn] = []
    schedule: list[ScheduleIn] = []
    budget: list[BudgetIn] = []
    version: int | None = None


class FindingOut(Schema):
    rule_id: str
    severity: str
    message: str
    title: str
    citation: str
    subject: str
    overridden: bool


class CheckOut(Schema):
    pack_version: int | None
    blocking_count: int
    warning_count: int
    findings: list[FindingOut]


class MemberOut(Schema):
    id: int
    person_id: int
    name: str
    unit: str
    title: str
    role: str
    passport_name: str
    passport_released: bool
    passport_returned: bool


class LegOut(Schema):
    country: str
    city: str
    arrival: date | None
    departure: date | None
    transit: bool
    airside: bool


class TripOut(Schema):
    id: int
    reference: str | None
    title: str
    state: str
    stage: str
    applicant_unit: str
    departure_date: date | None
    return_date: date | None
    days_abroad: int | None
    is_hk_macao: bool
    approval_level: str
    rule_pack_version: int | None
    checked_at: datetime | None
    version: int
    notice_start: date | None
    notice_end: date | None
    passports_due: date | None
    report_due: date | None
    members: list[MemberOut]
    legs: list[LegOut]
    transitions: list[str]


class TransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    actual_date: date | None = None


class OverrideIn(Schema):
    rule_id: str = Field(..., max_length=60)
    subject: str = Field("", max_length=100)
    justification: str


def _out(trip, user) -> dict:
    names = cw_selectors.available_transitions(case=trip, user=user)
    return {
        "id": trip.pk,
        "reference": trip.reference,
        "title": trip.title,
        "state": trip.state,
        "stage": trip.stage,
        "applicant_unit": trip.applicant_unit.name,
        "departure_date": trip.departure_date,
        "return_date": trip.return_date,
        "days_abroad": trip.days_abroad,
        "is_hk_macao": trip.is_hk_macao,
        "approval_level": trip.approval_level,
        "rule_pack_version": trip.rule_pack_version,
        "checked_at": trip.checked_at,
        "version": trip.version,
        "notice_start": trip.notice_start,
        "notice_end": trip.notice_end,
        "passports_due": trip.passports_due,
        "report_due": trip.report_due,
        "members": [
            {
                "id": m.pk,
                "person_id": m.person_id,
                "name": m.person.full_name,
                "unit": m.person.unit.name,
                "title": m.person.title,
                "role": m.role,
                "passport_name": m.passport_name,
                "passport_released": m.passport_released_at is not None,
                "passport_returned": m.passport_returned_at is not None,
            }
            for m in selectors.members_of(trip)
        ],
        "legs": [
            {
                "country": leg.country.iso2,
                "city": leg.city,
                "arrival": leg.arrival,
                "departure": leg.departure,
                "transit": leg.transit,
                "airside": leg.airside,
            }
            for leg in trip.legs.select_related("country")
        ],
        "transitions": names,
    }


def _resolve(payload: TripIn, user) -> tuple[dict, checks.TripDraft, list]:
    """Model objects for the payload's ids and codes (ServiceError for anything unknown or out of scope)."""
    from apps.passports.models import Passport
    from apps.people.selectors import person_list
    from apps.reference.models import Country

    from .models import BudgetLine, TripMember

    countries = {c.iso2: c for c in Country.objects.destinations()}

    def country(code, *, required=True):
        if not code:
            if required:
                raise ServiceError(_("请填写行程的国家（地区）。"), code="country")
            return None
        c = countries.get(str(code).upper())
        if c is None:
            raise ServiceError(
                _("“%(code)s”不是可选的出访国家（地区）。") % {"code": str(code)[:10]}, code="country"
            )
        return c

    people = {p.pk: p for p in person_list(user=user).filter(pk__in=[m.person_id for m in payload.members])}
    members = []
    for m in payload.members:
        person = people.get(m.person_id)
        if person is None:
            raise ServiceError(
                _("人员库中没有编号为 %(id)s 的人员，或您无权查看。") % {"id": m.person_id}, code="person"
            )
        if m.role not in TripMember.Role.values:
            raise ServiceError(
                _("%(name)s 的团组身份“%(role)s”不是可选项。") % {"name": person, "role": m.role[:20]},
                code="role",
            )
        passport = None
        if m.passport_id:
            passport = Passport.objects.filter(pk=m.passport_id, holder=person).first()
            if passport is None:
                raise ServiceError(
                    _("编号为 %(id)s 的证照不属于 %(name)s。") % {"id": m.passport_id, "name": person},
                    code="passport",
                )
        members.append(
            checks.MemberIn(person=person, role=m.role, passport=passport, passport_name=m.passport_name)
        )
    legs = [
        checks.LegIn(
            country=country(leg.country),
            city=leg.city,
            arrival=leg.arrival,
            departure=leg.departure,
            transit=leg.transit,
            airside=leg.airside,
        )
        for leg in payload.legs
    ]
    budget = []
    for b in payload.budget:
        if b.category not in BudgetLine.Category.values:
            raise ServiceError(
                _("经费类别“%(category)s”不是可选项。") % {"category": b.category[:30]}, code="budget"
            )
        if b.amount < 0 or b.persons < 1 or b.count < 0:
            raise ServiceError(_("经费金额和数量不能为负数，人数至少为 1。"), code="budget")
        budget.append(
            checks.BudgetIn(
                category=b.category,
                amount=b.amount,
                currency=(b.currency or "CNY").upper()[:3],
                country=country(b.country, required=False),
                city=b.city,
                rate=b.rate,
                count=b.count,
                persons=b.persons,
                computed=b.computed,
                note=b.note[:200],
            )
        )
    if payload.departure_date and payload.return_date and payload.return_date < payload.departure_date:
        raise ServiceError(_("入境日期不能早于出境日期。"), code="return_date")
    data = payload.dict(exclude={"members", "legs", "schedule", "budget", "version"})
    data["inviter_country"] = country(payload.inviter_country, required=False)
    draft = checks.TripDraft(
        unit=None,
        departure=payload.departure_date,
        return_date=payload.return_date,
        legs=legs,
        members=members,
        budget=budget,
    )
    schedule = [(s.date, s.plan, s.half_day_detail) for s in payload.schedule if s.plan.strip()]
    return data, draft, schedule


TripQuery = query_schema(TripFilter, "TripQuery")


@router.get("/", response={200: list[TripOut], **ERRORS})
@view_required
def list_trips(request, filters: Query[TripQuery]):
    """The trip list as on its page (the same filters, ``TripFilter``), at most 200 trips."""
    f = TripFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_out(t, request.user) for t in f.api_qs()[:200]]


@router.post("/", response={201: TripOut, **ERRORS})
@apply_required
def create_trip(request, payload: TripIn):
    if request.user.unit_id is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能提交出访申请。"))
    data, draft, schedule = _resolve(payload, request.user)
    draft.unit = request.user.unit
    trip = services.trip_create(
        by=request.user, unit=request.user.unit, data=data, draft=draft, schedule=schedule
    )
    return Status(201, _out(selectors.trip_get(user=request.user, pk=trip.pk), request.user))


@router.get("/{int:pk}", response={200: TripOut, **ERRORS})
@view_required
def get_trip(request, pk: int):
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


@router.put("/{int:pk}", response={200: TripOut, **ERRORS})
@apply_required
def update_trip(request, pk: int, payload: TripIn):
    trip = selectors.trip_get(user=request.user, pk=pk)
    data, draft, schedule = _resolve(payload, request.user)
    draft.unit, draft.trip_id = trip.applicant_unit, trip.pk
    services.trip_update(
        trip=trip, by=request.user, data=data, draft=draft, schedule=schedule, version=payload.version
    )
    return _out(selectors.trip_get(user=request.user, pk=pk), request.user)


def _check_out(trip, user) -> dict:
    overrides = {o.key for o in selectors.active_overrides(trip)}
    views = checks.findings_view(trip.last_check, overrides=selectors.active_overrides(trip))
    return {
        "pack_version": trip.rule_pack_version,
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
    }


@router.post("/{int:pk}/check", response={200: CheckOut, **ERRORS})
@view_required
def run_check(request, pk: int):
    trip = selectors.trip_get(user=request.user, pk=pk)
    services.trip_check(trip=trip)
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
def fire(request, pk: int, name: str, payload: TransitionIn):
    trip = selectors.trip_get(user=request.user, pk=pk)
    kwargs = {}
    if name == "depart":
        kwargs["actual_departure_date"] = payload.actual_date
    elif name == "record_return":
        kwargs["actual_return_date"] = payload.actual_date
    services.trip_transition(
        trip=trip, name=name, by=request.user, comment=payload.comment, version=payload.version, **kwargs
    )
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


class StepOut(Schema):
    kind: str
    kind_label: str
    name: str
    capacity: str
    at: datetime
    decided_on: date | None
    opinion: str
    document: str


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
