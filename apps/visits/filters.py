"""The filters of the visit list and the gift register (page and API share them)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.casework.models import CaseState
from apps.core.filters import FastSelect, ListFilterSet

from . import selectors
from .models import Gift, Level


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
