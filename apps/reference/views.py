"""Pages for reference data: read-only for every logged-in user, editing for ``reference.manage``."""

import calendar as pycal
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.core.pagination import paginate
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import calendar as workcal
from . import selectors, services
from .filters import CountryFilter
from .forms import (
    CalendarDayForm,
    CalendarYearCreateForm,
    CalendarYearForm,
    CountryForm,
    DictItemForm,
    DictTypeForm,
)
from .models import CalendarDay, DictItem

MANAGE = "reference.manage"


def _can_manage(request) -> bool:
    return request.user.has_perm(MANAGE)


# -- countries ------------------------------------------------------------------------------------
@login_required
def country_list(request):
    f = CountryFilter(request.GET, user=request.user)
    page = paginate(request, f.qs)
    return render(
        request,
        "reference/country_list.html",
        {
            "form": f.form,
            "page_obj": page,
            "countries": page.object_list,
            "can_manage": _can_manage(request),
            "total": page.paginator.count,
        },
    )


@perm_required(MANAGE)
def country_edit(request, iso2):
    country = selectors.country_get(user=request.user, iso2=iso2)
    return form_page(
        request,
        CountryForm(request.POST or None, instance=country),
        save=lambda form: services.country_update(
            country=country, by=request.user, data=form.cleaned_data, edit_token=form.edit_token
        ),
        template="reference/country_form.html",
        context={"country": country},
        message=_("已保存。"),
        done="reference:country_list",
    )


# -- calendar -------------------------------------------------------------------------------------
def _year_or_404(year: int) -> int:
    if not 1900 <= year <= 2200:
        raise Http404
    return year


@login_required
def calendar_index(request):
    years = list(selectors.calendar_year_list(user=request.user))
    this_year = date.today().year
    known = {y.year for y in years}
    missing = [y for y in (this_year, this_year + 1) if y not in known]
    form = CalendarYearCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _can_manage(request):
            raise PermissionDenied
        if form.is_valid():
            try:
                cal_year = services.calendar_year_create(year=form.cleaned_data["year"], by=request.user)
            except ServiceError as err:
                status = refuse(request, err, form=form)
            else:
                messages.success(
                    request,
                    _("已新建 %(year)s 年，请录入放假和调休上班日期后发布。") % {"year": cal_year.year},
                )
                return redirect("reference:calendar_year", year=cal_year.year)
    rows = [{"obj": y, "status": workcal.year_status(y.year), "days": y.days.count()} for y in years]
    return render(
        request,
        "reference/calendar_index.html",
        {
            "rows": rows,
            "missing": missing,
            "form": form,
            "can_manage": _can_manage(request),
        },
        status=status,
    )


def _month_grid(year: int, exceptions: dict):
    cal = workcal.get_calendar()
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append(None)
                    continue
                exc = exceptions.get(d)
                cells.append({"date": d, "working": cal.is_working_day(d), "exception": exc})
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


@login_required
def calendar_year(request, year):
    year = _year_or_404(year)
    cal_year = selectors.calendar_year_get(user=request.user, year=year)
    days = list(selectors.calendar_days(year=year))
    exceptions = {d.date: d for d in days}
    return render(
        request,
        "reference/calendar_year.html",
        {
            "year": year,
            "cal_year": cal_year,
            "days": days,
            "status": workcal.year_status(year),
            "months": _month_grid(year, exceptions),
            "can_manage": _can_manage(request),
            "weekday_names": [
                pgettext("weekday", "一"),
                pgettext("weekday", "二"),
                pgettext("weekday", "三"),
                pgettext("weekday", "四"),
                pgettext("weekday", "五"),
                pgettext("weekday", "六"),
                pgettext("weekday", "日"),
            ],
        },
    )


