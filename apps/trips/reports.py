"""Lists and reports of trips, all read through ``apps.trips.selectors`` (the user's data scope):

* the trip list (``selectors.trip_list`` with ``filters.TripFilter``) as an export;
* ``overrides_list`` — decisions to proceed despite a finding (filtered by ``filters.OverrideFilter``);
* ``overdue_reports`` — trips back home whose report is past due and not filed;
* ``statistics`` — trips, travellers, days abroad and budget by country, unit or month of a year.

Every list is registered with ``apps.exports`` so that "导出 Excel" works the same everywhere: an export
re-applies the list's FilterSet to the filters it was started with.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from apps.casework.models import CaseState
from apps.exports.registry import register_exporter

from . import selectors
from .filters import OverrideFilter, TripFilter
from .models import FindingOverride, Stage
from .permissions import can_see_reports

STAT_DIMENSIONS = ("country", "unit", "month")


# --- the trip list ---------------------------------------------------------------------------------
def trip_list_columns():
    return [
        _("编号"),
        _("标题"),
        _("申报单位"),
        _("出访国家（地区）"),
        _("出境日期"),
        _("入境日期"),
        _("在外天数"),
        _("人数"),
        _("团长"),
        _("状态"),
        _("出访阶段"),
        _("审批层级"),
    ]


def _with_children(qs):
    return qs.prefetch_related("legs__country", "members")


def _trips_exported(user, params) -> QuerySet:
    """The trip list of ``user`` with the filters ``params`` as on its page (an invalid one: ServiceError)."""
    return TripFilter(params, user=user).export_qs()


def trip_list_rows(user, params):
    for t in _with_children(_trips_exported(user, params)).iterator(chunk_size=500):
        yield (
            t.reference or "",
            t.title,
            t.applicant_unit.name if t.applicant_unit_id else "",
            t.countries_label(),
            t.departure_date,
            t.return_date,
            t.days_abroad,
            len(t.members.all()),
            t.head_of_delegation.full_name if t.head_of_delegation_id else "",
            t.get_state_display(),
            t.get_stage_display(),
            t.get_approval_level_display() if t.approval_level else "",
        )


# --- overrides of findings -------------------------------------------------------------------------
def overrides_list(*, user) -> QuerySet:
    """Decisions to proceed despite a finding, on trips in the user's scope, newest first; the list's
    filters are ``filters.OverrideFilter``."""
    trips = selectors.scoped_trips(user).values("pk")
    qs = FindingOverride.objects.filter(trip_id__in=trips).select_related(
        "trip", "trip__applicant_unit", "by"
    )
    return qs.order_by("-at", "-id")


def severity_label(value: str) -> str:
    return {"blocking": _("阻断"), "warning": _("警示")}.get(value, value)


def rule_titles() -> dict[str, str]:
    """Each rule's title (in the active language) by its id: users read "在外天数", not "days_abroad"."""
    from django.utils.translation import get_language

    from apps.regulations.packs import load_active_pack

    english = (get_language() or "").startswith("en")
    return {
        rid: ((conf.title_en if english else conf.title_zh) or conf.title_zh or rid)
        for rid, conf in load_active_pack().rules.items()
    }


def describe_overrides(overrides) -> list:
    """Give each override ``rule_title`` and ``subject_label`` (a person's name, a country's name):
    what a user reads instead of the rule id and the subject's key. Two queries for the whole page."""
    from apps.people.models import Person
    from apps.reference.models import Country

    overrides = list(overrides)
    titles = rule_titles()
    subjects = {o.subject for o in overrides if o.subject}
    people = {
        str(p.pk): p.full_name
        for p in Person.objects.filter(pk__in=[s for s in subjects if s.isdigit()]).only("full_name")
    }
    english = (get_language() or "").startswith("en")
    countries = {
        c.iso2: (c.name_en if english else c.name_zh)
        for c in Country.objects.filter(iso2__in=[s for s in subjects if len(s) == 2 and s.isalpha()])
    }
    for o in overrides:
        o.rule_title = titles.get(o.rule_id) or o.rule_id
        o.subject_label = people.get(o.subject) or countries.get(o.subject) or ""
    return overrides


