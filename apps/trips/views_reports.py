"""Pages of the trip list and reports (thin: a filter form, ``apps.trips.reports``, a template).

Every page reads through the trips selectors (the user's data scope) and offers "导出 Excel" through
``apps.exports``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.casework.models import CaseState
from apps.org.models import Unit
from apps.web.decorators import perm_required

from . import reports
from .models import Stage


def _page(request, qs):
    return Paginator(qs, settings.WAIBAN.get("LIST_PAGE_SIZE", 25)).get_page(request.GET.get("page"))


def _unit_choices(user):
    """Units the user's scope reaches (a clerk: their own unit), for the filter."""
    from apps.accounts.scope import scope_for

    scope = scope_for(user)
    qs = Unit.objects.filter(is_active=True)
    if not (scope.all or scope.division_ids):
        qs = qs.filter(pk__in=sorted(scope.unit_ids))
    return qs.order_by("name")


class TripFilterForm(forms.Form):
    q = forms.CharField(label=_("编号、标题或成员"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("申报单位"), required=False, queryset=Unit.objects.none(), empty_label=_("全部单位")
    )
    country = forms.ChoiceField(label=_("国家（地区）"), required=False)
    month = forms.CharField(
        label=_("出境月份"),
        required=False,
        max_length=7,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "2026-05"}),
    )
    rank = forms.ChoiceField(label=_("成员职级"), required=False)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *CaseState.choices]
    )
    stage = forms.ChoiceField(
        label=_("出访阶段"), required=False, choices=[("", _("全部阶段")), *Stage.choices]
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        from apps.people.selectors import rank_choices
        from apps.reference.models import Country

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices(user) if user is not None else Unit.objects.none()
        self.fields["country"].choices = [("", _("全部国家（地区）"))] + [
            (c.iso2, str(c)) for c in Country.objects.filter(is_active=True).order_by("sort_key", "iso2")
        ]
        self.fields["rank"].choices = [("", _("全部职级")), *list(rank_choices())]

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if value and reports.parse_month(value) is None:
            raise forms.ValidationError(_("请按“年-月”填写，例如 2026-05。"))
        return value

    def filters(self) -> dict:
        if not self.is_valid():
            return {"_invalid": True}
        d = self.cleaned_data
        return {
            "q": d.get("q") or "",
            "unit": d["unit"].pk if d.get("unit") else "",
            "country": d.get("country") or "",
            "month": d.get("month") or "",
            "rank": d.get("rank") or "",
            "state": d.get("state") or "",
            "stage": d.get("stage") or "",
            "sort": d.get("sort") or "",
        }


SORTABLE = [
    ("reference", _("编号")),
    ("title", _("标题")),
    ("unit", _("申报单位")),
    ("departure", _("出境日期")),
    ("state", _("状态")),
    ("stage", _("出访阶段")),
]


@perm_required("casework.view")
def trip_list(request):
    form = TripFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    if filters.get("_invalid"):
        qs = reports.trips_filtered(user=request.user, filters={}).none()
    else:
        qs = reports.trips_filtered(user=request.user, filters=filters)
    qs = qs.prefetch_related("legs__country", "members")
    sort = request.GET.get("sort") or reports.DEFAULT_SORT
    columns = []
    for key, label in SORTABLE:
        active = sort.lstrip("-") == key
        desc = sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": label,
                "active": active,
                "desc": active and desc,
                "next": f"-{key}" if active and not desc else key,
            }
        )
    return render(
        request,
        "trips/reports/trip_list.html",
        {"filter_form": form, "page_obj": _page(request, qs), "columns": columns},
    )


@perm_required("trips.view_reports")
def report_index(request):
    from apps.passports.selectors import overdue_list

    year = timezone.localdate().year
    _rows, total = reports.statistics(user=request.user, year=year, by="month")
    ctx = {
        "year": year,
        "total": total,
        "overrides_count": reports.overrides_list(user=request.user).count(),
        "overdue_reports_count": reports.overdue_reports(user=request.user).count(),
        "can_see_passports": request.user.has_perm("passports.view"),
    }
    if ctx["can_see_passports"]:
        ctx["overdue_passports_count"] = overdue_list(user=request.user).count()
    return render(request, "trips/reports/index.html", ctx)


class OverrideFilterForm(forms.Form):
    q = forms.CharField(label=_("编号、规则或理由"), required=False, max_length=100)
    severity = forms.ChoiceField(
        label=_("级别"),
        required=False,
        choices=[("", _("全部级别")), ("blocking", _("阻断")), ("warning", _("警示"))],
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1990, max_value=2100)
    active = forms.ChoiceField(
        label=_("是否有效"), required=False, choices=[("", _("全部")), ("1", _("有效")), ("0", _("已失效"))]
    )


@perm_required("trips.view_reports")
def report_overrides(request):
    form = OverrideFilterForm(request.GET or None)
    filters = form.cleaned_data if (request.GET and form.is_valid()) else {}
    qs = reports.overrides_list(user=request.user, filters=filters)
    if request.GET and not form.is_valid():
        qs = qs.none()
    return render(
        request,
        "trips/reports/overrides.html",
        {"filter_form": form, "page_obj": _page(request, qs), "severity_label": reports.severity_label},
    )


@perm_required("trips.view_reports")
def report_overdue(request):
    from apps.passports.selectors import overdue_list

    today = timezone.localdate()
    qs = reports.overdue_reports(user=request.user, today=today)
    ctx = {
        "page_obj": _page(request, qs),
        "today": today,
        "can_see_passports": request.user.has_perm("passports.view"),
    }
    if ctx["can_see_passports"]:
        ctx["overdue_passports_count"] = overdue_list(user=request.user, today=today).count()
    return render(request, "trips/reports/overdue.html", ctx)


@perm_required("trips.view_reports")
def report_statistics(request):
    year = reports.stat_year(request.GET.get("year"))
    by = request.GET.get("by") if request.GET.get("by") in reports.STAT_DIMENSIONS else "country"
    rows, total = reports.statistics(user=request.user, year=year, by=by)
    return render(
        request,
        "trips/reports/statistics.html",
        {
            "rows": rows,
            "total": total,
            "year": year,
            "by": by,
            "by_label": reports.dimension_label(by),
            "years": reports.years_available(user=request.user),
            "dimensions": [(d, reports.dimension_label(d)) for d in reports.STAT_DIMENSIONS],
        },
    )
