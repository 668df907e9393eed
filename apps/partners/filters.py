"""The partner register's filters (page and API): country, category, status, owning division, text."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdChoiceFilter, ListFilterSet

from . import selectors
from .models import Category, PartnerStatus


class PartnerFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("名称"), method="filter_q", max_length=100)
    country = IdChoiceFilter(label=_("国家（地区）"), field_name="country_id")
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PartnerStatus.choices)
    division = IdChoiceFilter(label=_("主管处室"), field_name="division_id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.org.models import Division

        countries = {p.country_id: p.country for p in self.queryset}
        self.set_choices(
            "country", [(c.pk, c.name_zh) for c in sorted(countries.values(), key=lambda c: c.sort_key)]
        )
        self.set_choices("division", [(d.pk, d.name) for d in Division.objects.filter(is_active=True)])

    def scoped(self):
        return selectors.partner_list(user=self.user)

    def filter_q(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(
            Q(name_zh__icontains=value) | Q(name_local__icontains=value) | Q(name_en__icontains=value)
        )
