"""The filters of the visit list and the gift register (page and API share them)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.casework.models import CaseState
from apps.core.filters import FastSelect, IdChoiceFilter, ListFilterSet

from . import selectors
from .models import Gift, Level

CALENDAR_MAX_DAYS = 62


class VisitFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、标题或团长"), max_length=100, method="filter_q")
    level = django_filters.ChoiceFilter(
        label=_("接待规格"), choices=Level.choices, empty_label=_("全部规格"), widget=FastSelect
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"), widget=FastSelect
    )
    year = django_filters.NumberFilter(
        label=_("抵达年份"), field_name="arrival_date", lookup_expr="year", min_value=2000, max_value=2100
    )

    def scoped(self):
        return selectors.visit_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(Q(reference__icontains=q) | Q(title__icontains=q) | Q(head_name__icontains=q))


class GiftFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("礼品或对方"), max_length=100, method="filter_q")
    direction = django_filters.ChoiceFilter(
        label=_("类别"), choices=Gift.Direction.choices, empty_label=_("全部"), widget=FastSelect
    )
    year = django_filters.NumberFilter(
        label=_("年份"), field_name="on_date", lookup_expr="year", min_value=2000, max_value=2100
    )
    open = django_filters.BooleanFilter(
        label=_("仅看未申报"), method="filter_open", widget=django_filters.widgets.BooleanWidget
    )

    def scoped(self):
        return selectors.gift_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        return qs.filter(Q(description__icontains=q) | Q(counterpart__icontains=q)) if q else qs

    def filter_open(self, qs, name, value):
        return qs.filter(declaration_due__isnull=False, declared_at__isnull=True) if value else qs


class CalendarRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end <= start:
                self.add_error("end", _("结束日期应晚于开始日期。"))
            elif (end - start).days > CALENDAR_MAX_DAYS:
                self.add_error("end", _("一次最多查看 %(n)s 天。") % {"n": CALENDAR_MAX_DAYS})
        return data


class CalendarFilter(ListFilterSet):
    """The leaders' calendar between two dates (the widget asks for what it shows: a week, a month; by
    default the current week), one leader or every leader the user reads."""

    leader = IdChoiceFilter(label=_("市领导"), field_name="leader_id", empty_label=_("全部"))
    start = django_filters.DateFilter(label=_("自"), method="filter_none")
    end = django_filters.DateFilter(label=_("至（不含）"), method="filter_none")

    class Meta:
        form = CalendarRangeForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("leader", [(x.pk, str(x)) for x in selectors.leaders_for(user=self.user)])

    def scoped(self):
        return selectors.calendar_list(user=self.user)

    def filter_none(self, qs, name, value):
        return qs  # the range is applied once, both ends together, in filter_queryset

    def filter_queryset(self, queryset):
        import datetime as dt

        from django.utils import timezone

        qs = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        if start is None and end is None:
            today = timezone.localdate()
            start = today - dt.timedelta(days=today.weekday())
        if start is None:
            start = end - dt.timedelta(days=7)
        if end is None:
            end = start + dt.timedelta(days=7)
        return selectors.in_range(qs, start=start, end=end)
