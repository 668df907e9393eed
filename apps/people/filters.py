"""The filters of the person registry (人员信息库), for its page, ``GET /api/people/`` and its export.

Applied on top of ``selectors.person_list(user=..., include_archived=True)`` (people in the user's scope);
the registry lists current people unless "已归档" is ticked.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import PEOPLE, unit_choices
from apps.core.crypto import lookup_hash
from apps.core.filters import CheckboxFilter, IdChoiceFilter, ListFilterSet

from . import idcard, selectors


class PersonFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("姓名、拼音或身份证号码"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        method="filter_q",
    )
    unit = IdChoiceFilter(label=_("单位"), field_name="unit_id", empty_label=_("全部"))
    archived = CheckboxFilter(label=_("已归档"), method="filter_archived")

    # an ID number is searched by POST and pages with a sealed token (apps.core.filters.ListFilterSet)
    identifier_fields = {"q": idcard.looks_like_id_number}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("unit", unit_choices(self.user, realm=PEOPLE))

    def scoped(self):
        return selectors.person_list(user=self.user, include_archived=True)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        if idcard.looks_like_id_number(q):
            return qs.filter(id_number_hash=lookup_hash(q))
        return qs.filter(
            Q(full_name__icontains=q)
            | Q(name_search__icontains=q.lower().replace(" ", ""))
            | Q(passport_name__icontains=q)
        )

    def filter_archived(self, qs, name, value):
        """Ticked: archived people instead of current ones."""
        return qs.filter(archived_at__isnull=not value)
