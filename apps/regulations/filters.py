"""The filters of the expense-standards table (出国开支标准), for its page."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import ListFilterSet

from . import selectors


class StandardFilter(ListFilterSet):
    country = django_filters.CharFilter(
        label=_("国家（地区）"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("代码或名称")}),
        method="filter_country",
    )

    def scoped(self):
        return selectors.standard_list()

    def filter_country(self, qs, name, value):
        """An ISO code or part of the Chinese or English name."""
        term = value.strip()
        if not term:
            return qs
        return qs.filter(
            Q(country__iso2__iexact=term)
            | Q(country__name_zh__icontains=term)
            | Q(country__name_en__icontains=term)
        )
