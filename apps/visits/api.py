"""Visits API (/api/visits/): the same selectors and services as the pages, the same answers (permission
first → 403, out of scope → 404, refused → 400, someone else changed it first → 409: ``apps.core.api``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.accounts.api_auth import api_auth
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.errors import ServiceError
from apps.core.filters import query_schema
from apps.core.ids import IdParam

from . import permissions as vp
from . import photos, protocol, selectors, services
from .filters import CalendarFilter, GiftFilter, VisitFilter
from .models import (
    CalendarEntry,
    DiplomaticRank,
    Disposition,
    DoorPosition,
    EventKind,
    FlagLayout,
    Gift,
    Level,
    Participant,
    RankLevel,
)

router = Router(tags=["visits"], auth=api_auth)
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
calendar_required = require_perm("visits.view_calendar", message=gettext_lazy("您无权查看市领导外事日程。"))
secretariat_required = require_perm(
    "visits.calendar", message=gettext_lazy("只有秘书处可以维护市领导外事日程。")
)
VisitQuery = query_schema(VisitFilter, "VisitQuery")
GiftQuery = query_schema(GiftFilter, "GiftQuery")
CalendarQuery = query_schema(CalendarFilter, "CalendarQuery")


# --- mapping input to what the services take (the forms' cleaned data) -------------------------------
def _choice(value, choices, message):
    if value not in {str(v) for v, _label in choices}:
        raise ServiceError(message)
    return value


def _country(code: str | None):
    from apps.reference.models import Country

    if not code:
        return None
    c = Country.objects.filter(iso2=code.strip().upper(), is_active=True).first()
    if c is None:
        raise ServiceError(_("未知的国家（地区）代码：%(code)s") % {"code": code})
    return c


def _partner(pk):
    from apps.partners.models import Partner

    if not pk:
        return None
    p = Partner.objects.active().filter(pk=pk).first()
    if p is None:
        raise ServiceError(_("所选友好城市不存在。"))
    return p


class VisitOut(Schema):
    id: int
    reference: str | None
    title: str
    level: str
    level_label: str
    state: str
    state_label: str
    guest: str
    head_name: str
    arrival_date: date | None
    departure_date: date | None
    programme_version: int
    partner: str | None
    summary_outcomes: str
    summary_agreements: str
    summary_follow_up: str
    summary_filed_at: datetime | None
    version: int


class VisitIn(Schema):
    title: str = Field(..., max_length=200)
    level: str = Field("general", max_length=20)
    guest_country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2")
    guest_organisation: str = Field("", max_length=200)
    head_name: str = Field("", max_length=120)
    head_title: str = Field("", max_length=200)
    arrival_date: date | None = None
    departure_date: date | None = None
    purpose: str = ""
    hosts_note: str = ""
    invitation_note: str = Field("", max_length=300)
    partner_id: int | None = Field(None, ge=1)
    security_note: str = ""
    press_note: str = ""
    version: int | None = None


def _visit_data(payload: VisitIn) -> dict:
    data = payload.dict(exclude={"version", "guest_country", "partner_id"})
    _choice(data["level"], Level.choices, _("接待规格无效。"))
    data["guest_country"] = _country(payload.guest_country)
    data["partner"] = _partner(payload.partner_id)
    return data


class VisitEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    title_en: str
    date: date
    start: time
    end: time
    venue: str
    venue_en: str
    participants: list[str]
    participant_ids: list[int]
    interpreters: str
    vehicles: str
    dietary: str
    dress: str
    press: str
    door: str
    table_size: int | None
    hosted_by_guest: bool
    flag_layout: str
    flags: list[str]
    cancelled: bool
    conflicts: list[str]
    version: int


class SeatOut(Schema):
    seat: str
    side: str
    label: str
    name: str | None
    x: float
    y: float


class VisitRuleOut(Schema):
    text: str
    citation: str


class FlagOut(Schema):
    country: str
    x: float
    y: float


class VisitPlanOut(Schema):
    kind: str
    seats: list[SeatOut]
    flags: list[FlagOut]
    warnings: list[str]
    rules: list[VisitRuleOut]
    edited: bool
    version: int


class GiftOut(Schema):
    id: int
    direction: str
    direction_label: str
    description: str
    counterpart: str
    counterpart_country: str | None
    person: str
    unit: str
    visit_id: int | None
    on_date: date
    returned_on: date | None
    value: Decimal
    is_cash: bool
    budget: str
    notes: str
    approved: bool
    declaration_due: date | None
    reminder_days: list[date]
    declared: bool
    overdue: bool
    handed_in_on: date | None
    disposition: str
    disposition_label: str
    version: int
    has_photo: bool


def _visit_out(v) -> dict:
    return {
        "id": v.pk,
        "reference": v.reference,
        "title": v.title,
        "level": v.level,
        "level_label": str(v.get_level_display()),
        "state": v.state,
        "state_label": str(v.get_state_display()),
        "guest": v.guest_label(),
        "head_name": v.head_name,
        "arrival_date": v.arrival_date,
        "departure_date": v.departure_date,
        "programme_version": v.programme_version,
        "partner": str(v.partner) if v.partner_id else None,
        "summary_outcomes": v.summary_outcomes,
        "summary_agreements": v.summary_agreements,
        "summary_follow_up": v.summary_follow_up,
        "summary_filed_at": v.summary_filed_at,
        "version": v.version,
    }


def _gift_out(g) -> dict:
    return {
        "id": g.pk,
        "direction": g.direction,
        "direction_label": str(g.get_direction_display()),
        "description": g.description,
        "counterpart": g.counterpart,
        "counterpart_country": str(g.counterpart_country) if g.counterpart_country_id else None,
        "person": g.person,
        "unit": str(g.unit),
        "visit_id": g.visit_id,
        "on_date": g.on_date,
        "returned_on": g.returned_on,
        "value": g.value,
        "is_cash": g.is_cash,
        "budget": g.budget,
        "notes": g.notes,
        "approved": g.approved_at is not None,
        "declaration_due": g.declaration_due,
        "reminder_days": services.reminder_days(g.declaration_due) if g.declaration_due else [],
        "declared": bool(g.declared_at),
        "overdue": g.is_overdue,
        "handed_in_on": g.handed_in_on,
        "disposition": g.disposition,
        "disposition_label": str(g.get_disposition_display()),
        "version": g.version,
        "has_photo": bool(g.photo),
    }


@router.get("/", response={200: list[VisitOut], **ERRORS})
@view_required
def list_visits(request, filters: Query[VisitQuery]):
    """The visit list as on its page (``VisitFilter``), at most 200."""
    f = VisitFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_visit_out(v) for v in f.api_qs()[:200]]


@router.post("/", response={201: VisitOut, **ERRORS})
@apply_required
def create_visit(request, payload: VisitIn, unit_id: int | None = None):
    """File a visit as the page does (a draft of the user's unit, or of ``unit_id`` among the units the
    user may pick)."""
    from apps.accounts.scope import units_visible

    if unit_id is not None:
        unit = units_visible(request.user).filter(pk=unit_id).first()
        if unit is None:
            raise ServiceError(_("所选接待单位不存在，或您不能为其登记。"))
    elif request.user.unit_id is None:
        raise PermissionDenied(_("您的账号没有所属单位，请在页面上选择接待单位登记。"))
    else:
        unit = request.user.unit
    visit = services.visit_create(by=request.user, unit=unit, data=_visit_data(payload))
    return Status(201, _visit_out(selectors.visit_get(user=request.user, pk=visit.pk)))


@router.get("/{int:pk}", response={200: VisitOut, **ERRORS})
@view_required
def get_visit(request, pk: IdParam):
    return _visit_out(selectors.visit_get(user=request.user, pk=pk))


@router.put("/{int:pk}", response={200: VisitOut, **ERRORS})
@view_required
def update_visit(request, pk: IdParam, payload: VisitIn):
    """Change the visit's facts as its edit page does (the applicant while it may edit, the planners
    before approval); ``version`` as read, else 409."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    services.visit_update(visit=visit, by=request.user, data=_visit_data(payload), version=payload.version)
    return _visit_out(selectors.visit_get(user=request.user, pk=pk))


