"""Pages of the trip list and reports (thin: the list's FilterSet, ``apps.trips.reports``, a template).

Every page reads through the trips selectors (the user's data scope) and offers "导出 Excel" through
``apps.exports``.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.pagination import paginate
from apps.web.decorators import perm_required

from . import reports
from .filters import DEFAULT_SORT, OverrideFilter, TripFilter

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
    f = TripFilter(request.GET, user=request.user)
    qs = f.qs.prefetch_related("legs__country", "members")
    sort = (f.form.cleaned_data.get("sort") if f.is_valid() else "") or DEFAULT_SORT
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
        {"filter_form": f.form, "page_obj": paginate(request, qs), "columns": columns},
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


@perm_required("trips.view_reports")
def report_overrides(request):
    f = OverrideFilter(request.GET, user=request.user)
    page_obj = paginate(request, f.qs)
    page_obj.object_list = reports.describe_overrides(page_obj.object_list)
    return render(
        request,
        "trips/reports/overrides.html",
        {
            "filter_form": f.form,
            "page_obj": page_obj,
            "severity_label": reports.severity_label,
        },
    )


@perm_required("trips.view_reports")
def report_overdue(request):
    from apps.passports.selectors import overdue_list

    today = timezone.localdate()
    qs = reports.overdue_reports(user=request.user, today=today)
    page_obj = paginate(request, qs)
    rows = [(t, reports.days_overdue(t, today)) for t in page_obj]
    ctx = {
        "page_obj": page_obj,
        "rows": rows,
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


@perm_required("casework.view")
def application_print(request, pk):
    """The trip's application form (因公临时出国（境）申请表) laid out for printing and signing."""
    from apps.people.selectors import rank_label
    from apps.reference.selectors import dict_label

    from . import checks, selectors
    from .views import _budget_rows

    trip = selectors.trip_get(user=request.user, pk=pk)
    members = selectors.prefetch_members(trip)
    ranks = {m.person.rank: rank_label(m.person.rank) for m in members if m.person.rank}
    findings = (
        checks.findings_view(trip.last_check, overrides=selectors.active_overrides(trip), user=request.user)
        if trip.checked_at
        else None
    )
    return render(
        request,
        "trips/application_print.html",
        {
            "trip": trip,
            "members": [(m, ranks.get(m.person.rank, "")) for m in members],
            "legs": trip.legs.select_related("country"),
            "schedule": trip.schedule.all(),
            "budget_rows": _budget_rows(trip),
            "findings": findings,
            "delegation_type": dict_label("delegation_type", trip.delegation_type)
            if trip.delegation_type
            else "",
            "funding_source": dict_label("funding_source", trip.funding_source)
            if trip.funding_source
            else "",
            "printed_at": timezone.localtime(),
        },
    )
