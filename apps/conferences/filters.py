"""The conference list's filters (page, API and export): text, state, approving level, year, country."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.casework.models import CaseState
from apps.core.filters import IntegerFilter, ListFilterSet
from apps.reference.selectors import country_choices

from . import selectors
from .models import Conference, Level


class ConferenceFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、名称或主办单位"), max_length=100, method="filter_q")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"))
    level = django_filters.ChoiceFilter(
        label=_("审批层级"), field_name="approving_level", choices=Level.choices, empty_label=_("全部层级")
    )
    year = IntegerFilter(label=_("会议年度"), min_value=1, max_value=9998, method="filter_year")
    country = django_filters.ChoiceFilter(
        label=_("国家（地区）"), empty_label=_("全部国家（地区）"), method="filter_country"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(
            "country",
            country_choices,
        )

    def scoped(self):
        return selectors.conference_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(name_en__icontains=q)
            | Q(organiser__icontains=q)
        )

    def filter_year(self, qs, name, value):
        year = int(value)
        return qs.filter(start_date__gte=dt.date(year, 1, 1), start_date__lt=dt.date(year + 1, 1, 1))

    def filter_country(self, qs, name, value):
        ids = Conference.countries.through.objects.filter(country__iso2=value).values("conference_id")
        return qs.filter(pk__in=ids)