# --- participants ---------------------------------------------------------------------------------------
class ParticipantIn(Schema):
    side: str = Field(..., max_length=10)
    name: str = Field(..., max_length=120)
    name_en: str = Field("", max_length=120)
    title: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    organisation: str = Field("", max_length=200)
    rank: int = RankLevel.SECTION
    diplomatic_rank: str = Field("", max_length=30)
    duty_since: date | None = None
    notified_on: date | None = None
    country_en: str = Field("", max_length=100)
    role: str = Field("", max_length=20)
    leader_id: int | None = Field(None, ge=1)
    dietary: str = Field("", max_length=200)


class ParticipantOut(Schema):
    id: int
    side: str
    side_label: str
    name: str
    name_en: str
    title: str
    title_en: str
    organisation: str
    rank: int
    rank_label: str
    diplomatic_rank: str
    diplomatic_rank_label: str
    duty_since: date | None
    notified_on: date | None
    country_en: str
    role: str
    leader_id: int | None
    dietary: str


def _participant_out(p) -> dict:
    return {
        "id": p.pk,
        "side": p.side,
        "side_label": str(p.get_side_display()),
        "name": p.name,
        "name_en": p.name_en,
        "title": p.title,
        "title_en": p.title_en,
        "organisation": p.organisation,
        "rank": p.rank,
        "rank_label": str(p.get_rank_display()),
        "diplomatic_rank": p.diplomatic_rank,
        "diplomatic_rank_label": str(p.get_diplomatic_rank_display()) if p.diplomatic_rank else "",
        "duty_since": p.duty_since,
        "notified_on": p.notified_on,
        "country_en": p.country_en,
        "role": p.role,
        "leader_id": p.leader_id,
        "dietary": p.dietary,
    }