def override_columns():
    return [
        _("决定时间"),
        _("编号"),
        _("申报单位"),
        _("规则"),
        _("对象"),
        _("级别"),
        _("检查结论"),
        _("理由"),
        _("决定人"),
        _("规则包版本"),
        _("有效"),
    ]


def _overrides_exported(user, params) -> QuerySet:
    return OverrideFilter(params, user=user).export_qs()


def override_rows(user, params):
    qs = _overrides_exported(user, params)
    for start in range(0, qs.count(), 500):
        for o in describe_overrides(qs[start : start + 500]):
            yield _override_row(o)


def _override_row(o):
    return (
        o.at,
        o.trip.reference or "",
        o.trip.applicant_unit.name if o.trip.applicant_unit_id else "",
        o.rule_title,
        o.subject_label,
        severity_label(o.severity),
        o.message,
        o.justification,
        o.by.full_name or o.by.username,
        o.pack_version,
        _("是") if o.is_active else _("否"),
    )


# --- overdue trip reports --------------------------------------------------------------------------
def overdue_reports(*, user, today: dt.date | None = None) -> QuerySet:
    """Trips back home whose report was due before ``today`` and is not filed (cancelled ones excluded)."""
    today = today or timezone.localdate()
    qs = selectors.scoped_trips(user).filter(report_due__lt=today, report_filed_at__isnull=True)
    qs = qs.exclude(stage=Stage.CANCELLED).exclude(state__in=(CaseState.WITHDRAWN,))
    return qs.order_by("report_due", "id")


def days_overdue(trip, today: dt.date) -> int:
    """Whole days the trip's report is past due on ``today`` (0 when it is not due yet)."""
    if not trip.report_due:
        return 0
    return max((today - trip.report_due).days, 0)


def overdue_report_columns():
    return [
        _("编号"),
        _("标题"),
        _("申报单位"),
        _("团长"),
        _("实际入境日期"),
        _("报告应交日期"),
        _("逾期天数"),
    ]


def overdue_report_rows(user, params):
    today = timezone.localdate()
    for t in overdue_reports(user=user, today=today).iterator(chunk_size=500):
        yield (
            t.reference or "",
            t.title,
            t.applicant_unit.name if t.applicant_unit_id else "",
            t.head_of_delegation.full_name if t.head_of_delegation_id else "",
            t.actual_return_date,
            t.report_due,
            days_overdue(t, today),
        )


# --- statistics ------------------------------------------------------------------------------------
@dataclass
class StatRow:
    key: str
    label: str
    trips: int = 0
    travellers: int = 0
    days: int = 0
    person_days: int = 0
    budget: dict = field(default_factory=lambda: defaultdict(Decimal))
    percent: int = 0  # bar width, relative to the largest row

    @property
    def budget_cny(self) -> Decimal:
        return self.budget.get("CNY", Decimal(0))

    @property
    def budget_other(self) -> str:
        return "；".join(
            f"{cur} {amount:,.2f}" for cur, amount in sorted(self.budget.items()) if cur != "CNY" and amount
        )


def counted_trips(*, user, year: int) -> QuerySet:
    """Approved trips (under way or closed) leaving in ``year``; cancelled and rejected ones not counted."""
    return (
        selectors.scoped_trips(user)
        .filter(departure_date__year=year, state__in=(CaseState.APPROVED, CaseState.CLOSED))
        .exclude(stage=Stage.CANCELLED)
    )