@perm_required(MANAGE)
def calendar_year_edit(request, year):
    year = _year_or_404(year)
    cal_year = selectors.calendar_year_get(user=request.user, year=year)
    if cal_year is None:
        raise Http404
    return form_page(
        request,
        CalendarYearForm(request.POST or None, instance=cal_year),
        save=lambda form: services.calendar_year_update(
            cal_year=cal_year, by=request.user, data=form.cleaned_data, edit_token=form.edit_token
        ),
        before_refusal=cal_year.refresh_from_db,
        template="reference/calendar_year_form.html",
        context={"year": year, "cal_year": cal_year},
        message=_("已保存。"),
        done=reverse("reference:calendar_year", args=[year]),
    )


@perm_required(MANAGE)
def calendar_day_edit(request, year, pk=None):
    year = _year_or_404(year)
    day = get_object_or_404(CalendarDay, pk=pk, year__year=year) if pk else None
    initial = {} if day else {"date": request.GET.get("date") or None}
    return form_page(
        request,
        CalendarDayForm(request.POST or None, instance=day, year=year, initial=initial),
        save=lambda form: services.calendar_day_save(
            by=request.user, day=day, data=form.cleaned_data, edit_token=form.edit_token
        ),
        template="reference/calendar_day_form.html",
        context={"year": year, "day": day},
        message=_("已保存。"),
        done=reverse("reference:calendar_year", args=[year]),
    )


@require_POST
@perm_required(MANAGE)
def calendar_day_remove(request, year, pk):
    day = get_object_or_404(CalendarDay, pk=pk, year__year=year)
    services.calendar_day_remove(day=day, by=request.user)
    messages.success(request, _("已删除 %(date)s 的安排。") % {"date": day.date.isoformat()})
    return redirect("reference:calendar_year", year=year)


# -- dictionaries ---------------------------------------------------------------------------------
@perm_required(MANAGE)
def dict_type_list(request):
    types = selectors.dict_type_list(user=request.user)
    return render(request, "reference/dict_type_list.html", {"types": types})


@perm_required(MANAGE)
def dict_type_edit(request, code=None):
    dtype = selectors.dict_type_get(code=code) if code else None
    form = DictTypeForm(request.POST or None, instance=dtype)
    if dtype is not None:
        form.fields["code"].disabled = True

    def save(form):
        if dtype is None:
            return services.dict_type_create(by=request.user, data=form.cleaned_data)
        return services.dict_type_update(
            dtype=dtype, by=request.user, data=form.cleaned_data, edit_token=form.edit_token
        )

    return form_page(
        request,
        form,
        save=save,
        template="reference/dict_type_form.html",
        context={"dtype": dtype},
        message=_("已保存。"),
        done=lambda saved: reverse("reference:dict_type", args=[saved.code]),
    )


@perm_required(MANAGE)
def dict_type_detail(request, code):
    dtype = selectors.dict_type_get(code=code)
    items = selectors.dict_items(type_code=code, active_only=False)
    return render(request, "reference/dict_type_detail.html", {"dtype": dtype, "items": items})


@perm_required(MANAGE)
def dict_item_edit(request, code, pk=None):
    dtype = selectors.dict_type_get(code=code)
    item = get_object_or_404(DictItem, pk=pk, type=dtype) if pk else None
    form = DictItemForm(request.POST or None, instance=item)
    if item is not None and dtype.is_builtin:
        form.fields["code"].disabled = True
    return form_page(
        request,
        form,
        save=lambda form: services.dict_item_save(
            by=request.user, dtype=dtype, item=item, data=form.cleaned_data, edit_token=form.edit_token
        ),
        template="reference/dict_item_form.html",
        context={"dtype": dtype, "item": item},
        message=_("已保存。"),
        done=reverse("reference:dict_type", args=[code]),
    )


@require_POST
@perm_required(MANAGE)
def dict_item_toggle(request, code, pk):
    dtype = selectors.dict_type_get(code=code)
    item = get_object_or_404(DictItem, pk=pk, type=dtype)
    services.dict_item_set_active(item=item, by=request.user, active=not item.is_active)
    messages.success(request, _("已启用。") if not item.is_active else _("已停用。"))
    return redirect("reference:dict_type", code=code)
