"""Every write to reference data: checks ``reference.manage``, saves, records an audit event.

Reference data is configuration, not casework: calendar exceptions may be removed (audited), but
dictionary items are only deactivated, and countries are never deleted (they are deactivated).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import diff, record, snapshot
from apps.core.concurrency import check_unchanged
from apps.core.errors import ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import calendar
from .models import CalendarDay, CalendarYear, Country, DictItem, DictType

MANAGE = "reference.manage"

COUNTRY_FIELDS = (
    "name_zh",
    "name_zh_full",
    "name_en",
    "name_en_full",
    "continent",
    "latin_america",
    "kind",
    "is_trip_destination",
    "is_active",
    "iso3",
    "numeric",
)
YEAR_FIELDS = ("status", "source", "source_date", "notes")
DAY_FIELDS = ("date", "kind", "name", "note")
TYPE_FIELDS = ("name", "name_en", "description")
ITEM_FIELDS = ("code", "label", "label_en", "order", "is_active", "note")


# -- countries ------------------------------------------------------------------------------------
@transaction.atomic
def country_update(*, country: Country, by, data: dict, edit_token: str | None = None) -> Country:
    require(by, MANAGE)
    check_unchanged(country, edit_token)
    country = Country.objects.select_for_update().get(pk=country.pk)
    model_update(
        instance=country,
        fields=COUNTRY_FIELDS,
        data=data,
        by=by,
        action=AuditAction.REFERENCE_COUNTRY_UPDATE,
        before_save=_check_country_names,
        touch={"is_customized": True},
    )
    return country


def _check_country_names(country: Country) -> None:
    if not (country.name_zh or "").strip() or not (country.name_en or "").strip():
        raise ServiceError(_("中文简称和英文简称不能为空。"))


# -- calendar -------------------------------------------------------------------------------------
def _bump(cal_year: CalendarYear):
    CalendarYear.objects.filter(pk=cal_year.pk).update(revision=cal_year.revision + 1, is_customized=True)
    cal_year.revision += 1
    cal_year.is_customized = True
    transaction.on_commit(calendar.invalidate)
    calendar.invalidate()


@transaction.atomic
def calendar_year_create(*, year: int, by, source: str = "", notes: str = "") -> CalendarYear:
    require(by, MANAGE)
    if not 1900 <= int(year) <= 2200:
        raise ServiceError(_("年份不正确。"))
    if CalendarYear.objects.filter(year=year).exists():
        raise ServiceError(_("%(year)s 年已存在。") % {"year": year})
    cal_year = CalendarYear(is_customized=True)
    model_update(
        instance=cal_year,
        data={"year": year, "source": source, "notes": notes},
        audit=("year", "status"),
        by=by,
        action=AuditAction.REFERENCE_CALENDAR_YEAR_CREATE,
    )
    _bump(cal_year)
    return cal_year


@transaction.atomic
def calendar_year_update(
    *, cal_year: CalendarYear, by, data: dict, edit_token: str | None = None
) -> CalendarYear:
    """Change status (publish / unpublish), citation and notes. Publishing needs a citation."""
    require(by, MANAGE)
    check_unchanged(cal_year, edit_token)
    cal_year = CalendarYear.objects.select_for_update().get(pk=cal_year.pk)

    def check_citation(obj: CalendarYear) -> None:
        if obj.status == CalendarYear.Status.PUBLISHED and not (obj.source or "").strip():
            raise ServiceError(_("发布节假日安排须填写依据文件（如国务院办公厅通知的文号）。"))

    def action(changes: dict) -> str:
        if "status" not in changes:
            return AuditAction.REFERENCE_CALENDAR_YEAR_UPDATE
        return (
            AuditAction.REFERENCE_CALENDAR_YEAR_PUBLISH
            if cal_year.is_published
            else AuditAction.REFERENCE_CALENDAR_YEAR_UNPUBLISH
        )

    changes = model_update(
        instance=cal_year, fields=YEAR_FIELDS, data=data, by=by, action=action, before_save=check_citation
    )
    if changes:
        _bump(cal_year)
    return cal_year


@transaction.atomic
def calendar_day_save(
    *, by, data: dict, day: CalendarDay | None = None, edit_token: str | None = None
) -> CalendarDay:
    """Add an exception (holiday or 调休 working day) or change one."""
    require(by, MANAGE)
    check_unchanged(day, edit_token)
    d = data.get("date", day.date if day else None)
    if not isinstance(d, date):
        raise ServiceError(_("请填写正确的日期。"))
    kind = data.get("kind", day.kind if day else None)
    if kind not in CalendarDay.Kind.values:
        raise ServiceError(_("请选择类型。"))
    if kind == CalendarDay.Kind.WORKDAY and d.weekday() < 5:
        raise ServiceError(_("调休上班日应为周六或周日；周一至周五本来就是工作日。"))
    clash = CalendarDay.objects.filter(date=d)
    if day is not None:
        clash = clash.exclude(pk=day.pk)
    if clash.exists():
        raise ServiceError(_("%(date)s 已有一条安排，请修改那一条。") % {"date": d.isoformat()})
    cal_year, _created = CalendarYear.objects.get_or_create(year=d.year, defaults={"is_customized": True})
    if day is None:
        day = CalendarDay(year=cal_year)
    else:
        day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    try:
        with transaction.atomic():
            changes = model_update(
                instance=day,
                fields=DAY_FIELDS,
                data=data,
                by=by,
                action=AuditAction.REFERENCE_CALENDAR_DAY_SAVE,
                touch={"year": cal_year},
                extra={"year": cal_year.year},
            )
    except IntegrityError as exc:
        raise ServiceError(_("%(date)s 已有一条安排。") % {"date": d.isoformat()}) from exc
    if changes:
        _bump(cal_year)
    return day


@transaction.atomic
def calendar_day_remove(*, day: CalendarDay, by) -> None:
    require(by, MANAGE)
    cal_year = day.year
    record(
        action=AuditAction.REFERENCE_CALENDAR_DAY_REMOVE,
        target=day,
        changes=diff(snapshot(day, DAY_FIELDS), {}),
        actor=by,
        target_repr=str(day),
        extra={"year": cal_year.year},
    )
    day.delete()
    _bump(cal_year)


# -- dictionaries ---------------------------------------------------------------------------------
@transaction.atomic
def dict_type_create(*, by, data: dict) -> DictType:
    require(by, MANAGE)
    code = (data.get("code") or "").strip()
    if not code:
        raise ServiceError(_("请填写字典编码。"))
    if DictType.objects.filter(code=code).exists():
        raise ServiceError(_("字典编码“%(code)s”已存在。") % {"code": code})
    dtype = DictType(code=code)
    model_update(
        instance=dtype,
        fields=TYPE_FIELDS,
        audit=("code", *TYPE_FIELDS),
        data=data,
        by=by,
        action=AuditAction.REFERENCE_DICT_TYPE_CREATE,
    )
    return dtype


@transaction.atomic
def dict_type_update(*, dtype: DictType, by, data: dict, edit_token: str | None = None) -> DictType:
    require(by, MANAGE)
    check_unchanged(dtype, edit_token)
    dtype = DictType.objects.select_for_update().get(pk=dtype.pk)
    model_update(
        instance=dtype, fields=TYPE_FIELDS, data=data, by=by, action=AuditAction.REFERENCE_DICT_TYPE_UPDATE
    )
    return dtype


@transaction.atomic
def dict_item_save(
    *, by, dtype: DictType, data: dict, item: DictItem | None = None, edit_token: str | None = None
) -> DictItem:
    require(by, MANAGE)
    check_unchanged(item, edit_token)
    code = (data.get("code") if "code" in data else item.code if item else "") or ""
    if not code.strip():
        raise ServiceError(_("请填写编码。"))
    clash = DictItem.objects.filter(type=dtype, code=code)
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ServiceError(_("编码“%(code)s”在该字典中已存在。") % {"code": code})
    if item is None:
        item = DictItem(type=dtype)
        action = "reference.dict_item_create"
    else:
        item = DictItem.objects.select_for_update().get(pk=item.pk)
        if item.type_id != dtype.pk:
            raise ServiceError(_("字典项不属于该字典。"))
        if dtype.is_builtin and data.get("code", item.code) != item.code:
            raise ServiceError(_("内置字典项的编码被程序引用，不能修改；可以修改名称或停用。"))
        action = "reference.dict_item_update"
    model_update(
        instance=item,
        fields=ITEM_FIELDS,
        data=data,
        by=by,
        action=action,
        touch={"is_customized": True},
        extra={"dict_type": dtype.code},
    )
    return item


def dict_item_set_active(*, item: DictItem, by, active: bool) -> DictItem:
    return dict_item_save(by=by, dtype=item.type, item=item, data={"is_active": active})