def statistics(*, user, year: int, by: str = "country") -> tuple[list[StatRow], StatRow]:
    """Rows per country (a trip to two countries counts for each), unit or month, and the totals."""
    if by not in STAT_DIMENSIONS:
        by = "country"
    rows: dict[str, StatRow] = {}
    if by == "month":
        for m in range(1, 13):
            rows[f"{m:02d}"] = StatRow(key=f"{year}-{m:02d}", label=_("%(m)d月") % {"m": m})
    total = StatRow(key="", label=_("合计"))
    qs = counted_trips(user=user, year=year).prefetch_related("legs__country", "members", "budget")
    for t in qs:
        n = len(t.members.all())
        days = t.days_abroad or 0
        budget = defaultdict(Decimal)
        for line in t.budget.all():
            budget[line.currency or "CNY"] += line.amount or Decimal(0)
        if by == "country":
            keys = []
            for leg in t.legs.all():
                if not leg.transit and leg.country_id not in {k for k, _l in keys}:
                    keys.append((leg.country_id, leg.country))
            targets = [(f"c{cid}", country.iso2, str(country)) for cid, country in keys]
        elif by == "unit":
            unit = t.applicant_unit
            targets = [(f"u{t.applicant_unit_id}", str(t.applicant_unit_id), unit.name if unit else "")]
        else:
            targets = [(f"{t.departure_date.month:02d}", "", "")]
        for rkey, key, label in targets:
            row = rows.get(rkey) or rows.setdefault(rkey, StatRow(key=key, label=label))
            _add(row, n, days, budget)
        _add(total, n, days, budget)
    out = list(rows.values())
    if by != "month":
        out.sort(key=lambda r: (-r.trips, -r.travellers, r.label))
    top = max((r.trips for r in out), default=0)
    for r in out:
        r.percent = round(r.trips * 100 / top) if top else 0
    return out, total


def _add(row: StatRow, travellers: int, days: int, budget: dict) -> None:
    row.trips += 1
    row.travellers += travellers
    row.days += days
    row.person_days += days * travellers
    for cur, amount in budget.items():
        row.budget[cur] += amount


def stat_year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


def years_available(*, user) -> list[int]:
    this = timezone.localdate().year
    years = {
        d.year
        for d in selectors.scoped_trips(user).exclude(departure_date=None).dates("departure_date", "year")
    }
    return sorted(years | {this}, reverse=True)


def dimension_label(by: str) -> str:
    return {"country": _("国家（地区）"), "unit": _("申报单位"), "month": _("月份")}.get(by, by)


def stat_columns(params=None):
    by = (params or {}).get("by", "country")
    return [
        dimension_label(by),
        _("团组数"),
        _("出访人次"),
        _("在外天数"),
        _("人天数"),
        _("人民币预算（元）"),
        _("外币预算"),
    ]


def stat_rows(user, params):
    out, total = statistics(
        user=user, year=stat_year(params.get("year")), by=str(params.get("by") or "country")
    )
    for r in [*out, total]:
        yield (r.label, r.trips, r.travellers, r.days, r.person_days, r.budget_cny, r.budget_other)


def _stat_count(user, params):
    by = str(params.get("by") or "country")
    if by == "month":
        return 13
    return sum(1 for _row in stat_rows(user, params))


# --- exporters -------------------------------------------------------------------------------------
register_exporter(
    "trips.list",
    title=gettext_lazy("出访团组"),
    permission="casework.view",
    columns=trip_list_columns,
    rows=trip_list_rows,
    count=lambda user, params: _trips_exported(user, params).count(),
)
register_exporter(
    "trips.overrides",
    title=gettext_lazy("检查结论的例外决定"),
    permission=can_see_reports,
    columns=override_columns,
    rows=override_rows,
    count=lambda user, params: _overrides_exported(user, params).count(),
)
register_exporter(
    "trips.overdue_reports",
    title=gettext_lazy("逾期未交出访报告"),
    permission=can_see_reports,
    columns=overdue_report_columns,
    rows=overdue_report_rows,
    count=lambda user, params: overdue_reports(user=user).count(),
)
register_exporter(
    "trips.statistics",
    title=gettext_lazy("出访统计"),
    permission=can_see_reports,
    columns=stat_columns,
    rows=stat_rows,
    count=_stat_count,
)
