"""The filters of the security administrator's lists: users (page and ``GET /api/accounts/users``) and
the login log (page)."""

from __future__ import annotations

from datetime import datetime, time

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import ListFilterSet
from apps.org.models import Division, Unit

from . import selectors
from .models import LoginLog, Role


class UserFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("姓名或用户名（可用拼音）"), max_length=100, method="filter_q")
    role = django_filters.ModelChoiceFilter(
        label=_("角色"), field_name="roles", queryset=Role.objects.order_by("order", "id")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"), queryset=Unit.objects.order_by("path"), method="filter_unit"
    )
    division = django_filters.ModelChoiceFilter(
        label=_("处室"), queryset=Division.objects.order_by("order", "id")
    )
    active = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("1", _("在用")), ("0", _("已停用"))],
        empty_label=_("全部"),
        method="filter_active",
    )

    def scoped(self):
        return selectors.user_list(user=self.user)

    def filter_q(self, qs, name, value):
        return selectors.search_users(qs, value)

    def filter_unit(self, qs, name, value):
        """The unit and the units under it."""
        return qs.filter(unit__path__startswith=value.path) if value.path else qs.filter(unit=value)

    def filter_active(self, qs, name, value):
        return qs.filter(is_active=value == "1")


class LoginLogForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


DATE_INVALID = _("请输入有效的日期（例如 2026-01-31）。")


class LoginLogFilter(ListFilterSet):
    username = django_filters.CharFilter(label=_("用户名"), max_length=150, method="filter_username")
    outcome = django_filters.ChoiceFilter(
        label=_("结果"), choices=LoginLog.Outcome.choices, empty_label=_("全部")
    )
    date_from = django_filters.DateFilter(
        label=_("开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_INVALID},
        method="filter_date_from",
    )
    date_to = django_filters.DateFilter(
        label=_("结束日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_INVALID},
        method="filter_date_to",
    )

    class Meta:
        form = LoginLogForm

    def scoped(self):
        return selectors.login_log_list(user=self.user)

    def filter_username(self, qs, name, value):
        username = value.strip()
        return qs.filter(username__icontains=username) if username else qs

    def filter_date_from(self, qs, name, value):
        return qs.filter(at__gte=datetime.combine(value, time.min, tzinfo=timezone.get_current_timezone()))

    def filter_date_to(self, qs, name, value):
        return qs.filter(at__lte=datetime.combine(value, time.max, tzinfo=timezone.get_current_timezone()))
