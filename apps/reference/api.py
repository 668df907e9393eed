"""Reference data over JSON: countries, the holiday calendar and the working-day calculator.

Reference data is not sensitive: any authenticated user (session or API token) may read it.
"""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS
from apps.core.filters import query_schema

from . import calendar as workcal
from . import selectors
from .filters import CountryFilter

router = Router(tags=["reference"], auth=api_auth)

MAX_N = 10000


class CountryOut(Schema):
    iso2: str
    iso3: str
    numeric: str
    name_zh: str
    name_zh_full: str
    name_en: str
    name_en_full: str
    label: str
    continent: str
    latin_america: bool
    kind: str
    is_trip_destination: bool
    is_active: bool


class YearCountryOut(Schema):
    """One row of a list's "statistics by year and country" (``selectors.year_country_counts``)."""

    year: int
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    country_label: str
    n: int


def year_country_out(qs, *, year_of: str, country: str) -> list[dict]:
    """The statistics by year and country of ``qs`` as the list pages show them, for an API answer."""
    return [
        {"year": r["year"], "country": r["country"].iso2, "country_label": r["country"].label, "n": r["n"]}
        for r in selectors.year_country_counts(qs, year_of=year_of, country=country)
    ]


class CalendarDayOut(Schema):
    date: date
    kind: str
    name: str


class CalendarOut(Schema):
    year: int
    configured: bool
    status: str
    status_label: str
    source: str
    source_date: date | None
    days: list[CalendarDayOut]


class WorkdaysAddOut(Schema):
    start: date
    n: int
    result: date
    warnings: list[str]


class WorkdaysBetweenOut(Schema):
    start: date
    end: date
    working_days: int
    warnings: list[str]


def _parse_date(value: str | None, name: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except (TypeError, ValueError):
        raise HttpError(422, _("参数 %(name)s 不是有效日期，应为 YYYY-MM-DD。") % {"name": name}) from None


CountryQuery = query_schema(CountryFilter, "CountryQuery")


@router.get("/countries", response={200: list[CountryOut], **ERRORS})
def countries(request, filters: Query[CountryQuery]):
    """Countries and regions as on the country list page (the same filters, ``CountryFilter``)."""
    qs = CountryFilter(filters.model_dump(exclude_none=True), user=request.user).api_qs()
    return [
        {**{f: getattr(c, f) for f in CountryOut.model_fields if f != "label"}, "label": c.label} for c in qs
    ]


@router.get("/calendar/{year}", response={200: CalendarOut, **ERRORS})
def calendar_year(request, year: int):
    if not 1900 <= year <= 2200:
        raise HttpError(422, _("年份不正确。"))
    status = workcal.year_status(year)
    cal_year = selectors.calendar_year_get(year=year)
    days = list(selectors.calendar_days(year=year)) if status.configured else []
    return {
        "year": year,
        "configured": status.configured,
        "status": cal_year.status if cal_year else "not_configured",
        "status_label": str(status.label),
        "source": cal_year.source if cal_year else "",
        "source_date": cal_year.source_date if cal_year else None,
        "days": [{"date": d.date, "kind": d.kind, "name": d.name} for d in days],
    }


@router.get("/workdays/add", response={200: WorkdaysAddOut, **ERRORS})
def workdays_add(request, start: str = "", n: str = ""):
    d = _parse_date(start, "start")
    try:
        count = int(n)
    except (TypeError, ValueError):
        raise HttpError(422, _("参数 n 应为整数。")) from None
    if abs(count) > MAX_N:
        raise HttpError(422, _("参数 n 超出范围（最多 %(max)s）。") % {"max": MAX_N})
    try:
        result = workcal.add_working_days(d, count)
    except (OverflowError, ValueError):
        raise HttpError(422, _("计算结果超出日期范围。")) from None
    return {"start": d, "n": count, "result": result, "warnings": workcal.calendar_warnings(d, result)}


@router.get("/workdays/between", response={200: WorkdaysBetweenOut, **ERRORS})
def workdays_between(request, start: str = "", end: str = ""):
    s, e = _parse_date(start, "start"), _parse_date(end, "end")
    return {
        "start": s,
        "end": e,
        "working_days": workcal.working_days_between(s, e),
        "warnings": workcal.calendar_warnings(s, e),
    }
