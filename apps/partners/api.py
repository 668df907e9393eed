"""Partners API (/api/partners/): the register, the public list, the two case types, plans and the country
view — the same selectors and services as the pages, the same answers (``ERRORS``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework import selectors as cw_selectors
from apps.casework import services as cw_services
from apps.core.api import ERRORS, require_perm
from apps.core.errors import ServiceError
from apps.core.filters import query_schema
from apps.reference.models import Country

from . import selectors, services
from .filters import PartnerFilter
from .models import Partner, PartnershipCase, TwinningCase

router = Router(tags=["partners"], auth=api_auth)

view_required = require_perm("partners.view", message=gettext_lazy("您无权查看友好城市登记。"))
manage_required = require_perm("partners.manage", message=gettext_lazy("您无权修改友好城市登记。"))
signed_in = require_perm(message=gettext_lazy("请先登录。"))
cases_required = require_perm("casework.view", message=gettext_lazy("您无权查看案件。"))
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
PartnerQuery = query_schema(PartnerFilter, "PartnerQuery")


class PublicPartnerOut(Schema):
    id: int
    name_zh: str
    name_local: str
    country: str
    category: str
    since: str
    source: str


class PartnerOut(PublicPartnerOut):
    name_en: str
    country_iso2: str
    established_on: dt.date | None
    established_note: str
    status: str
    division: str
    counterpart_office: str
    source_url: str
    latitude: Decimal | None
    longitude: Decimal | None
    version: int


class PartnerIn(Schema):
    name_zh: str = Field(..., max_length=100)
    name_local: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    country: str = Field(..., max_length=2)
    category: str = Field(..., max_length=20)
    established_on: dt.date | None = None
    established_note: str = Field("", max_length=200)
    status: str = Field("active", max_length=20)
    counterpart_office: str = Field("", max_length=200)
    contacts: str = ""
    source: str = Field("", max_length=300)
    source_url: str = Field("", max_length=300)
    latitude: Decimal | None = Field(None, max_digits=8, decimal_places=4)
    longitude: Decimal | None = Field(None, max_digits=8, decimal_places=4)
    city_names: str = Field("", max_length=300)
    notes: str = ""
    version: int | None = None


class ActivityOut(Schema):
    date: dt.date
    kind: str
    summary: str
    reference: str | None


class LinkIn(Schema):
    reference: str = Field(..., max_length=40)
    kind: str = Field("visit_out", max_length=20)
    summary: str = Field("", max_length=300)


class PartnerCaseOut(Schema):
    id: int
    reference: str | None
    title: str
    state: str
    state_label: str
    stage: str
    stage_label: str
    applicant_unit: str
    division: str | None
    partner_id: int | None
    transitions: list[str]


class EstablishmentIn(Schema):
    partner_name_zh: str = Field(..., max_length=100)
    partner_name_local: str = Field("", max_length=200)
    country: str = Field(..., max_length=2)
    category: str = Field("friendship", max_length=20)
    existing_partner_id: int | None = None
    intent_signed_on: dt.date | None = None
    exchanges_summary: str = ""
    reasons: str = ""


class TwinningIn(Schema):
    partner_id: int
    institution_kind: str = Field(..., max_length=20)
    local_institution: str = Field(..., max_length=200)
    foreign_institution: str = Field(..., max_length=200)
    line_authority: str = Field("", max_length=200)
    line_authority_number: str = Field("", max_length=100)
    line_authority_date: dt.date | None = None
    plan: str = ""


class PartnerTransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    assignee_id: int | None = None
    authority: str = Field("", max_length=200)
    number: str = Field("", max_length=100)
    date: dt.date | None = None


class PartnerCountryOut(Schema):
    iso2: str
    name: str
    division: str | None
    partners: list[PublicPartnerOut]
    trips_by_year: list[dict]


class PartnerPlanOut(Schema):
    id: int
    year: int
    title: str
    division: str
    is_hk_macao: bool
    total: int
    done: int


def _country(iso2: str) -> Country:
    country = Country.objects.filter(iso2=(iso2 or "").upper()).first()
    if country is None:
        raise ServiceError(_("未知的国家（地区）代码：%(code)s") % {"code": iso2})
    return country


def _public(p: Partner) -> dict:
    return {
        "id": p.pk,
        "name_zh": p.name_zh,
        "name_local": p.name_local,
        "country": p.country.label,
        "category": str(p.get_category_display()),
        "since": str(p.since_label),
        "source": p.source,
    }


def _out(p: Partner) -> dict:
    return {
        **_public(p),
        "name_en": p.name_en,
        "country_iso2": p.country.iso2,
        "established_on": p.established_on,
        "established_note": p.established_note,
        "status": str(p.get_status_display()),
        "division": p.division.name,
        "counterpart_office": p.counterpart_office,
        "source_url": p.source_url,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "version": p.version,
    }


def _partner_data(payload: PartnerIn) -> dict:
    data = payload.model_dump(exclude={"version"})
    data["country"] = _country(payload.country)
    return data


@router.get("/", response={200: list[PartnerOut], **ERRORS}, summary="友好城市登记 / partner register")
@view_required
def list_partners(request, filters: Query[PartnerQuery]):
    f = PartnerFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_out(p) for p in f.api_qs()[:500]]


@router.get(
    "/directory", response={200: list[PublicPartnerOut], **ERRORS}, summary="友好城市名录 / public list"
)
@signed_in
def public_partners(request):
    return [_public(p) for p in selectors.public_partner_list()]


@router.post("/", response={201: PartnerOut, **ERRORS})
@manage_required
def create_partner(request, payload: PartnerIn):
    partner = services.partner_create(by=request.user, data=_partner_data(payload))
    return Status(201, _out(selectors.partner_get(user=request.user, pk=partner.pk)))


@router.get("/{int:pk}", response={200: PartnerOut, **ERRORS})
@view_required
def get_partner(request, pk: int):
    return _out(selectors.partner_get(user=request.user, pk=pk))


@router.put("/{int:pk}", response={200: PartnerOut, **ERRORS})
@manage_required
def update_partner(request, pk: int, payload: PartnerIn):
    partner = selectors.partner_get(user=request.user, pk=pk)
    services.partner_update(
        partner=partner, by=request.user, data=_partner_data(payload), version=payload.version
    )
    return _out(selectors.partner_get(user=request.user, pk=pk))


@router.get(
    "/{int:pk}/activity", response={200: list[ActivityOut], **ERRORS}, summary="交往记录 / activity log"
)
@view_required
def partner_activity(request, pk: int):
    partner = selectors.partner_get(user=request.user, pk=pk)
    return [
        {
            "date": r["date"],
            "kind": r["kind"],
            "summary": r["summary"],
            "reference": r["case"].reference if r["case"] is not None else None,
        }
        for r in selectors.partner_activity(user=request.user, partner=partner)
    ]


@router.post("/{int:pk}/activity", response={201: ActivityOut, **ERRORS})
@manage_required
def link_activity(request, pk: int, payload: LinkIn):
    partner = selectors.partner_get(user=request.user, pk=pk)
    a = services.activity_link(partner=partner, by=request.user, **payload.model_dump())
    return Status(
        201,
        {
            "date": a.date,
            "kind": str(a.get_kind_display()),
            "summary": a.summary,
            "reference": a.case.reference,
        },
    )


# --- cases -----------------------------------------------------------------------------------------------
def _case_out(case, user) -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "title": case.title,
        "state": case.state,
        "state_label": str(case.get_state_display()),
        "stage": case.stage,
        "stage_label": str(case.get_stage_display()),
        "applicant_unit": case.applicant_unit.name,
        "division": case.division.name if case.division_id else None,
        "partner_id": case.partner_id,
        "transitions": cw_selectors.available_transitions(case=case, user=user),
    }


def _partner_case(request, pk):
    case = cw_selectors.case_get(user=request.user, pk=pk)
    if not isinstance(case, PartnershipCase | TwinningCase):
        from django.http import Http404

        raise Http404
    return case


@router.get("/cases", response={200: list[PartnerCaseOut], **ERRORS}, summary="结好申请 / partnership cases")
@cases_required
def list_cases(request):
    user = request.user
    rows = list(selectors.establishment_list(user=user)[:100]) + list(
        selectors.twinning_case_list(user=user)[:100]
    )
    return [_case_out(c, user) for c in rows]


@router.post("/cases/establish", response={201: PartnerCaseOut, **ERRORS})
@apply_required
def create_establishment(request, payload: EstablishmentIn):
    if request.user.unit_id is None:
        raise PermissionDenied(_("您没有所属单位，不能提交申请。"))
    data = payload.model_dump(exclude={"existing_partner_id"})
    data["country"] = _country(payload.country)
    if payload.existing_partner_id:
        data["existing_partner"] = Partner.objects.active().filter(pk=payload.existing_partner_id).first()
        if data["existing_partner"] is None:
            raise ServiceError(_("所选友好城市不存在。"))
    case = services.establishment_create(by=request.user, unit=request.user.unit, data=data)
    return Status(201, _case_out(_partner_case(request, case.pk), request.user))


@router.post("/cases/twinning", response={201: PartnerCaseOut, **ERRORS})
@apply_required
def create_twinning(request, payload: TwinningIn):
    if request.user.unit_id is None:
        raise PermissionDenied(_("您没有所属单位，不能提交申请。"))
    data = payload.model_dump(exclude={"partner_id"})
    data["partner"] = selectors.partners_for_twinning().filter(pk=payload.partner_id).first()
    if data["partner"] is None:
        raise ServiceError(_("只能与本市的友好城市或友好交流城市的单位结好。"))
    case = services.twinning_create(by=request.user, unit=request.user.unit, data=data)
    return Status(201, _case_out(_partner_case(request, case.pk), request.user))


@router.get("/cases/{int:pk}", response={200: PartnerCaseOut, **ERRORS})
@cases_required
def get_case(request, pk: int):
    return _case_out(_partner_case(request, pk), request.user)


@router.post("/cases/{int:pk}/transitions/{name}", response={200: PartnerCaseOut, **ERRORS})
@cases_required
def fire_transition(request, pk: int, name: str, payload: PartnerTransitionIn):
    case = _partner_case(request, pk)
    params = {}
    if payload.number or payload.date or payload.authority:
        params = {"number": payload.number, "date": payload.date, "authority": payload.authority}
    if payload.assignee_id:
        from apps.accounts.models import User

        params["assignee"] = User.objects.filter(pk=payload.assignee_id).first()
    cw_services.transition(
        case=case, name=name, by=request.user, comment=payload.comment, version=payload.version, **params
    )
    return _case_out(_partner_case(request, pk), request.user)


# --- plans and countries -----------------------------------------------------------------------------
@router.get("/plans", response={200: list[PartnerPlanOut], **ERRORS}, summary="年度交流计划 / exchange plans")
@view_required
def list_plans(request):
    return [
        {
            "id": p.pk,
            "year": p.year,
            "title": p.title,
            "division": p.division.name,
            "is_hk_macao": p.is_hk_macao,
            "total": p.total,
            "done": p.done,
        }
        for p in selectors.plan_list(user=request.user)
    ]


@router.get(
    "/countries/{iso2}", response={200: PartnerCountryOut, **ERRORS}, summary="国别情况 / country view"
)
@view_required
def country_view(request, iso2: str):
    country = selectors.country_get(user=request.user, iso2=iso2)
    overview = selectors.country_overview(user=request.user, country=country)
    return {
        "iso2": country.iso2,
        "name": country.label,
        "division": overview["division"].name if overview["division"] else None,
        "partners": [_public(p) for p in overview["partners"]],
        "trips_by_year": overview["years"],
    }