def _participant_data(payload: ParticipantIn) -> dict:
    from .models import Leader

    data = payload.dict(exclude={"leader_id"})
    _choice(data["side"], Participant.Side.choices, _("请选择所属方（中方或外方）。"))
    _choice(str(data["rank"]), RankLevel.choices, _("职级无效。"))
    if data["diplomatic_rank"]:
        _choice(data["diplomatic_rank"], DiplomaticRank.choices, _("外交衔级无效。"))
    _choice(data["role"], Participant.Role.choices, _("身份无效。"))
    data["leader"] = None
    if payload.leader_id:
        data["leader"] = Leader.objects.filter(pk=payload.leader_id, is_active=True).first()
        if data["leader"] is None:
            raise ServiceError(_("所选市领导不存在。"))
    return data


@router.get("/{int:pk}/participants", response={200: list[ParticipantOut], **ERRORS})
@view_required
def list_participants(request, pk: IdParam):
    """The delegation and the hosts, in the order the page lists them (side, rank)."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    return [_participant_out(p) for p in selectors.participants_of(visit)]


@router.post("/{int:pk}/participants", response={201: ParticipantOut, **ERRORS})
@view_required
def add_participant(request, pk: IdParam, payload: ParticipantIn):
    visit = selectors.visit_get(user=request.user, pk=pk)
    p = services.participant_save(visit=visit, by=request.user, data=_participant_data(payload))
    return Status(201, _participant_out(p))


@router.put("/{int:pk}/participants/{int:p_pk}", response={200: ParticipantOut, **ERRORS})
@view_required
def update_participant(request, pk: IdParam, p_pk: IdParam, payload: ParticipantIn):
    visit = selectors.visit_get(user=request.user, pk=pk)
    participant = selectors.participant_get(visit=visit, pk=p_pk)
    p = services.participant_save(
        visit=visit, by=request.user, participant=participant, data=_participant_data(payload)
    )
    return _participant_out(p)


@router.post("/{int:pk}/participants/{int:p_pk}/remove", response={200: list[ParticipantOut], **ERRORS})
@view_required
def remove_participant(request, pk: IdParam, p_pk: IdParam):
    """Remove a person from the visit (and from its events' seating); answers the remaining people."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    participant = selectors.participant_get(visit=visit, pk=p_pk)
    services.participant_remove(visit=visit, by=request.user, participant=participant)
    return [_participant_out(p) for p in selectors.participants_of(visit)]


# --- the programme ----------------------------------------------------------------------------------------
class EventIn(Schema):
    kind: str = Field(..., max_length=20)
    title: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    date: date
    start: time
    end: time
    venue: str = Field(..., min_length=1, max_length=200)
    venue_en: str = Field("", max_length=200)
    participant_ids: list[int] = []
    door: str = Field(DoorPosition.LONG_SIDE.value, max_length=20)
    table_size: int | None = None
    hosted_by_guest: bool = False
    flag_layout: str = Field("", max_length=10, description="多边：row / column / arc；双边留空")
    flag_countries: list[str] = Field([], description="多边活动参加国（中国除外）的 ISO 3166-1 代码")
    interpreters: str = Field("", max_length=200)
    vehicles: str = Field("", max_length=200)
    dietary: str = Field("", max_length=200)
    dress: str = Field("", max_length=100)
    press: str = Field("", max_length=200)
    version: int | None = None


def _event_out(e, conflicts=None) -> dict:
    people = list(e.participants.all())
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "title": e.title,
        "title_en": e.title_en,
        "date": e.date,
        "start": e.start,
        "end": e.end,
        "venue": e.venue,
        "venue_en": e.venue_en,
        "participants": [p.name for p in people],
        "participant_ids": [p.pk for p in people],
        "interpreters": e.interpreters,
        "vehicles": e.vehicles,
        "dietary": e.dietary,
        "dress": e.dress,
        "press": e.press,
        "door": e.door,
        "table_size": e.table_size,
        "hosted_by_guest": e.hosted_by_guest,
        "flag_layout": e.flag_layout,
        "flags": [f["country"] for f in (selectors.flag_arrangement(e) or {}).get("flags", [])],
        "cancelled": e.cancelled_at is not None,
        "conflicts": conflicts if conflicts is not None else selectors.conflicts_for(e),
        "version": e.version,
    }


