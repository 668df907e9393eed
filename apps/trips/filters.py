"""The filters of the trip lists, each used by its page, its API and its export (``apps.trips.reports``):

* ``TripFilter`` — 出访团组, on ``selectors.trip_list(user=...)``: unit, country, month or year of departure,
  a member's rank, state, stage, text, and the column to sort by;
* ``OverrideFilter`` — 检查结论的例外决定, on ``reports.overrides_list(user=...)``.

Both narrow a queryset already restricted to the user's data scope. Month and year are ranges on the
departure date and the country is compared by id, so that the list's indexes answer them.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import unit_choices
from apps.casework.models import CaseState
from apps.core.filters import FastSelect, IdChoiceFilter, IntegerFilter, ListFilterSet
from apps.reference.models import Country
from apps.reference.selectors import country_choices

from . import selectors
from .models import Leg, Stage, Trip, TripMember

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
SORTS = {
    "reference": ("reference", "id"),
    "title": ("title", "id"),
    "unit": ("applicant_unit__name", "id"),
    "departure": ("departure_date", "id"),
    "return": ("return_date", "id"),
    "state": ("state", "id"),
    "stage": ("stage", "id"),
    "created": ("created_at", "id"),
}
DEFAULT_SORT = "-departure"  # selectors.trip_list's order


def parse_month(value) -> tuple[int, int] | None:
    m = MONTH_RE.match(str(value or "").strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1900 < year < 3000):
        return None
    return year, month


def sort(qs: QuerySet, key: str) -> QuerySet:
    """``qs`` ordered by column ``key`` ("-" first for descending); an unknown one gives the default."""
    key = key or DEFAULT_SORT
    desc = key.startswith("-")
    fields = SORTS.get(key.lstrip("-")) or SORTS[DEFAULT_SORT.lstrip("-")]
    if key.lstrip("-") not in SORTS:
        desc = True
    return qs.order_by(*[f"-{f}" if desc else f for f in fields])


class MonthField(forms.CharField):
    """ "YYYY-MM" (or "YYYY-M"): a month of a year between 1901 and 2999."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "month", "placeholder": "2026-05"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and parse_month(value) is None:
            raise forms.ValidationError(_("请按“年-月”填写，例如 2026-05。"), code="invalid")


class CountryCodeField(django_filters.fields.ChoiceField):
    """An ISO code from the choices, in either case ("fr" is FR)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField


class TripFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、标题或成员"), max_length=100, method="filter_q")
    unit = IdChoiceFilter(label=_("申报单位"), field_name="applicant_unit_id", empty_label=_("全部单位"))
    country = CountryFilter(
        label=_("国家（地区）"),
        empty_label=_("全部国家（地区）"),
        method="filter_country",
        widget=FastSelect,  # tripux: a long list, searchable
    )
    month = MonthFilter(label=_("出境月份"), method="filter_month")
    year = IntegerFilter(label=_("出境年度"), min_value=1, max_value=9999, method="filter_year")
    rank = django_filters.ChoiceFilter(label=_("成员职级"), empty_label=_("全部职级"), method="filter_rank")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"))
    stage = django_filters.ChoiceFilter(label=_("出访阶段"), choices=Stage.choices, empty_label=_("全部阶段"))
    sort = django_filters.CharFilter(widget=forms.HiddenInput, method="filter_sort")

    def __init__(self, *args, **kwargs):
        from apps.people.selectors import rank_choices

        super().__init__(*args, **kwargs)
        self.set_choices("unit", unit_choices(self.user))
        self.set_choices(
            "country",
            country_choices,
        )
        self.set_choices("rank", rank_choices())

    def scoped(self):
        return selectors.trip_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(task__icontains=q)
            | Q(pk__in=Trip.objects.filter(members__person__full_name__icontains=q).values("pk"))
        )

    def filter_country(self, qs, name, value):
        # The country's id first (a scalar subquery on the unique iso2), so that the planner reads the
        # legs through ``trips_leg_country_trip_idx`` with that country's own statistics.
        country_id = Subquery(Country.objects.filter(iso2=value).values("pk")[:1])
        return qs.filter(pk__in=Leg.objects.filter(country_id=country_id).values("trip_id"))

    def filter_month(self, qs, name, value):
        return selectors.departure_between(qs, *parse_month(value))

    def filter_year(self, qs, name, value):
        return selectors.departure_between(qs, value)

    def filter_rank(self, qs, name, value):
        return qs.filter(pk__in=TripMember.objects.filter(person__rank=value).values("trip_id"))

    def filter_sort(self, qs, name, value):
        return sort(qs, value)


class OverrideFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、规则或理由"), max_length=100, method="filter_q")
    severity = django_filters.ChoiceFilter(
        label=_("级别"), choices=[("blocking", _("阻断")), ("warning", _("警示"))], empty_label=_("全部级别")
    )
    year = IntegerFilter(label=_("年度"), field_name="at", lookup_expr="year", min_value=1990, max_value=2100)
    active = django_filters.ChoiceFilter(
        label=_("是否有效"),
        choices=[("1", _("有效")), ("0", _("已失效"))],
        empty_label=_("全部"),
        method="filter_active",
    )

    def scoped(self):
        from .reports import overrides_list

        return overrides_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(
            Q(trip__reference__icontains=q)
            | Q(rule_id__icontains=q)
            | Q(justification__icontains=q)
            | Q(message__icontains=q)
        )

    def filter_active(self, qs, name, value):
        return qs.filter(is_active=value == "1")
