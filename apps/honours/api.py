"""Honours API (/api/honours/): nominations with the same selectors and services as the pages."""

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

from . import selectors, services
from .filters import NominationFilter

router = Router(tags=["honours"], auth=api_auth)
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
review_required = require_perm("casework.view", "casework.review")


class NominationIn(Schema):
    nominee_name: str = Field(..., max_length=100)
    nominee_name_zh: str = Field("", max_length=50)
    nationality: str = Field(..., max_length=2)
    employer: str = Field(..., max_length=200)
    supervising_body: str = Field(..., max_length=200)
    position: str = Field("", max_length=100)
    working_since: date
    exception_reason: str = Field("", max_length=300)
    contributions: str
    consent_publicity: bool = False
    version: int | None = None


class OpinionOut(Schema):
    body: str
    member_name: str
    agrees: bool
    opinion: str


class NominationOut(Schema):
    id: int
    reference: str | None
    nominee_name: str
    nationality: str
    years_in_city: int
    conditions_met: bool
    state: str
    state_label: str
    approval_reference: str
    certificate_number: str
    consent_publicity: bool
    version: int
    opinions: list[OpinionOut]
    transitions: list[str]


class OpinionIn(Schema):
    body: str = Field(..., max_length=100)
    member_name: str = Field(..., max_length=50)
    agrees: bool
    opinion: str = Field(..., max_length=500)


class HonourTransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    assignee_id: int | None = None
    reference: str = Field("", max_length=100)
    ceremony_on: date | None = None


def _out(n, user) -> dict:
    c = services.conditions(n)
    return {
        "id": n.pk,
        "reference": n.reference,
        "nominee_name": n.nominee_name,
        "nationality": n.nationality.iso2,
        "years_in_city": c["years"],
        "conditions_met": c["met"],
        "state": n.state,
        "state_label": str(n.get_state_display()),
        "approval_reference": n.approval_reference,
        "certificate_number": n.certificate_number,
        "consent_publicity": n.consent_publicity,
        "version": n.version,
        "opinions": [
            {"body": o.body, "member_name": o.member_name, "agrees": o.agrees, "opinion": o.opinion}
            for o in selectors.opinions_of(n)
        ],
        "transitions": cw_selectors.available_transitions(case=n, user=user),
    }


def _data(payload: NominationIn) -> dict:
    country = Country.objects.filter(iso2=payload.nationality.strip().upper(), is_active=True).first()
    if country is None:
        raise ServiceError(_("未知的国家（地区）代码：%(code)s") % {"code": payload.nationality})
    data = payload.dict(exclude={"version", "nationality"})
    data["nationality"] = country
    return data


NominationQuery = query_schema(NominationFilter, "NominationQuery")


@router.get("/", response={200: list[NominationOut], **ERRORS})
@view_required
def list_nominations(request, filters: Query[NominationQuery]):
    f = NominationFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_out(n, request.user) for n in f.api_qs()[:200]]


@router.get("/stats", response={200: list[YearCountryOut], **ERRORS})
@view_required
def nomination_stats(request, filters: Query[NominationQuery]):
    """Statistics by year of nomination and nationality, as on the list page (the same filters)."""
    f = NominationFilter(filters.model_dump(exclude_none=True), user=request.user)
    return year_country_out(f.api_qs(), year_of="created_at", country="nationality")


@router.post("/", response={201: NominationOut, **ERRORS})
@apply_required
def create_nomination(request, payload: NominationIn):
    n = services.nomination_create(by=request.user, unit=request.user.unit, data=_data(payload))
    return Status(201, _out(selectors.nomination_get(user=request.user, pk=n.pk), request.user))


@router.get("/{int:pk}", response={200: NominationOut, **ERRORS})
@view_required
def get_nomination(request, pk: int):
    return _out(selectors.nomination_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/opinions", response={201: NominationOut, **ERRORS})
@review_required
def add_opinion(request, pk: int, payload: OpinionIn):
    n = selectors.nomination_get(user=request.user, pk=pk)
    services.opinion_add(nomination=n, by=request.user, **payload.dict())
    return Status(201, _out(selectors.nomination_get(user=request.user, pk=pk), request.user))


@router.post("/{int:pk}/transitions/{name}", response={200: NominationOut, **ERRORS})
@view_required
def fire(request, pk: int, name: str, payload: HonourTransitionIn):
    n = selectors.nomination_get(user=request.user, pk=pk)
    params = {}
    if name == "assign":
        params["assignee"] = payload.assignee_id
    elif name == "record_city_approval":
        params["reference"] = payload.reference
    elif name == "record_ceremony":
        params["ceremony_on"] = payload.ceremony_on
    services.nomination_transition(
        nomination=n, name=name, by=request.user, comment=payload.comment, version=payload.version, **params
    )
    return _out(selectors.nomination_get(user=request.user, pk=pk), request.user)