def _event_args(visit, payload: EventIn) -> tuple[dict, list]:
    data = payload.dict(exclude={"participant_ids", "version", "flag_countries"})
    _choice(data["kind"], EventKind.choices, _("活动类型无效。"))
    _choice(data["door"], DoorPosition.choices, _("门的位置无效。"))
    _choice(data["flag_layout"], FlagLayout.choices, _("国旗排列方式无效。"))
    data["flag_countries"] = [_country(code) for code in payload.flag_countries if code]
    if data["end"] <= data["start"]:
        raise ServiceError(_("结束时间应晚于开始时间。"))
    wanted = set(payload.participant_ids)
    people = [p for p in selectors.participants_of(visit) if p.pk in wanted]
    if len(people) != len(wanted):
        raise ServiceError(_("参加人员须是本来访登记的人员。"))
    return data, people


@router.get("/{int:pk}/events", response={200: list[VisitEventOut], **ERRORS})
@view_required
def list_events(request, pk: IdParam):
    """The programme as on the visit's page, each item with the conflicts the page shows (a leader or
    an interpreter in two places, a venue double-booked)."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    events = selectors.events_of(visit)
    conflicts = selectors.conflicts_for_events(events)
    return [_event_out(e, conflicts.get(e.pk, [])) for e in events]


@router.post("/{int:pk}/events", response={201: VisitEventOut, **ERRORS})
@view_required
def add_event(request, pk: IdParam, payload: EventIn):
    """Add a programme item (the programme's version goes up, the leaders' calendar follows); a conflict
    is not refused, it is listed in ``conflicts`` as the page warns of it."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    data, people = _event_args(visit, payload)
    e = services.event_save(visit=visit, by=request.user, data=data, participants=people)
    return Status(201, _event_out(selectors.event_get(visit=visit, pk=e.pk)))


@router.put("/{int:pk}/events/{int:event_pk}", response={200: VisitEventOut, **ERRORS})
@view_required
def update_event(request, pk: IdParam, event_pk: IdParam, payload: EventIn):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=event_pk)
    data, people = _event_args(visit, payload)
    services.event_save(
        visit=visit, by=request.user, event=event, data=data, participants=people, version=payload.version
    )
    return _event_out(selectors.event_get(visit=visit, pk=event_pk))


@router.post("/{int:pk}/events/{int:event_pk}/cancel", response={200: VisitEventOut, **ERRORS})
@view_required
def cancel_event(request, pk: IdParam, event_pk: IdParam):
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=event_pk)
    if event.cancelled_at:
        raise ServiceError(_("该活动已取消。"))
    services.event_cancel(visit=visit, by=request.user, event=event)
    return _event_out(selectors.event_get(visit=visit, pk=event_pk), [])


class VisitDocumentOut(Schema):
    id: int
    number: str
    version: int
    title: str


@router.post("/{int:pk}/programme/issue", response={200: VisitDocumentOut, **ERRORS})
@view_required
def issue_programme(request, pk: IdParam):
    """Issue the current programme again (the same number, the next version), as the page's button."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    doc = services.programme_issue(visit=visit, by=request.user)
    return {"id": doc.pk, "number": doc.number, "version": doc.version, "title": doc.title}


class IntroductionOut(Schema):
    side: str
    name: str
    name_en: str
    title: str


@router.get("/{int:pk}/introductions", response={200: list[IntroductionOut], **ERRORS})
@view_required
def introductions(request, pk: IdParam):
    """The order of introductions (hosts first, then guests, each in precedence), as on the name cards."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    people = selectors.participants_of(visit)
    order = protocol.introduction_order(
        [p.as_protocol() for p in people if p.side == "host"],
        [p.as_protocol() for p in people if p.side == "guest"],
    )
    return [{"side": p.side, "name": p.name, "name_en": p.name_en, "title": p.title} for p in order]


# --- the summary and its follow-up tasks -------------------------------------------------------------------
class SummaryIn(Schema):
    summary_outcomes: str
    summary_agreements: str = ""
    summary_follow_up: str = ""
    version: int | None = None


