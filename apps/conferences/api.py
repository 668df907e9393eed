"""Conferences API (/api/conferences/): the same selectors and services as the pages, the same answers
(out of scope → 404, not allowed → 403, stale version → 409, a rule refuses → 400; ``apps.core.api``)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework import selectors as cw_selectors
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.errors import ServiceError
from apps.core.filters import query_schema
from apps.reference.api import YearCountryOut, year_country_out
from apps.reference.models import Country

from . import checks, selectors, services
from .filters import ConferenceFilter

router = Router(tags=["conferences"], auth=api_auth)
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))


class ConferenceIn(Schema):
    title: str = Field(..., max_length=200)
    name_en: str = Field(..., max_length=300)
    kind: str = Field("general", max_length=20)
    start_date: date
    end_date: date
    venue: str = Field(..., max_length=200)
    organiser: str = Field(..., max_length=200)
    co_organisers: str = Field("", max_length=500)
    total_participants: int = Field(..., ge=0, le=10_000_000)
    foreign_participants: int = Field(..., ge=0, le=10_000_000)
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2")
    theme: str = ""
    funding: str = Field("", max_length=300)
    exhibition_area: int | None = Field(None, ge=0, le=10_000_000)
    excursions: str = Field("", max_length=500)
    taiwan_participants: int = Field(0, ge=0, le=10_000_000)
    un_or_major_org: bool = False
    sensitive_topic: bool = False
    senior_foreign_guests: bool = False
    contact_name: str = Field(..., max_length=50)
    contact_phone: str = Field(..., max_length=30)
    version: int | None = None


class ConferenceFindingOut(Schema):
    status: str
    message: str
    citation: str


class ConferenceOut(Schema):
    id: int
    reference: str | None
    title: str
    name_en: str
    kind: str
    kind_label: str
    start_date: date
    end_date: date
    venue: str
    organiser: str
    total_participants: int
    foreign_participants: int
    countries: list[str]
    state: str
    state_label: str
    approving_level: str
    approving_level_label: str
    forwarded_reference: str
    approval_reference: str
    actual_total: int | None
    actual_foreign: int | None
    actual_countries: int | None
    version: int
    findings: list[ConferenceFindingOut]
    transitions: list[str]


class ConferenceTransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    assignee_id: int | None = None
    reference: str = Field("", max_length=100)
    actual_total: int | None = Field(None, ge=0, le=10_000_000)
    actual_foreign: int | None = Field(None, ge=0, le=10_000_000)
    actual_countries: int | None = Field(None, ge=0, le=1000)
    summary: str = ""


def _out(c, user) -> dict:
    return {
        "id": c.pk,
        "reference": c.reference,
        "title": c.title,
        "name_en": c.name_en,
        "kind": c.kind,
        "kind_label": str(c.get_kind_display()),
        "start_date": c.start_date,
        "end_date": c.end_date,
        "venue": c.venue,
        "organiser": c.organiser,
        "total_participants": c.total_participants,
        "foreign_participants": c.foreign_participants,
        "countries": [x.iso2 for x in c.countries.all()],
        "state": c.state,
        "state_label": str(c.get_state_display()),
        "approving_level": c.approving_level,
        "approving_level_label": str(c.get_approving_level_display()) if c.approving_level else "",
        "forwarded_reference": c.forwarded_reference,
        "approval_reference": c.approval_reference,
        "actual_total": c.actual_total,
        "actual_foreign": c.actual_foreign,
        "actual_countries": c.actual_countries,
        "version": c.version,
        "findings": [
            {"status": f.status, "message": f.message, "citation": f.citation}
            for f in checks.run(services.facts_of(c))
        ],
        "transitions": cw_selectors.available_transitions(case=c, user=user),
    }


def _resolve(payload: ConferenceIn) -> tuple[dict, list]:
    codes = [c.strip().upper() for c in payload.countries]
    found = {c.iso2: c for c in Country.objects.filter(iso2__in=codes, is_active=True)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ServiceError(_("未知的国家（地区）代码：%(codes)s") % {"codes": "、".join(unknown)})
    if payload.kind not in ("general", "science"):
        raise ServiceError(_("会议类别无效。"))
    data = payload.dict(exclude={"countries", "version"})
    return data, [found[c] for c in codes]


ConferenceQuery = query_schema(ConferenceFilter, "ConferenceQuery")


@router.get("/", response={200: list[ConferenceOut], **ERRORS})
@view_required
def list_conferences(request, filters: Query[ConferenceQuery]):
    """The list as on its page (the same filters), at most 200 requests."""
    f = ConferenceFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_out(c, request.user) for c in f.api_qs().prefetch_related("countries")[:200]]


@router.get("/stats", response={200: list[YearCountryOut], **ERRORS})
@view_required
def conference_stats(request, filters: Query[ConferenceQuery]):
    """Statistics by year of the meeting and country, as on the list page (the same filters)."""
    f = ConferenceFilter(filters.model_dump(exclude_none=True), user=request.user)
    return year_country_out(f.api_qs(), year_of="start_date", country="countries")


@router.post("/", response={201: ConferenceOut, **ERRORS})
@apply_required
def create_conference(request, payload: ConferenceIn):
    data, countries = _resolve(payload)
    conf = services.conference_create(by=request.user, unit=request.user.unit, data=data, countries=countries)
    return Status(201, _out(selectors.conference_get(user=request.user, pk=conf.pk), request.user))


@router.get("/{int:pk}", response={200: ConferenceOut, **ERRORS})
@view_required
def get_conference(request, pk: int):
    return _out(selectors.conference_get(user=request.user, pk=pk), request.user)


@router.put("/{int:pk}", response={200: ConferenceOut, **ERRORS})
@apply_required
def update_conference(request, pk: int, payload: ConferenceIn):
    conf = selectors.conference_get(user=request.user, pk=pk)
    data, countries = _resolve(payload)
    services.conference_update(
        conference=conf, by=request.user, data=data, countries=countries, version=payload.version
    )
    return _out(selectors.conference_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/transitions/{name}", response={200: ConferenceOut, **ERRORS})
@view_required
def fire(request, pk: int, name: str, payload: ConferenceTransitionIn):
    conf = selectors.conference_get(user=request.user, pk=pk)
    params = {}
    if name == "assign":
        params["assignee"] = payload.assignee_id
    elif name in ("forward_to_approver", "record_approval"):
        params["reference"] = payload.reference
    elif name == "file_summary":
        params.update(
            actual_total=payload.actual_total,
            actual_foreign=payload.actual_foreign,
            actual_countries=payload.actual_countries,
            summary=payload.summary,
        )
    services.conference_transition(
        conference=conf,
        name=name,
        by=request.user,
        comment=payload.comment,
        version=payload.version,
        **params,
    )
    return _out(selectors.conference_get(user=request.user, pk=pk), request.user)
