"""The filters of the case list (案件), for its page, ``GET /api/cases/`` and any export of it.

Applied on top of ``selectors.case_list(user=...)`` (the user's data scope, newest first).
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import unit_choices
from apps.core.filters import CheckboxFilter, FastSelect, IdChoiceFilter, ListFilterSet, cached_choices
from apps.org.models import Division

from . import selectors
from .models import CLOCK_RUNNING, CaseState, CaseType


def case_type_choices():
    """``(code, name in the reader's language)`` of the case types, kept per process."""
    return cached_choices(CaseType.objects.order_by("code").values_list("code", "name", "name_en"))


class CaseFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号或标题"), max_length=100, method="filter_q")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"), widget=FastSelect
    )
    case_type = django_filters.ChoiceFilter(
        label=_("类型"), empty_label=_("全部类型"), widget=FastSelect, method="filter_case_type"
    )
    # Ids and names only (one narrow query each), not model instances: see FastSelect.
    division = IdChoiceFilter(label=_("承办处室"), field_name="division_id", empty_label=_("全部处室"))
    unit = IdChoiceFilter(label=_("申报单位"), field_name="applicant_unit_id", empty_label=_("全部单位"))
    overdue = CheckboxFilter(label=_("仅看超期"), method="filter_overdue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # configuration rows, cached per process (apps.core.filters.cached_choices)
        self.set_choices("case_type", case_type_choices())
        self.set_choices("division", cached_choices(Division.objects.values_list("pk", "name", "name_en")))
        # the units offered: those the data scope reaches (the one rule, apps.accounts.scope)
        self.set_choices("unit", unit_choices(self.user))

    def scoped(self):
        return selectors.case_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        return qs.filter(Q(reference__icontains=q) | Q(title__icontains=q)) if q else qs

    def filter_case_type(self, qs, name, value):
        # by id (an InitPlan), not through a join: the join hides the column's statistics and the
        # planner then under-estimates the rows and sorts the whole list instead of using the index
        return qs.filter(case_type_id=Subquery(CaseType.objects.filter(code=value).values("pk")[:1]))

    def filter_overdue(self, qs, name, value):
        return qs.filter(state__in=CLOCK_RUNNING, due_date__lt=timezone.localdate()) if value else qs


# --- tripux: the inbox (我的待办) can be searched, filtered and sorted (issue 9, E19) ---------------------
INBOX_SORTS = [
    ("due", _("办理期限（近者在前）")),
    ("-created", _("最新提交在前")),
    ("created", _("最早提交在前")),
    ("reference", _("编号")),
]
INBOX_ORDER = {
    "due": ("due_date", "-created_at", "-id"),
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "reference": ("reference", "id"),
}


class InboxFilter(ListFilterSet):
    """The inbox's filters: a search, the case type, the state, overdue only, and the order (overdue
    first by default)."""

    q = django_filters.CharFilter(label=_("编号或标题"), max_length=100, method="filter_q")
    case_type = django_filters.ChoiceFilter(
        label=_("类型"), empty_label=_("全部类型"), widget=FastSelect, method="filter_case_type"
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"), widget=FastSelect
    )
    overdue = CheckboxFilter(label=_("仅看超期"), method="filter_overdue")
    sort = django_filters.ChoiceFilter(
        label=_("排序"), choices=INBOX_SORTS, empty_label=_("超期优先"), method="filter_sort"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("case_type", case_type_choices())

    def scoped(self):
        return selectors.inbox(user=self.user)

    filter_q = CaseFilter.filter_q
    filter_case_type = CaseFilter.filter_case_type
    filter_overdue = CaseFilter.filter_overdue

    def filter_sort(self, qs, name, value):
        return qs.order_by(*INBOX_ORDER[value]) if value in INBOX_ORDER else qs

    @property
    def narrowed(self) -> bool:
        """Whether a filter narrows the list (then the badge's total is not the list's count)."""
        if not self.is_valid():
            return True
        data = self.form.cleaned_data
        return any(data.get(k) for k in ("q", "case_type", "state", "overdue"))