@router.put("/{int:pk}/summary", response={200: VisitOut, **ERRORS})
@view_required
def save_summary(request, pk: IdParam, payload: SummaryIn):
    """The summary (纪要) after an approved visit; the partner city's activity log gets the visit."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    services.summary_save(
        visit=visit, by=request.user, data=payload.dict(exclude={"version"}), version=payload.version
    )
    return _visit_out(selectors.visit_get(user=request.user, pk=pk))


class FollowUpIn(Schema):
    task: str = Field(..., max_length=300)
    responsible: str = Field(..., max_length=200)
    due_date: date


class FollowUpOut(Schema):
    id: int
    task: str
    responsible: str
    due_date: date
    done: bool
    overdue: bool
    working_days_left: int | None


def _follow_up_out(f) -> dict:
    return {
        "id": f.pk,
        "task": f.task,
        "responsible": f.responsible,
        "due_date": f.due_date,
        "done": f.done_at is not None,
        "overdue": f.is_overdue,
        "working_days_left": getattr(f, "working_days_left", None),
    }


@router.get("/{int:pk}/follow-ups", response={200: list[FollowUpOut], **ERRORS})
@view_required
def list_follow_ups(request, pk: IdParam):
    visit = selectors.visit_get(user=request.user, pk=pk)
    return [_follow_up_out(f) for f in selectors.follow_ups_of(visit)]


@router.post("/{int:pk}/follow-ups", response={201: FollowUpOut, **ERRORS})
@view_required
def add_follow_up(request, pk: IdParam, payload: FollowUpIn):
    visit = selectors.visit_get(user=request.user, pk=pk)
    f = services.follow_up_add(visit=visit, by=request.user, data=payload.dict())
    return Status(201, _follow_up_out(f))


@router.post("/{int:pk}/follow-ups/{int:f_pk}/done", response={200: FollowUpOut, **ERRORS})
@view_required
def follow_up_done(request, pk: IdParam, f_pk: IdParam):
    visit = selectors.visit_get(user=request.user, pk=pk)
    item = selectors.follow_up_get(visit=visit, pk=f_pk)
    services.follow_up_done(visit=visit, by=request.user, follow_up=item)
    return _follow_up_out(item)


def _plan_out(event) -> dict:
    plan = selectors.seating_plan(event)
    if plan is None:
        raise ServiceError(_("该类活动没有座次安排。"))
    return {
        "kind": plan.kind,
        "seats": [
            {
                "seat": s.key,
                "side": s.side,
                "label": str(s.label or s.display),
                "name": s.person.name if s.person else None,
                "x": s.x,
                "y": s.y,
            }
            for s in plan.seats
        ],
        "flags": [{"country": c, "x": x, "y": y} for x, y, c in plan.flags],
        "warnings": [str(w.text) for w in protocol.check_plan(plan)],
        "rules": [{"text": str(r.text), "citation": str(r.citation)} for r in plan.rules()],
        "edited": bool(event.seating),
        "version": event.version,
    }


@router.get("/{int:pk}/events/{int:event_pk}/seating", response={200: VisitPlanOut, **ERRORS})
@view_required
def get_seating(request, pk: IdParam, event_pk: IdParam):
    """The seating plan as on the page: seats, the warnings of an edited plan and the rules applied."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    return _plan_out(selectors.event_get(visit=visit, pk=event_pk))


class SwapIn(Schema):
    seat_a: str = Field(..., max_length=20)
    seat_b: str = Field(..., max_length=20)
    version: int | None = None


@router.post("/{int:pk}/events/{int:event_pk}/seating/swap", response={200: VisitPlanOut, **ERRORS})
@view_required
def swap_seats(request, pk: IdParam, event_pk: IdParam, payload: SwapIn):
    """Swap two seats of the plan as the seating editor does; the answer lists the rules the edited plan
    breaks (the change is kept, as on the page)."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=event_pk)
    services.seating_swap(
        visit=visit,
        by=request.user,
        event=event,
        seat_a=payload.seat_a,
        seat_b=payload.seat_b,
        version=payload.version,
    )
    event.refresh_from_db()
    return _plan_out(event)


@router.post("/{int:pk}/events/{int:event_pk}/seating/reset", response={200: VisitPlanOut, **ERRORS})
@view_required
def reset_seating(request, pk: IdParam, event_pk: IdParam):
    """Back to the plan generated by the protocol rules (the page's "reset" button)."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    event = selectors.event_get(visit=visit, pk=event_pk)
    if selectors.seating_plan(event) is None:
        raise ServiceError(_("该类活动没有座次安排。"))
    services.seating_reset(visit=visit, by=request.user, event=event)
    return _plan_out(selectors.event_get(visit=visit, pk=event_pk))


@router.get("/gifts/", response={200: list[GiftOut], **ERRORS})
@view_required
def list_gifts(request, filters: Query[GiftQuery]):
    f = GiftFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_gift_out(g) for g in f.api_qs()[:200]]


