"""The filters of the applying units (申报单位), for the unit tree page and ``GET /api/org/units``."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from apps.core.filters import CheckboxFilter, IntegerFilter, ListFilterSet
from apps.core.ids import MAX_ID
from apps.core.permissions import allowed
from apps.core.text import pinyin_key

from . import selectors
from .models import Unit


class UnitFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("名称或拼音"), max_length=100, method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("单位类型"), choices=Unit.Kind.choices, empty_label=_("全部类型")
    )
    parent = IntegerFilter(
        label=_("上级单位"), field_name="parent_id", min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    include_inactive = CheckboxFilter(label=_("含已停用"), method="filter_include_inactive")

    def scoped(self):
        return selectors.unit_list()

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        key = pinyin_key(q).replace(" ", "")
        # pinyin is stored "zhong guo kuang ye"; compare without spaces so "kuangye" matches.
        return qs.annotate(_py=Replace("pinyin", Value(" "), Value(""))).filter(
            Q(name__icontains=q)
            | Q(name_en__icontains=q)
            | Q(short_name__icontains=q)
            | Q(_py__icontains=key)
        )

    def filter_include_inactive(self, qs, name, value):
        """Stopped units too, for those who may read the organisation (office staff, its administrator)."""
        if value and allowed(self.user, "org.read"):
            return qs
        return qs.filter(is_active=True)

    def searching(self) -> bool:
        """Is the list narrowed to matches (rather than the whole tree)?"""
        if not self.is_valid():
            return True
        data = self.form.cleaned_data
        return bool(data.get("q", "").strip() or data.get("kind") or data.get("parent"))
