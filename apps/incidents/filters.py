"""The incident list's filters (page and API), over the circle-restricted selector."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IntegerFilter, ListFilterSet
from apps.reference.selectors import country_choices

from . import selectors
from .models import Direction, Kind, Severity, State


class IncidentFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、标题或当事人"), max_length=100, method="filter_q")
    direction = django_filters.ChoiceFilter(
        label=_("类别"), choices=Direction.choices, empty_label=_("全部类别")
    )
    kind = django_filters.ChoiceFilter(label=_("性质"), choices=Kind.choices, empty_label=_("全部"))
    severity = django_filters.ChoiceFilter(
        label=_("等级"), choices=Severity.choices, empty_label=_("全部等级")
    )
    state = django_filters.ChoiceFilter(label=_("状态"), choices=State.choices, empty_label=_("全部状态"))
    country = django_filters.ChoiceFilter(
        label=_("国家（地区）"), empty_label=_("全部国家（地区）"), field_name="country__iso2"
    )
    year = IntegerFilter(label=_("年度"), min_value=1, max_value=9999, field_name="occurred_on__year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(
            "country",
            country_choices,
        )

    def scoped(self):
        return selectors.incident_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(Q(reference__icontains=q) | Q(title__icontains=q) | Q(persons__icontains=q))