@router.get("/gifts/{int:pk}", response={200: GiftOut, **ERRORS})
@view_required
def get_gift(request, pk: IdParam):
    return _gift_out(selectors.gift_get(user=request.user, pk=pk))


@router.post("/gifts/{int:pk}/declare", response={200: GiftOut, **ERRORS})
@view_required
def declare_gift(request, pk: IdParam):
    gift = selectors.gift_get(user=request.user, pk=pk)
    services.gift_declare(gift=gift, by=request.user)
    return _gift_out(gift)


class GiftIn(Schema):
    direction: str = Field(..., max_length=10)
    unit_id: int | None = Field(None, ge=1, description="默认为本人所在单位")
    visit_id: int | None = Field(None, ge=1)
    description: str = Field(..., min_length=1, max_length=200)
    counterpart: str = Field(..., min_length=1, max_length=200)
    counterpart_country: str | None = Field(None, max_length=2)
    person: str = Field(..., min_length=1, max_length=100)
    on_date: date
    returned_on: date | None = None
    value: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    is_cash: bool = False
    budget: str = Field("", max_length=200)
    notes: str = ""


@router.post("/gifts/", response={201: GiftOut, **ERRORS})
@view_required
def create_gift(request, payload: GiftIn):
    """Register a gift given or received, as the page's form (the photo is uploaded afterwards with
    ``POST /gifts/{pk}/photo``): a received gift at or above the threshold gets its declaration deadline
    on the holiday calendar."""
    from apps.accounts.scope import units_visible

    if not vp.may_record_gift(request.user):
        raise PermissionDenied(_("您无权登记礼品。"))
    data = payload.dict(exclude={"unit_id", "visit_id", "counterpart_country"})
    _choice(data["direction"], Gift.Direction.choices, _("礼品类别无效。"))
    unit_id = payload.unit_id or request.user.unit_id
    unit = units_visible(request.user).filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        raise ServiceError(_("请选择礼品所属单位（您可以登记的单位）。"))
    data["visit"] = None
    if payload.visit_id:
        data["visit"] = selectors.visit_list(user=request.user).filter(pk=payload.visit_id).first()
        if data["visit"] is None:
            raise ServiceError(_("所选来访不存在。"))
    data["counterpart_country"] = _country(payload.counterpart_country)
    gift = services.gift_create(by=request.user, unit=unit, data=data)
    return Status(201, _gift_out(selectors.gift_get(user=request.user, pk=gift.pk)))


@router.post("/gifts/{int:pk}/approve", response={200: GiftOut, **ERRORS})
@view_required
def approve_gift(request, pk: IdParam):
    """Approve a gift before it is given (an office leader, not the one who registered it)."""
    gift = selectors.gift_get(user=request.user, pk=pk)
    services.gift_approve(gift=gift, by=request.user)
    return _gift_out(gift)


@router.post("/gifts/{int:pk}/photo", response={200: GiftOut, **ERRORS})
@view_required
def upload_gift_photo(request, pk: IdParam, file: File[UploadedFile]):
    """Add or replace the gift's photo (multipart, field ``file``): a JPEG, PNG or WebP image by its
    content, up to the configured size; whoever may declare the gift may, as on its page."""
    gift = selectors.gift_get(user=request.user, pk=pk)
    services.gift_photo_set(gift=gift, by=request.user, upload=file)
    return _gift_out(gift)


@router.get("/gifts/{int:pk}/photo", response={200: None, **ERRORS})
@view_required
def get_gift_photo(request, pk: IdParam):
    """The gift's photo (``image/jpeg``, ``image/png`` or ``image/webp``, recognised from its content);
    404 when it has none. Audited, as on the page."""
    gift = selectors.gift_get(user=request.user, pk=pk)
    content, content_type = services.gift_photo_read(gift=gift, by=request.user)
    return photos.photo_response(gift, content, content_type)


class HandInIn(Schema):
    handed_in_on: date
    disposition: str = Field(..., max_length=20)
    version: int | None = None


