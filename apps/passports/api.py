"""``/api/passports/``: the custody register with filters, a passport's detail and log, the overdue list,
and whether a unit is suspended from filing new applications. Numbers are masked."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm
from apps.core.errors import NotFound
from apps.core.filters import query_schema
from apps.core.pagination import window
from apps.people.access import allows_unit

from . import conf, selectors
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
    }


PassportQuery = query_schema(PassportFilter, "PassportQuery")


@router.get(
    "/", response={200: list[PassportOut], **ERRORS}, summary="证照登记簿（可按单位、类型、状态、持照人筛选）"
)
@view_required
def passport_list(request, filters: Query[PassportQuery], limit: int = 100, offset: int = 0):
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
    p = selectors.passport_get(user=request.user, pk=pk)
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
