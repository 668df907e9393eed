"""Visits API (/api/visits/): the same selectors and services as the pages, the same answers (permission
first → 403, out of scope → 404, refused → 400, someone else changed it first → 409: ``apps.core.api``)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.filters import query_schema
from apps.core.ids import IdParam

from . import protocol, selectors, services
from .filters import GiftFilter, VisitFilter

router = Router(tags=["visits"], auth=api_auth)
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
VisitQuery = query_schema(VisitFilter, "VisitQuery")
GiftQuery = query_schema(GiftFilter, "GiftQuery")


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
    version: int


class VisitIn(Schema):
    title: str = Field(..., max_length=200)
    level: str = Field("general", max_length=20)
    guest_organisation: str = Field("", max_length=200)
    head_name: str = Field("", max_length=120)
    head_title: str = Field("", max_length=200)
    arrival_date: date | None = None
    departure_date: date | None = None
    purpose: str = ""


class VisitEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    date: date
    start: time
    end: time
    venue: str
    participants: list[str]
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


class VisitPlanOut(Schema):
    kind: str
    seats: list[SeatOut]
    warnings: list[str]
    rules: list[VisitRuleOut]


class GiftOut(Schema):
    id: int
    direction: str
    direction_label: str
    description: str
    counterpart: str
    on_date: date
    value: Decimal
    declaration_due: date | None
    declared: bool
    handed_in_on: date | None
    disposition_label: str


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
        "version": v.version,
    }


def _gift_out(g) -> dict:
    return {
        "id": g.pk,
        "direction": g.direction,
        "direction_label": str(g.get_direction_display()),
        "description": g.description,
        "counterpart": g.counterpart,
        "on_date": g.on_date,
        "value": g.value,
        "declaration_due": g.declaration_due,
        "declared": bool(g.declared_at),
        "handed_in_on": g.handed_in_on,
        "disposition_label": str(g.get_disposition_display()),
    }


@router.get("/", response={200: list[VisitOut], **ERRORS})
@view_required
def list_visits(request, filters: Query[VisitQuery]):
    """The visit list as on its page (``VisitFilter``), at most 200."""
    f = VisitFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_visit_out(v) for v in f.api_qs()[:200]]


@router.post("/", response={201: VisitOut, **ERRORS})
@apply_required
def create_visit(request, payload: VisitIn):
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if request.user.unit_id is None:
        raise PermissionDenied(_("您的账号没有所属单位，请在页面上选择接待单位登记。"))
    visit = services.visit_create(by=request.user, unit=request.user.unit, data=payload.dict())
    return Status(201, _visit_out(selectors.visit_get(user=request.user, pk=visit.pk)))


@router.get("/{int:pk}", response={200: VisitOut, **ERRORS})
@view_required
def get_visit(request, pk: IdParam):
    return _visit_out(selectors.visit_get(user=request.user, pk=pk))


@router.get("/{int:pk}/events", response={200: list[VisitEventOut], **ERRORS})
@view_required
def list_events(request, pk: IdParam):
    visit = selectors.visit_get(user=request.user, pk=pk)
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "kind_label": str(e.get_kind_display()),
            "title": e.title,
            "date": e.date,
            "start": e.start,
            "end": e.end,
            "venue": e.venue,
            "participants": [p.name for p in e.participants.all()],
            "version": e.version,
        }
        for e in selectors.events_of(visit)
    ]


def _plan_out(event) -> dict:
    from django.utils.translation import gettext as _

    from apps.core.errors import ServiceError

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
        "warnings": [str(w.text) for w in protocol.check_plan(plan)],
        "rules": [{"text": str(r.text), "citation": str(r.citation)} for r in plan.rules()],
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