@router.post("/gifts/{int:pk}/hand-in", response={200: GiftOut, **ERRORS})
@view_required
def hand_in_gift(request, pk: IdParam, payload: HandInIn):
    """The hand-in of a declared gift and its disposition (kept, displayed, auctioned, to the treasury)."""
    gift = selectors.gift_get(user=request.user, pk=pk)
    _choice(payload.disposition, [c for c in Disposition.choices if c[0]], _("请选择处理方式。"))
    services.gift_hand_in(
        gift=gift,
        by=request.user,
        handed_in_on=payload.handed_in_on,
        disposition=payload.disposition,
        version=payload.version,
    )
    return _gift_out(gift)


class DispositionRow(Schema):
    disposition: str
    count: int
    value: Decimal


class GiftReportOut(Schema):
    year: int
    received: int
    given: int
    received_total: Decimal
    given_total: Decimal
    needing_declaration: int
    declared: int
    overdue: int
    by_disposition: list[DispositionRow]
    source: str


@router.get("/gifts/report", response={200: GiftReportOut, **ERRORS})
@view_required
def gift_report(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The yearly gift report as on its page (the gifts the user may see)."""
    from . import conf

    r = selectors.gift_year_report(user=request.user, year=year or timezone.localdate().year)
    return {
        "year": r["year"],
        "received": len(r["received"]),
        "given": len(r["given"]),
        "received_total": r["received_total"],
        "given_total": r["given_total"],
        "needing_declaration": r["needing"],
        "declared": r["declared"],
        "overdue": r["overdue"],
        "by_disposition": [
            {"disposition": str(k), "count": n, "value": v} for k, n, v in r["by_disposition"]
        ],
        "source": str(conf.GIFT_REPORT_SOURCE),
    }


# --- the leaders' calendar --------------------------------------------------------------------------------
class LeaderOut(Schema):
    id: int
    name: str
    title: str
    rank: int
    rank_label: str
    user_id: int | None
    order: int
    is_active: bool


def leader_out(x) -> dict:
    return {
        "id": x.pk,
        "name": x.name,
        "title": x.title,
        "rank": x.rank,
        "rank_label": str(x.get_rank_display()),
        "user_id": x.user_id,
        "order": x.order,
        "is_active": x.is_active,
    }


class LeaderIn(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    title: str = Field(..., min_length=1, max_length=100)
    rank: int = RankLevel.BUREAU.value
    user_id: int | None = None
    order: int = Field(100, ge=0, le=32767)
    is_active: bool = True


def _leader_data(payload: LeaderIn) -> dict:
    data = payload.dict(exclude={"user_id"})
    _choice(str(data["rank"]), RankLevel.choices, _("职级无效。"))
    data["user"] = None
    if payload.user_id:
        data["user"] = selectors.leader_accounts().filter(pk=payload.user_id).first()
        if data["user"] is None:
            raise ServiceError(_("所选账号不存在或已停用。"))
    return data


class VisitEntryOut(Schema):
    id: int
    leader_id: int
    leader: str
    title: str
    start: datetime
    end: datetime
    location: str
    source: str
    source_label: str
    clash: bool
    editable: bool
    url: str | None


def entry_out(e, *, clashes: set[int], can_edit: bool) -> dict:
    """One engagement as the calendar widget and the API show it (the page's JSON feed is this API)."""
    from django.urls import reverse

    if e.event_id:
        url = reverse("visits:detail", args=[e.event.visit_id]) + "#programme"
    elif can_edit:
        url = reverse("visits:entry_edit", args=[e.pk])
    else:
        url = None
    return {
        "id": e.pk,
        "leader_id": e.leader_id,
        "leader": e.leader.name,
        "title": e.title,
        "start": timezone.localtime(e.starts_at),
        "end": timezone.localtime(e.ends_at),
        "location": e.location,
        "source": e.source,
        "source_label": str(e.get_source_display()),
        "clash": e.pk in clashes,
        "editable": can_edit and not e.event_id,
        "url": url,
    }


@router.get("/calendar/leaders", response={200: list[LeaderOut], **ERRORS})
@calendar_required
def calendar_leaders(request):
    """The leaders whose calendar the user reads: every one for the secretariat, a leader their own."""
    return [leader_out(x) for x in selectors.leaders_for(user=request.user)]


@router.post("/calendar/leaders", response={201: LeaderOut, **ERRORS})
@secretariat_required
def create_leader(request, payload: LeaderIn):
    """A leader added to the list whose calendar the secretariat keeps."""
    leader = services.leader_save(by=request.user, data=_leader_data(payload))
    return Status(201, leader_out(leader))


@router.put("/calendar/leaders/{int:pk}", response={200: LeaderOut, **ERRORS})
@secretariat_required
def update_leader(request, pk: IdParam, payload: LeaderIn):
    """A leader's entry changed; ``is_active: false`` marks one who no longer serves (never deleted)."""
    leader = selectors.leader_roster_get(user=request.user, pk=pk)
    return leader_out(services.leader_save(by=request.user, leader=leader, data=_leader_data(payload)))


@router.get("/calendar/entries", response={200: list[VisitEntryOut], **ERRORS})
@calendar_required
def calendar_entries(request, filters: Query[CalendarQuery]):
    """The engagements between ``start`` and ``end`` (at most 62 days; default the current week) of the
    leaders the user reads, each marked when it overlaps another of the same leader. The calendar page's
    widget reads this."""
    f = CalendarFilter(filters.model_dump(exclude_none=True), user=request.user)
    entries = list(f.api_qs()[:1000])
    clashes = selectors.calendar_conflicts(entries)
    can_edit = request.user.has_perm("visits.calendar")
    return [entry_out(e, clashes=clashes, can_edit=can_edit) for e in entries]


class VisitEntryIn(Schema):
    leader_id: int = Field(..., ge=1)
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: datetime
    ends_at: datetime
    location: str = Field("", max_length=200)
    source: str = Field(CalendarEntry.Source.MANUAL.value, max_length=20)
    notes: str = ""


def _entry_data(request, payload: VisitEntryIn) -> dict:
    data = payload.dict(exclude={"leader_id"})
    _choice(
        data["source"],
        [c for c in CalendarEntry.Source.choices if c[0] != CalendarEntry.Source.VISIT],
        _("来源无效（来访活动的日程由来访的日程安排生成）。"),
    )
    for key in ("starts_at", "ends_at"):
        if timezone.is_naive(data[key]):
            data[key] = timezone.make_aware(data[key])
    data["leader"] = selectors.leaders_for(user=request.user).filter(pk=payload.leader_id).first()
    if data["leader"] is None:
        raise ServiceError(_("所选市领导不存在。"))
    return data


def _one_entry(request, pk) -> dict:
    e = selectors.entry_get(user=request.user, pk=pk)
    mine = list(
        selectors.calendar_entries(
            user=request.user,
            start=timezone.localtime(e.starts_at).date(),
            end=timezone.localtime(e.ends_at).date() + timedelta(days=1),
            leader=e.leader,
        )
    )
    return entry_out(e, clashes=selectors.calendar_conflicts(mine), can_edit=True)


@router.post("/calendar/entries", response={201: VisitEntryOut, **ERRORS})
@secretariat_required
def create_entry(request, payload: VisitEntryIn):
    """A manual engagement (trip abroad, conference, other) in a leader's calendar (the secretariat)."""
    e = services.entry_save(by=request.user, data=_entry_data(request, payload))
    return Status(201, _one_entry(request, e.pk))


@router.put("/calendar/entries/{int:pk}", response={200: VisitEntryOut, **ERRORS})
@secretariat_required
def update_entry(request, pk: IdParam, payload: VisitEntryIn):
    entry = selectors.entry_get(user=request.user, pk=pk)
    services.entry_save(by=request.user, entry=entry, data=_entry_data(request, payload))
    return _one_entry(request, pk)


class FeedIn(Schema):
    leader_id: int = Field(..., ge=1)


class FeedOut(Schema):
    id: int
    leader: str
    url: str
    created_at: datetime
    revoked: bool
    last_used_at: datetime | None


def _feed_out(request, t) -> dict:
    from django.urls import reverse

    return {
        "id": t.pk,
        "leader": str(t.leader),
        "url": request.build_absolute_uri(reverse("visits_feed:ical", args=[t.token])),
        "created_at": t.created_at,
        "revoked": t.revoked_at is not None,
        "last_used_at": t.last_used_at,
    }


@router.get("/calendar/feeds", response={200: list[FeedOut], **ERRORS})
@calendar_required
def list_feeds(request):
    """The user's own private iCalendar feeds."""
    return [_feed_out(request, t) for t in selectors.feed_tokens(user=request.user)]


@router.post("/calendar/feeds", response={201: FeedOut, **ERRORS})
@calendar_required
def create_feed(request, payload: FeedIn):
    leader = selectors.leaders_for(user=request.user).filter(pk=payload.leader_id).first()
    if leader is None:
        raise ServiceError(_("所选市领导不存在。"))
    t = services.feed_token_create(by=request.user, leader=leader)
    return Status(201, _feed_out(request, t))


@router.post("/calendar/feeds/{int:pk}/revoke", response={200: FeedOut, **ERRORS})
@calendar_required
def revoke_feed(request, pk: IdParam):
    token = selectors.feed_token_get(user=request.user, pk=pk)
    services.feed_token_revoke(by=request.user, token=token)
    return _feed_out(request, token)
