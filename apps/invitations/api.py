"""Invitations API (/api/invitations/): the same selectors and services as the pages, the same answers
(``apps.core.api.ERRORS``: out of scope → 404, not allowed → 403, conflict → 409, refused → 400).

Nationalities are given as ISO 3166-1 alpha-2 codes (the API's identifiers of ``apps.reference``
countries); answers carry the country's Chinese and English names.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework.api import view_required
from apps.casework.permissions import is_staff_side
from apps.core.api import ERRORS, require_perm
from apps.core.errors import ServiceError
from apps.core.filters import query_schema

from . import checks, selectors, services
from .filters import InvitationFilter, RegistrationFilter
from .models import CostsBorneBy, Entries, VisaType

router = Router(tags=["invitations"], auth=api_auth)
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))
review_required = require_perm("casework.review", message=gettext_lazy("您无权审核。"))


# --- registrations -------------------------------------------------------------------------------------
class RegistrationIn(Schema):
    name_zh: str = Field(..., max_length=200)
    name_en: str = Field(..., max_length=300)
    credit_code: str = Field("", max_length=18)
    address: str = Field(..., max_length=300)
    contact_name: str = Field(..., max_length=100)
    contact_phone: str = Field(..., max_length=40)
    leader_name: str = Field(..., max_length=100)
    leader_title: str = Field(..., max_length=100)
    clerks: str = Field(..., max_length=2000)
    clerk_ids_checked: bool = False
    documents_note: str = Field("", max_length=2000)
    version: int | None = None


class RegistrationOut(Schema):
    id: int
    unit: str
    name_zh: str
    name_en: str
    address: str
    contact_name: str
    contact_phone: str
    leader_name: str
    status: str
    status_label: str
    review_comment: str
    version: int


class ReviewIn(Schema):
    decision: str = Field(..., max_length=20, description="approve / return / suspend / reinstate")
    comment: str = Field("", max_length=2000)
    version: int | None = None


def _reg_out(r) -> dict:
    return {
        "id": r.pk,
        "unit": r.unit.name,
        "name_zh": r.name_zh,
        "name_en": r.name_en,
        "address": r.address,
        "contact_name": r.contact_name,
        "contact_phone": r.contact_phone,
        "leader_name": r.leader_name,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "review_comment": r.review_comment,
        "version": r.version,
    }


RegistrationQuery = query_schema(RegistrationFilter, "RegistrationQuery")


@router.get("/registrations", response={200: list[RegistrationOut], **ERRORS})
@view_required
def list_registrations(request, filters: Query[RegistrationQuery]):
    f = RegistrationFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_reg_out(r) for r in f.api_qs()[:200]]


@router.post("/registrations", response={201: RegistrationOut, **ERRORS})
@apply_required
def create_registration(request, payload: RegistrationIn):
    if request.user.unit_id is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能办理备案。"))
    reg = services.registration_submit(by=request.user, unit=request.user.unit, data=payload.dict())
    return Status(201, _reg_out(selectors.registration_get(user=request.user, pk=reg.pk)))


@router.get("/registrations/{int:pk}", response={200: RegistrationOut, **ERRORS})
@view_required
def get_registration(request, pk: int):
    return _reg_out(selectors.registration_get(user=request.user, pk=pk))


@router.put("/registrations/{int:pk}", response={200: RegistrationOut, **ERRORS})
@apply_required
def update_registration(request, pk: int, payload: RegistrationIn):
    reg = selectors.registration_get(user=request.user, pk=pk)
    services.registration_update(
        registration=reg, by=request.user, data=payload.dict(), version=payload.version
    )
    return _reg_out(selectors.registration_get(user=request.user, pk=pk))


@router.post("/registrations/{int:pk}/review", response={200: RegistrationOut, **ERRORS})
@review_required
def review_registration(request, pk: int, payload: ReviewIn):
    reg = selectors.registration_get(user=request.user, pk=pk)
    services.registration_review(
        registration=reg,
        by=request.user,
        decision=payload.decision,
        comment=payload.comment,
        version=payload.version,
    )
    return _reg_out(selectors.registration_get(user=request.user, pk=pk))


# --- invitations ---------------------------------------------------------------------------------------
class InviteeIn(Schema):
    name: str = Field(..., max_length=120)
    sex: str = Field(..., max_length=1, description="M / F")
    date_of_birth: date
    nationality: str = Field(..., max_length=2, description="ISO 3166-1 alpha-2")
    passport_number: str = Field(..., max_length=20)
    passport_expiry: date
    occupation: str = Field("", max_length=120)
    employer: str = Field("", max_length=200)
    mrz: str = Field("", max_length=100, description="optional: the passport's two MRZ lines (ICAO 9303 TD3)")


class InvitationIn(Schema):
    title: str = Field("", max_length=200)
    purpose: str = Field(..., max_length=200)
    activity: str = Field("", max_length=4000)
    entry_date: date
    stay_days: int = Field(..., ge=1, le=32767)
    cities: str = Field(..., max_length=300)
    itinerary: str = Field("", max_length=8000)
    visa_type: VisaType = VisaType.F
    entries: Entries = Entries.SINGLE
    validity_months: int = Field(3, ge=1, le=32767)
    visa_apply_place: str = Field("", max_length=200)
    costs_borne_by: CostsBorneBy = CostsBorneBy.INVITER
    costs_note: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=100)
    contact_phone: str = Field("", max_length=40)
    signing_leader: str = Field("", max_length=100)
    province_signs: bool = False
    invitees: list[InviteeIn] = Field(..., max_length=50)
    version: int | None = None


class InviteeOut(Schema):
    id: int
    name: str
    sex: str
    nationality: str
    nationality_name: str
    passport_number_masked: str
    passport_expiry: date
    first_time: bool
    outcome: str
    outcome_label: str
    actual_entry: date | None
    actual_exit: date | None


class InvitationFindingOut(Schema):
    rule: str
    severity: str
    message: str
    citation: str


class InvitationOut(Schema):
    id: int
    reference: str | None
    title: str
    state: str
    state_label: str
    stage: str
    stage_label: str
    unit: str
    division: str | None
    purpose: str
    entry_date: date | None
    stay_days: int | None
    cities: str
    visa_type: str
    letter_number: str
    verification_code: str | None
    valid_until: date | None
    close_out_due: date | None
    version: int
    invitees: list[InviteeOut]
    findings: list[InvitationFindingOut]
    transitions: list[str]


class InvitationTransitionIn(Schema):
    comment: str = Field("", max_length=2000)
    province_reference: str = Field("", max_length=100)
    version: int | None = None


class OutcomeIn(Schema):
    invitee_id: int
    came: bool
    actual_entry: date | None = None
    actual_exit: date | None = None


class CloseOutIn(Schema):
    outcomes: list[OutcomeIn] = Field(..., max_length=50)
    comment: str = Field("", max_length=2000)
    version: int | None = None


class VerificationOut(Schema):
    status: str
    number: str | None = None
    valid_until: date | None = None
    unit: str | None = None
    invitees: list[dict] = []


def _out(inv, user) -> dict:
    from apps.casework import selectors as cw_selectors

    return {
        "id": inv.pk,
        "reference": inv.reference,
        "title": inv.title,
        "state": inv.state,
        "state_label": str(inv.get_state_display()),
        "stage": inv.stage,
        "stage_label": str(inv.get_stage_display()),
        "unit": inv.applicant_unit.name,
        "division": inv.division.name if inv.division_id else None,
        "purpose": inv.purpose,
        "entry_date": inv.entry_date,
        "stay_days": inv.stay_days,
        "cities": inv.cities,
        "visa_type": inv.visa_type,
        "letter_number": inv.letter_number,
        "verification_code": inv.verification_code,
        "valid_until": inv.valid_until,
        "close_out_due": inv.close_out_due,
        "version": inv.version,
        "invitees": [
            {
                "id": i.pk,
                "name": i.name,
                "sex": i.sex,
                "nationality": i.nationality.iso2,
                "nationality_name": str(i.nationality),
                "passport_number_masked": i.passport_masked,
                "passport_expiry": i.passport_expiry,
                "first_time": i.first_time,
                "outcome": i.outcome,
                "outcome_label": str(i.get_outcome_display()),
                "actual_entry": i.actual_entry,
                "actual_exit": i.actual_exit,
            }
            for i in selectors.invitees_of(inv)
        ],
        "findings": checks.visible(inv.last_check or [], office=is_staff_side(user)),
        "transitions": cw_selectors.available_transitions(case=inv, user=user),
    }


def _resolve(payload: InvitationIn) -> tuple[dict, list[dict]]:
    from apps.reference.models import Country

    codes = {i.nationality.upper() for i in payload.invitees}
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=codes, is_active=True)}
    rows = []
    for n, i in enumerate(payload.invitees, start=1):
        country = countries.get(i.nationality.upper())
        if country is None:
            raise ServiceError(_("第 %(n)s 名被邀请人：未知的国籍代码。") % {"n": n})
        rows.append({**i.dict(), "nationality": country})
    data = payload.dict(exclude={"invitees", "version"})
    return data, rows


InvitationQuery = query_schema(InvitationFilter, "InvitationQuery")


@router.get("/", response={200: list[InvitationOut], **ERRORS})
@view_required
def list_invitations(request, filters: Query[InvitationQuery]):
    """The invitation list as on its page (the same filters), at most 200."""
    f = InvitationFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_out(inv, request.user) for inv in f.api_qs()[:200]]


@router.post("/", response={201: InvitationOut, **ERRORS})
@apply_required
def create_invitation(request, payload: InvitationIn):
    if request.user.unit_id is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能提交邀请申请。"))
    data, rows = _resolve(payload)
    inv = services.invitation_create(by=request.user, unit=request.user.unit, data=data, invitees=rows)
    return Status(201, _out(selectors.invitation_get(user=request.user, pk=inv.pk), request.user))


@router.get("/{int:pk}", response={200: InvitationOut, **ERRORS})
@view_required
def get_invitation(request, pk: int):
    return _out(selectors.invitation_get(user=request.user, pk=pk), request.user)


@router.put("/{int:pk}", response={200: InvitationOut, **ERRORS})
@apply_required
def update_invitation(request, pk: int, payload: InvitationIn):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    data, rows = _resolve(payload)
    services.invitation_update(
        invitation=inv, by=request.user, data=data, invitees=rows, version=payload.version
    )
    return _out(selectors.invitation_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/transitions/{name}", response={200: InvitationOut, **ERRORS})
@view_required
def fire(request, pk: int, name: str, payload: InvitationTransitionIn):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    params = {"province_reference": payload.province_reference} if name == "issue" else {}
    if name == "close_out":
        raise ServiceError(_("销档请使用 close-out 接口，并登记每位被邀请人的情况。"))
    services.invitation_transition(
        invitation=inv, name=name, by=request.user, comment=payload.comment, version=payload.version, **params
    )
    return _out(selectors.invitation_get(user=request.user, pk=pk), request.user)


@router.post("/{int:pk}/close-out", response={200: InvitationOut, **ERRORS})
@apply_required
def close_out(request, pk: int, payload: CloseOutIn):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    outcomes = {o.invitee_id: o.dict(exclude={"invitee_id"}) for o in payload.outcomes}
    services.close_out(
        invitation=inv, by=request.user, outcomes=outcomes, comment=payload.comment, version=payload.version
    )
    return _out(selectors.invitation_get(user=request.user, pk=pk), request.user)
