"""Journalists API (/api/journalists/): the register, its deadlines and interview requests, with the
same selectors and services as the pages (out of scope → 404, not allowed → 403, stale → 409, refused →
400: ``apps.core.api``)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.casework import selectors as cw_selectors
from apps.casework.api import view_required
from apps.core.api import ERRORS, require_perm
from apps.core.errors import ServiceError
from apps.core.filters import query_schema
from apps.org.models import Unit
from apps.reference.api import YearCountryOut, year_country_out
from apps.reference.models import Country

from . import selectors, services
from .filters import BureauFilter, InterviewFilter, JournalistFilter
from .models import ChangeKind, JournalistKind, VisaKind

router = Router(tags=["journalists"], auth=api_auth)
review_required = require_perm(
    "casework.view", "casework.review", message=gettext_lazy("您无权登记外国记者事务。")
)
apply_required = require_perm("casework.apply", message=gettext_lazy("您无权提交申请。"))


def _country(code: str | None, *, required=True):
    if not code:
        if required:
            raise ServiceError(_("请填写国家（地区）代码。"))
        return None
    c = Country.objects.filter(iso2=code.strip().upper(), is_active=True).first()
    if c is None:
        raise ServiceError(_("未知的国家（地区）代码：%(code)s") % {"code": code})
    return c


def _choice(value, choices, message):
    if value not in {v for v, _label in choices}:
        raise ServiceError(message)
    return value


class DeadlineOut(Schema):
    label: str
    due: date
    done_on: date | None
    status: str
    citation: str


def _deadlines(items) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "label": d.label,
            "due": d.due,
            "done_on": d.done_on,
            "status": d.status(today),
            "citation": d.citation,
        }
        for d in items
    ]


# --- journalists -----------------------------------------------------------------------------------
class JournalistIn(Schema):
    name: str = Field(..., max_length=100)
    name_zh: str = Field("", max_length=50)
    nationality: str = Field(..., max_length=2)
    kind: str = Field(..., max_length=20)
    visa_kind: str = Field(..., max_length=2)
    media: str = Field(..., max_length=200)
    bureau_id: int | None = None
    arrival_date: date
    departure_date: date | None = None
    press_card_number: str = Field("", max_length=50)
    press_card_collected_on: date | None = None
    card_cancelled_on: date | None = None
    days_in_china_year: int | None = Field(None, ge=1, le=9999)
    days_in_china: int | None = Field(None, ge=0, le=366)
    version: int | None = None


class JournalistOut(Schema):
    id: int
    label: str  # "name（media）", as pickers show a journalist
    name: str
    name_zh: str
    nationality: str
    kind: str
    kind_label: str
    visa_kind: str
    media: str
    bureau_id: int | None
    arrival_date: date
    press_card_collected_on: date | None
    version: int
    deadlines: list[DeadlineOut]


def _j_out(j) -> dict:
    return {
        "id": j.pk,
        "label": str(j),
        "name": j.name,
        "name_zh": j.name_zh,
        "nationality": j.nationality.iso2,
        "kind": j.kind,
        "kind_label": str(j.get_kind_display()),
        "visa_kind": j.visa_kind,
        "media": j.media,
        "bureau_id": j.bureau_id,
        "arrival_date": j.arrival_date,
        "press_card_collected_on": j.press_card_collected_on,
        "version": j.version,
        "deadlines": _deadlines(selectors.journalist_deadlines(j)),
    }


def _j_data(payload: JournalistIn, user) -> dict:
    data = payload.dict(exclude={"version", "bureau_id", "nationality"})
    data["nationality"] = _country(payload.nationality)
    _choice(payload.kind, JournalistKind.choices, _("类别无效。"))
    _choice(payload.visa_kind, VisaKind.choices, _("签证种类无效。"))
    data["bureau"] = selectors.bureau_get(user=user, pk=payload.bureau_id) if payload.bureau_id else None
    return data


JournalistQuery = query_schema(JournalistFilter, "JournalistQuery")


@router.get("/", response={200: list[JournalistOut], **ERRORS})
@view_required
def list_journalists(request, filters: Query[JournalistQuery]):
    f = JournalistFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_j_out(j) for j in f.api_qs()[:200]]


@router.get("/stats", response={200: list[YearCountryOut], **ERRORS})
@view_required
def journalist_stats(request, filters: Query[JournalistQuery]):
    """Statistics by year of arrival and nationality, as on the register page (the same filters)."""
    f = JournalistFilter(filters.model_dump(exclude_none=True), user=request.user)
    return year_country_out(f.api_qs(), year_of="arrival_date", country="nationality")


@router.post("/", response={201: JournalistOut, **ERRORS})
@review_required
def create_journalist(request, payload: JournalistIn):
    j = services.journalist_create(by=request.user, data=_j_data(payload, request.user))
    return Status(201, _j_out(selectors.journalist_get(user=request.user, pk=j.pk)))


@router.get("/{int:pk}", response={200: JournalistOut, **ERRORS})
@view_required
def get_journalist(request, pk: int):
    return _j_out(selectors.journalist_get(user=request.user, pk=pk))


@router.put("/{int:pk}", response={200: JournalistOut, **ERRORS})
@review_required
def update_journalist(request, pk: int, payload: JournalistIn):
    j = selectors.journalist_get(user=request.user, pk=pk)
    services.journalist_update(
        journalist=j, by=request.user, data=_j_data(payload, request.user), version=payload.version
    )
    return _j_out(selectors.journalist_get(user=request.user, pk=pk))


# --- bureaus ---------------------------------------------------------------------------------------
class BureauIn(Schema):
    name: str = Field(..., max_length=200)
    name_en: str = Field(..., max_length=200)
    country: str = Field(..., max_length=2)
    address: str = Field(..., max_length=300)
    chief_name: str = Field("", max_length=100)
    opened_on: date | None = None
    status: str = Field("active", max_length=20)
    closure_notified_on: date | None = None
    closure_on: date | None = None
    cards_cancelled_on: date | None = None
    last_correspondent_left_on: date | None = None
    version: int | None = None


class BureauOut(Schema):
    id: int
    name: str
    name_en: str
    country: str
    address: str
    chief_name: str
    status: str
    status_label: str
    version: int
    deadlines: list[DeadlineOut]


class ChangeIn(Schema):
    kind: str = Field(..., max_length=20)
    changed_on: date
    reported_on: date
    detail: str = Field(..., max_length=300)


def _b_out(b) -> dict:
    return {
        "id": b.pk,
        "name": b.name,
        "name_en": b.name_en,
        "country": b.country.iso2,
        "address": b.address,
        "chief_name": b.chief_name,
        "status": b.status,
        "status_label": str(b.get_status_display()),
        "version": b.version,
        "deadlines": _deadlines(selectors.bureau_deadlines(b)),
    }


def _b_data(payload: BureauIn) -> dict:
    from .models import BureauStatus

    data = payload.dict(exclude={"version", "country"})
    data["country"] = _country(payload.country)
    _choice(payload.status, BureauStatus.choices, _("状态无效。"))
    return data


BureauQuery = query_schema(BureauFilter, "BureauQuery")


@router.get("/bureaus", response={200: list[BureauOut], **ERRORS})
@view_required
def list_bureaus(request, filters: Query[BureauQuery]):
    f = BureauFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_b_out(b) for b in f.api_qs()[:200]]


@router.post("/bureaus", response={201: BureauOut, **ERRORS})
@review_required
def create_bureau(request, payload: BureauIn):
    b = services.bureau_create(by=request.user, data=_b_data(payload))
    return Status(201, _b_out(selectors.bureau_get(user=request.user, pk=b.pk)))


@router.get("/bureaus/{int:pk}", response={200: BureauOut, **ERRORS})
@view_required
def get_bureau(request, pk: int):
    return _b_out(selectors.bureau_get(user=request.user, pk=pk))


@router.put("/bureaus/{int:pk}", response={200: BureauOut, **ERRORS})
@review_required
def update_bureau(request, pk: int, payload: BureauIn):
    b = selectors.bureau_get(user=request.user, pk=pk)
    services.bureau_update(bureau=b, by=request.user, data=_b_data(payload), version=payload.version)
    return _b_out(selectors.bureau_get(user=request.user, pk=pk))


@router.post("/bureaus/{int:pk}/changes", response={201: BureauOut, **ERRORS})
@review_required
def add_change(request, pk: int, payload: ChangeIn):
    b = selectors.bureau_get(user=request.user, pk=pk)
    _choice(payload.kind, ChangeKind.choices, _("变更事项无效。"))
    services.change_report_add(bureau=b, by=request.user, **payload.dict())
    return Status(201, _b_out(selectors.bureau_get(user=request.user, pk=pk)))


class ReminderOut(Schema):
    subject: str
    label: str
    due: date
    status: str
    citation: str


@router.get("/reminders", response={200: list[ReminderOut], **ERRORS})
@view_required
def list_reminders(request):
    return [
        {
            "subject": str(r["subject"]),
            "label": r["deadline"].label,
            "due": r["deadline"].due,
            "status": r["status"],
            "citation": r["deadline"].citation,
        }
        for r in selectors.reminders(user=request.user)
    ]


# --- interview requests ----------------------------------------------------------------------------
class InterviewIn(Schema):
    journalist_name: str = Field(..., max_length=100)
    media: str = Field(..., max_length=200)
    nationality: str = Field(..., max_length=2)
    visa_kind: str = Field(..., max_length=2)
    interviewee: str = Field(..., max_length=200)
    topic: str = Field(..., max_length=300)
    planned_date: date
    place: str = Field("", max_length=200)
    consent_given: bool = False
    consent_on: date | None = None
    consent_note: str = Field("", max_length=300)
    units_involved: list[int] = Field(default_factory=list)
    version: int | None = None


class InterviewOut(Schema):
    id: int
    reference: str | None
    title: str
    journalist_name: str
    media: str
    nationality: str
    visa_kind: str
    interviewee: str
    planned_date: date
    consent_given: bool
    consent_on: date | None
    state: str
    state_label: str
    outcome: str
    journalist_id: int | None = Field(..., description="the register entry the request is linked to")
    version: int
    transitions: list[str]


class InterviewLinkIn(Schema):
    journalist_id: int | None = Field(..., description="a register entry; null unlinks")


class JournalistTransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    assignee_id: int | None = None


def _i_out(i, user) -> dict:
    return {
        "id": i.pk,
        "reference": i.reference,
        "title": i.title,
        "journalist_name": i.journalist_name,
        "media": i.media,
        "nationality": i.nationality.iso2,
        "visa_kind": i.visa_kind,
        "interviewee": i.interviewee,
        "planned_date": i.planned_date,
        "consent_given": i.consent_given,
        "consent_on": i.consent_on,
        "state": i.state,
        "state_label": str(i.get_state_display()),
        "outcome": i.outcome,
        "journalist_id": i.journalist_id,
        "version": i.version,
        "transitions": cw_selectors.available_transitions(case=i, user=user),
    }


def _i_data(payload: InterviewIn):
    data = payload.dict(exclude={"version", "units_involved", "nationality"})
    data["nationality"] = _country(payload.nationality)
    _choice(payload.visa_kind, VisaKind.choices, _("签证种类无效。"))
    units = list(Unit.objects.filter(pk__in=payload.units_involved, is_active=True))
    if len(units) != len(set(payload.units_involved)):
        raise ServiceError(_("涉及单位中有未知的单位。"))
    return data, units


InterviewQuery = query_schema(InterviewFilter, "InterviewQuery")


@router.get("/interviews", response={200: list[InterviewOut], **ERRORS})
@view_required
def list_interviews(request, filters: Query[InterviewQuery]):
    f = InterviewFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_i_out(i, request.user) for i in f.api_qs()[:200]]


@router.post("/interviews", response={201: InterviewOut, **ERRORS})
@apply_required
def create_interview(request, payload: InterviewIn):
    data, units = _i_data(payload)
    i = services.interview_create(by=request.user, unit=request.user.unit, data=data, units_involved=units)
    return Status(201, _i_out(selectors.interview_get(user=request.user, pk=i.pk), request.user))


@router.get("/interviews/{int:pk}", response={200: InterviewOut, **ERRORS})
@view_required
def get_interview(request, pk: int):
    return _i_out(selectors.interview_get(user=request.user, pk=pk), request.user)


@router.put("/interviews/{int:pk}", response={200: InterviewOut, **ERRORS})
@apply_required
def update_interview(request, pk: int, payload: InterviewIn):
    i = selectors.interview_get(user=request.user, pk=pk)
    data, units = _i_data(payload)
    services.interview_update(
        interview=i, by=request.user, data=data, units_involved=units, version=payload.version
    )
    return _i_out(selectors.interview_get(user=request.user, pk=pk), request.user)


@router.post("/interviews/{int:pk}/transitions/{name}", response={200: InterviewOut, **ERRORS})
@view_required
def fire(request, pk: int, name: str, payload: JournalistTransitionIn):
    i = selectors.interview_get(user=request.user, pk=pk)
    params = {"assignee": payload.assignee_id} if name == "assign" else {}
    services.interview_transition(
        interview=i, name=name, by=request.user, comment=payload.comment, version=payload.version, **params
    )
    return _i_out(selectors.interview_get(user=request.user, pk=pk), request.user)


@router.post("/interviews/{int:pk}/journalist", response={200: InterviewOut, **ERRORS})
@review_required
def link_journalist(request, pk: int, payload: InterviewLinkIn):
    """Link the request to its register entry (or unlink it), as on the page: the division only."""
    i = selectors.interview_get(user=request.user, pk=pk)
    j = (
        selectors.journalist_get(user=request.user, pk=payload.journalist_id)
        if payload.journalist_id
        else None
    )
    services.interview_link_journalist(interview=i, by=request.user, journalist=j)
    return _i_out(selectors.interview_get(user=request.user, pk=pk), request.user)
