"""The lists' filters (page, API): journalists, bureaus and interview requests."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.casework.models import CaseState
from apps.core.filters import IntegerFilter, ListFilterSet
from apps.reference.selectors import country_choices

from . import selectors
from .models import BureauStatus, JournalistKind, VisaKind


class JournalistFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("姓名、媒体或记者证号"), max_length=100, method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=JournalistKind.choices, empty_label=_("全部类别")
    )
    visa_kind = django_filters.ChoiceFilter(
        label=_("签证种类"), choices=VisaKind.choices, empty_label=_("全部")
    )
    country = django_filters.ChoiceFilter(
        label=_("国籍"), empty_label=_("全部国家（地区）"), field_name="nationality__iso2"
    )
    year = IntegerFilter(label=_("抵达年度"), min_value=1, max_value=9999, field_name="arrival_date__year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices)

    def scoped(self):
        return selectors.journalist_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(
            Q(name__icontains=q)
            | Q(name_zh__icontains=q)
            | Q(media__icontains=q)
            | Q(press_card_number__icontains=q)
        )


class BureauFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("机构名称"), max_length=100, method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=BureauStatus.choices, empty_label=_("全部状态")
    )
    country = django_filters.ChoiceFilter(
        label=_("国家（地区）"), empty_label=_("全部国家（地区）"), field_name="country__iso2"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices)

    def scoped(self):
        return selectors.bureau_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        return qs.filter(Q(name__icontains=q) | Q(name_en__icontains=q)) if q else qs


class InterviewFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、记者或被采访方"), max_length=100, method="filter_q")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"))
    visa_kind = django_filters.ChoiceFilter(
        label=_("签证种类"), choices=VisaKind.choices, empty_label=_("全部")
    )
    country = django_filters.ChoiceFilter(
        label=_("国籍"), empty_label=_("全部国家（地区）"), field_name="nationality__iso2"
    )
    year = IntegerFilter(label=_("采访年度"), min_value=1, max_value=9999, field_name="planned_date__year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices)

    def scoped(self):
        return selectors.interview_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        return qs.filter(
            Q(reference__icontains=q)
            | Q(journalist_name__icontains=q)
            | Q(interviewee__icontains=q)
            | Q(media__icontains=q)
        )
