"""``/api/passports/``: the custody register with filters, a passport's detail and log, the overdue list,
and whether a unit is suspended from filing new applications. Numbers are masked. Registering and
correcting a passport go through the same services as the pages, with the same checks (the
machine-readable zone against ICAO 9303 and the typed number, dates, sex; one valid official passport)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm
from apps.core.concurrency import token_for
from apps.core.errors import NotFound, ServiceError
from apps.core.filters import query_schema, refuse_identifiers_in_url
from apps.core.ids import IdParam
from apps.core.pagination import window
from apps.people.access import allows_unit

from . import conf, selectors, services
from .filters import PassportFilter

router = Router(tags=["passports"], auth=api_auth)


class PassportOut(Schema):
    id: int
    holder_id: int
    holder: str
    unit_id: int
    unit: str
    kind: str
    kind_label: str
    number_masked: str
    issue_date: date
    expiry_date: date
    issuing_authority: str
    status: str
    status_label: str
    due_back: date | None
    days_overdue: int
    edit_token: str = Field(description="修改时原样送回；他人已先修改则 409")


class EventOut(Schema):
    kind: str
    at: datetime
    by: str | None
    case_id: int | None
    purpose: str
    due_back: date | None
    returned_at: datetime | None


class PassportDetailOut(PassportOut):
    events: list[EventOut]


class SuspensionOut(Schema):
    unit_id: int
    suspended: bool
    overdue_days_limit: int
    citation: str
    passports: list[PassportOut]


view_required = require_perm("passports.view", message=_("您无权查看证照。"))


def _out(p, today) -> dict:
    status = p.effective_status(today)
    from .models import Status

    checkout = p.current_checkout
    return {
        "id": p.pk,
        "holder_id": p.holder_id,
        "holder": p.holder.full_name,
        "unit_id": p.holder.unit_id,
        "unit": p.holder.unit.name,
        "kind": p.kind,
        "kind_label": str(p.get_kind_display()),
        "number_masked": p.number_masked,
        "issue_date": p.issue_date,
        "expiry_date": p.expiry_date,
        "issuing_authority": p.issuing_authority,
        "status": status,
        "status_label": str(Status(status).label),
        "due_back": checkout.due_back if checkout else None,
        "days_overdue": p.days_overdue(today),
        "edit_token": token_for(p),
    }


PassportQuery = query_schema(PassportFilter, "PassportQuery")


@router.get(
    "/", response={200: list[PassportOut], **ERRORS}, summary="证照登记簿（可按单位、类型、状态、持照人筛选）"
)
@view_required
def passport_list(request, filters: Query[PassportQuery], limit: int = 100, offset: int = 0):
    today = timezone.localdate()
    f = PassportFilter(filters.model_dump(exclude_none=True), user=request.user, today=today)
    refuse_identifiers_in_url(f, "/api/passports/search")  # a passport number never travels in a URL
    return [_out(p, today) for p in window(f.api_qs(), limit=limit, offset=offset)]


@router.post(
    "/search",
    response={200: list[PassportOut], **ERRORS},
    summary="按证照号码搜索证照（条件在请求正文中）",
)
@view_required
def passport_search(request, filters: PassportQuery, limit: int = 100, offset: int = 0):
    today = timezone.localdate()
    f = PassportFilter(filters.model_dump(exclude_none=True), user=request.user, today=today)
    return [_out(p, today) for p in window(f.api_qs(), limit=limit, offset=offset)]


@router.get("/overdue", response={200: list[PassportOut], **ERRORS}, summary="逾期未还的证照")
@view_required
def overdue(request):
    today = timezone.localdate()
    return [_out(p, today) for p in selectors.overdue_list(user=request.user, today=today)[:500]]


@router.get("/expiring", response={200: list[PassportOut], **ERRORS}, summary="6个月内到期的证照")
@view_required
def expiring(request):
    today = timezone.localdate()
    return [_out(p, today) for p in selectors.expiring_list(user=request.user, today=today)[:500]]


@router.get(
    "/units/{int:unit_id}/suspension",
    response={200: SuspensionOut, **ERRORS},
    summary="单位是否因证照逾期被暂停申报",
)
@view_required
def unit_suspension(request, unit_id: int):
    from apps.org.models import Unit

    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not allows_unit(request.user, unit.pk):
        raise NotFound(_("您要找的记录不存在。"))
    today = timezone.localdate()
    suspended, passports = selectors.unit_suspended(unit, today)
    return {
        "unit_id": unit.pk,
        "suspended": suspended,
        "overdue_days_limit": int(conf.SUSPEND_AFTER_OVERDUE_DAYS.value),
        "citation": str(conf.SUSPEND_AFTER_OVERDUE_DAYS.citation),
        "passports": [_out(p, today) for p in passports],
    }


@router.get(
    "/{int:pk}", response={200: PassportDetailOut, **ERRORS}, summary="证照详情与保管记录（号码已遮蔽）"
)
@view_required
def passport_detail(request, pk: int):
    return _detail(selectors.passport_get(user=request.user, pk=pk))


def _detail(p) -> dict:
    today = timezone.localdate()
    out = _out(p, today)
    out["events"] = [
        {
            "kind": e.kind,
            "at": e.at,
            "by": str(e.by) if e.by_id else None,
            "case_id": e.case_id,
            "purpose": e.purpose,
            "due_back": e.due_back,
            "returned_at": e.returned_at,
        }
        for e in selectors.custody_log(passport=p)
    ]
    return out


# --- writes ----------------------------------------------------------------------------------------
class PassportIn(Schema):
    holder_id: IdParam
    kind: str = Field(..., max_length=30, description="diplomatic / official / public_affairs_ordinary / …")
    number: str = Field(..., min_length=1, max_length=20)
    issue_date: date
    expiry_date: date
    issuing_authority: str = Field(..., min_length=1, max_length=100)
    mrz_line1: str = Field("", max_length=60, description="机读码第一行（可选，44 个字符）")
    mrz_line2: str = Field(
        "", max_length=60, description="机读码第二行（录入后按 ICAO 9303 校验并与号码、日期核对）"
    )
    notes: str = Field("", max_length=5000)


class PassportChangeIn(Schema):
    number: str = Field("", max_length=20, description="留空表示不修改")
    issue_date: date
    expiry_date: date
    issuing_authority: str = Field(..., min_length=1, max_length=100)
    mrz_line1: str = Field("", max_length=60)
    mrz_line2: str = Field("", max_length=60)
    notes: str = Field("", max_length=5000)
    edit_token: str | None = Field(None, max_length=64)


manage_required = require_perm("passports.manage", message=_("您无权登记或修改证照。"))


def _number(value: str) -> str:
    return (value or "").replace(" ", "").upper()


@router.post("/", response={201: PassportDetailOut, **ERRORS}, summary="登记证照入库（与登记页面相同的校验）")
@manage_required
def passport_create(request, payload: PassportIn):
    from apps.people.selectors import person_queryset

    from .models import Kind

    holder = person_queryset(user=request.user).filter(pk=payload.holder_id).first()
    if holder is None:
        message = gettext("人员库中没有编号为 %(id)s 的人员，或您无权查看。")
        raise ServiceError(message % {"id": payload.holder_id}, code="holder")
    if payload.kind not in Kind.values:
        message = gettext("证照类型“%(kind)s”不是可选项。")
        raise ServiceError(message % {"kind": payload.kind[:30]}, code="kind")
    passport = services.passport_create(
        by=request.user,
        holder=holder,
        kind=payload.kind,
        number=_number(payload.number),
        issue_date=payload.issue_date,
        expiry_date=payload.expiry_date,
        issuing_authority=payload.issuing_authority.strip(),
        mrz_line1=payload.mrz_line1.strip(),
        mrz_line2=payload.mrz_line2.strip(),
        notes=payload.notes.strip(),
    )
    return Status(201, _detail(selectors.passport_get(user=request.user, pk=passport.pk)))


@router.put(
    "/{int:pk}", response={200: PassportDetailOut, **ERRORS}, summary="修改证照信息（号码留空表示不修改）"
)
@manage_required
def passport_update(request, pk: int, payload: PassportChangeIn):
    passport = selectors.passport_get(user=request.user, pk=pk)
    if not request.user.has_perm("passports.change_passport", passport):
        raise PermissionDenied(gettext("您无权修改该证照。"))
    data = payload.dict(exclude={"edit_token"})
    data.update(
        number=_number(payload.number),
        issuing_authority=payload.issuing_authority.strip(),
        mrz_line1=payload.mrz_line1.strip(),
        mrz_line2=payload.mrz_line2.strip(),
        notes=payload.notes.strip(),
    )
    services.passport_update(passport=passport, by=request.user, data=data, edit_token=payload.edit_token)
    return _detail(selectors.passport_get(user=request.user, pk=pk))


# --- applications in progress; loans from before the system (issue 9 A4) ------------------------------
class ApplicationIn(Schema):
    holder_id: IdParam
    kind: str = Field(..., max_length=30)
    applied_on: date
    expected_issue: date | None = None
    notes: str = Field("", max_length=5000)


class ApplicationOut(Schema):
    id: int
    holder_id: int
    holder: str
    kind: str
    kind_label: str
    applied_on: date
    expected_issue: date | None
    status: str
    status_label: str
    passport_id: int | None


class ApplicationCloseIn(Schema):
    outcome: str = Field(..., max_length=20, description="issued（已签发，登记证照时自动办结）/ withdrawn")


class LoanIn(Schema):
    out_since: date = Field(description="实际借出日期")
    due_back: date = Field(description="实际应交回日期（可早于今天：即为逾期）")
    purpose: str = Field(..., min_length=1, max_length=200)


def _application(a) -> dict:
    return {
        "id": a.pk,
        "holder_id": a.holder_id,
        "holder": a.holder.full_name,
        "kind": a.kind,
        "kind_label": str(a.get_kind_display()),
        "applied_on": a.applied_on,
        "expected_issue": a.expected_issue,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "passport_id": a.passport_id,
    }


@router.get("/applications", response={200: list[ApplicationOut], **ERRORS}, summary="在办的证照申请")
@view_required
def application_list(request, limit: int = 100, offset: int = 0):
    return [
        _application(a)
        for a in window(selectors.application_list(user=request.user), limit=limit, offset=offset)
    ]


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="登记在办的证照申请")
@manage_required
def application_create(request, payload: ApplicationIn):
    """A passport applied for and not yet issued: until it is registered, the trip's passport check
    accepts it with a warning. Registering the passport (``POST /api/passports/``) closes it."""
    from apps.people.selectors import person_queryset

    holder = person_queryset(user=request.user).filter(pk=payload.holder_id).first()
    if holder is None:
        message = gettext("人员库中没有编号为 %(id)s 的人员，或您无权查看。")
        raise ServiceError(message % {"id": payload.holder_id}, code="holder")
    application = services.application_record(
        by=request.user,
        holder=holder,
        kind=payload.kind,
        applied_on=payload.applied_on,
        expected_issue=payload.expected_issue,
        notes=payload.notes,
    )
    return Status(201, _application(application))


@router.post(
    "/applications/{int:pk}/close", response={200: ApplicationOut, **ERRORS}, summary="证照申请办结（撤回）"
)
@manage_required
def application_close(request, pk: int, payload: ApplicationCloseIn):
    application = selectors.application_get(user=request.user, pk=pk)
    application = services.application_close(
        application=application, by=request.user, outcome=payload.outcome
    )
    return _application(application)


@router.post(
    "/{int:pk}/loan", response={200: PassportDetailOut, **ERRORS}, summary="补登系统启用前已借出的证照"
)
@manage_required
def register_loan(request, pk: int, payload: LoanIn):
    """A passport already out on loan when the register started: out since and due back on its real
    dates (a past due date makes it overdue at once)."""
    passport = selectors.passport_get(user=request.user, pk=pk)
    if not request.user.has_perm("passports.change_passport", passport):
        raise PermissionDenied(gettext("您无权修改该证照。"))
    services.register_loan(
        passport=passport,
        by=request.user,
        out_since=payload.out_since,
        due_back=payload.due_back,
        purpose=payload.purpose,
    )
    return _detail(selectors.passport_get(user=request.user, pk=pk))
