"""The filters of the invitation list and the registration list (page, API and export share them)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import unit_choices
from apps.casework.models import CaseState
from apps.core.filters import CheckboxFilter, FastSelect, IdChoiceFilter, ListFilterSet, cached_choices

from . import selectors
from .models import Invitee, Registration, Stage, VisaType


class InvitationFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号、标题或被邀请人"), max_length=100, method="filter_q")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CaseState.choices, empty_label=_("全部状态"), widget=FastSelect
    )
    stage = django_filters.ChoiceFilter(
        label=_("邀请函状态"), choices=Stage.choices, empty_label=_("全部"), widget=FastSelect
    )
    visa_type = django_filters.ChoiceFilter(
        label=_("签证种类"), choices=VisaType.choices, empty_label=_("全部签证种类"), widget=FastSelect
    )
    unit = IdChoiceFilter(label=_("申报单位"), field_name="applicant_unit_id", empty_label=_("全部单位"))
    nationality = IdChoiceFilter(label=_("国籍"), method="filter_nationality", empty_label=_("全部国籍"))
    month = django_filters.DateFilter(label=_("入境月份（任一日）"), method="filter_month")
    overdue = CheckboxFilter(label=_("仅看逾期未销档"), method="filter_overdue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("unit", unit_choices(self.user))
        from .forms import foreign_countries

        self.set_choices(
            "nationality", cached_choices(foreign_countries().values_list("pk", "name_zh", "name_en"))
        )

    def scoped(self):
        return selectors.invitation_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        if not q:
            return qs
        named = Invitee.objects.filter(name__icontains=q.upper()).values("invitation_id")
        return qs.filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(letter_number__icontains=q)
            | Q(pk__in=named)
        )

    def filter_nationality(self, qs, name, value):
        return qs.filter(pk__in=Invitee.objects.filter(nationality_id=value).values("invitation_id"))

    def filter_month(self, qs, name, value):
        return qs.filter(entry_date__year=value.year, entry_date__month=value.month)

    def filter_overdue(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(state=CaseState.APPROVED, close_out_due__lt=timezone.localdate())


class RegistrationFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("单位名称"), max_length=100, method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("备案状态"), choices=Registration.Status.choices, empty_label=_("全部"), widget=FastSelect
    )

    def scoped(self):
        return selectors.registration_list(user=self.user)

    def filter_q(self, qs, name, value):
        q = value.strip()
        return qs.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q)) if q else qs
