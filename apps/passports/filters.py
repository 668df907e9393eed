"""The filters of the custody register (证照登记簿), for its page, ``GET /api/passports/`` and its export.

Applied on top of ``selectors.passport_list(user=...)`` (passports of people in the user's scope).
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import PEOPLE, unit_choices
from apps.core.crypto import lookup_hash
from apps.core.filters import IdChoiceFilter, ListFilterSet

from .models import Kind, Status
from .selectors import passport_list, status_q


class PassportFilter(ListFilterSet):
    """``today`` (default: today) decides which passports are overdue or expired."""

    holder = django_filters.CharFilter(label=_("持照人"), max_length=100, method="filter_holder")
    number = django_filters.CharFilter(label=_("证照号码"), max_length=20, method="filter_number")
    unit = IdChoiceFilter(label=_("单位"), field_name="holder__unit_id", empty_label="—")
    kind = django_filters.ChoiceFilter(label=_("证照类型"), choices=Kind.choices, empty_label="—")
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Status.choices, empty_label="—", method="filter_status"
    )

    # a passport number is searched by POST and pages with a sealed token (apps.core.filters.ListFilterSet)
    identifier_fields = {"number": None}

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        self.set_choices("unit", unit_choices(self.user, realm=PEOPLE))

    def scoped(self):
        return passport_list(user=self.user)

    def filter_holder(self, qs, name, value):
        holder = value.strip()
        if not holder:
            return qs
        return qs.filter(
            Q(holder__full_name__icontains=holder)
            | Q(holder__name_search__icontains=holder.lower().replace(" ", ""))
            | Q(holder__passport_name__icontains=holder)
        )

    def filter_number(self, qs, name, value):
        number = value.strip()
        return qs.filter(number_hash=lookup_hash(number)) if number else qs

    def filter_status(self, qs, name, value):
        return qs.filter(status_q(value, self.today))
