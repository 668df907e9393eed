"""The nomination list's filters (page and API)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.casework.models import CaseState
from apps.core.filters import ListFilterSet
from apps.reference.selectors import country_choices

from . import selectors


class NominationFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、姓名或工作单位"), max_length=100, method="filter_q")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"))
    country = django_filters.ChoiceFilter(
        label=_("国籍"), empty_label=_("全部国家（地区）"), field_name="nationality__iso2"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(
            "country",
            country_choices,
        )

    def scoped(self):
        return selectors.nomination_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(
            Q(reference__icontains=q)
            | Q(nominee_name__icontains=q)
            | Q(nominee_name_zh__icontains=q)
            | Q(employer__icontains=q)
        )
