"""The filters of the country list (国家（地区）), for its page and ``GET /api/reference/countries``."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import CheckboxFilter, ListFilterSet

from . import selectors
from .models import Continent, Country, CountryKind


class CountryFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("中文、英文、拼音或代码")}),
        method="filter_q",
    )
    continent = django_filters.ChoiceFilter(
        label=_("所在洲"), choices=Continent.choices, empty_label=_("全部")
    )
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=CountryKind.choices, empty_label=_("全部"))
    destinations = CheckboxFilter(label=_("仅出访目的地"), method="filter_destinations")

    def scoped(self):
        return selectors.country_list()

    def filter_q(self, qs, name, value):
        """Chinese, English, pinyin ("meiguo", from the first letters) or an ISO code."""
        q = value.strip()
        if q and 2 <= len(q) <= 3 and q.isascii() and q.isalpha():
            # an exact ISO code ("KR", "kor") finds that one country, not every name containing the letters
            exact = qs.filter(Q(iso2__iexact=q) | Q(iso3__iexact=q))
            if exact.exists():
                return exact
        if not q:
            return qs
        compact = q.replace(" ", "").lower()
        cond = (
            Q(name_zh__icontains=q)
            | Q(name_zh_full__icontains=q)
            | Q(name_en__icontains=q)
            | Q(name_en_full__icontains=q)
            | Q(sort_key__icontains=q.lower())
        )
        if q.isdigit():
            cond |= Q(numeric=q.zfill(3))
        if compact and compact.isascii() and compact.isalpha():
            # "meiguo" finds 美国: match the key without spaces from its first letters
            cond |= Q(
                pk__in=[
                    c.pk
                    for c in Country.objects.only("pk", "sort_key")
                    if c.sort_key.replace(" ", "").startswith(compact)
                ]
            )
        return qs.filter(cond)

    def filter_destinations(self, qs, name, value):
        return qs.filter(is_trip_destination=True, is_active=True) if value else qs
