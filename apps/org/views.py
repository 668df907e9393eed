"""Pages of the organisation: read-only for office staff, editable by the system administrator."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.web.decorators import perm_required
from apps.web.refusals import refuse

from . import selectors, services
from .filters import UnitFilter
from .forms import DivisionForm, LeadershipPostForm, OfficeForm, UnitForm


def _ctx(request, **extra):
    return {"can_manage": selectors.can_manage_org(request.user), **extra}


# --- Office and leadership posts ------------------------------------------------------------------------


@perm_required("org.read")  # office staff or the system administrator
def office(request):
    office = selectors.office_get()
    return render(
        request,
        "org/office.html",
        _ctx(
            request,
            office_obj=office,
            posts=selectors.post_list(office=office),
            divisions=selectors.division_list(),
        ),
    )


@perm_required("org.manage")
def office_edit(request):
    office = selectors.office_get()
    form = OfficeForm(request.POST or None, instance=office)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.office_save(
                office=office, data=form.cleaned_data, by=request.user, edit_token=form.edit_token
            )
        except ServiceError as err:
            status = refuse(request, err, form=form)
        else:
            messages.success(request, _("本机关信息已保存。"))
            return redirect("org:office")
    return render(request, "org/office_form.html", _ctx(request, form=form, office_obj=office), status=status)


@perm_required("org.manage")
def post_edit(request, pk=None):
    office = selectors.office_get()
    post = selectors.post_get(user=request.user, pk=pk) if pk is not None else None
    form = LeadershipPostForm(request.POST or None, instance=post)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.post_save(
                post=post, data=form.cleaned_data, by=request.user, office=office, edit_token=form.edit_token
            )
        except ServiceError as err:
            status = refuse(request, err, form=form)
        else:
            messages.success(request, _("领导职务已保存。"))
            return redirect("org:office")
    return render(request, "org/post_form.html", _ctx(request, form=form, post=post), status=status)


# --- Divisions ----------------------------------------------------------------------------------------


@perm_required("org.read")  # office staff or the system administrator
def division_list(request):
    return render(request, "org/division_list.html", _ctx(request, divisions=selectors.division_list()))


@perm_required("org.manage")
def division_edit(request, pk=None):
    division = selectors.division_get(user=request.user, pk=pk) if pk is not None else None
    form = DivisionForm(request.POST or None, instance=division)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.division_save(
                division=division,
                data=form.cleaned_data,
                by=request.user,
                office=selectors.office_get(),
                edit_token=form.edit_token,
            )
        except ServiceError as err:
            status = refuse(request, err, form=form)
        else:
            messages.success(request, _("处室已保存。"))
            return redirect("org:division_list")
    return render(
        request, "org/division_form.html", _ctx(request, form=form, division=division), status=status
    )


# --- Units ---------------------------------------------------------------------------------------------


@perm_required("org.read")  # office staff or the system administrator
def unit_list(request):
    f = UnitFilter(request.GET, user=request.user)
    searching = f.searching()
    matches = list(f.qs) if searching else None
    include_inactive = f.is_valid() and f.form.cleaned_data.get("include_inactive", False)
    rows = selectors.unit_tree(include_inactive=include_inactive, units=matches)
    match_ids = {u.pk for u in matches} if matches is not None else set()
    return render(
        request,
        "org/unit_list.html",
        _ctx(
            request,
            rows=rows,
            filter_form=f.form,
            searching=searching,
            match_ids=match_ids,
            match_count=len(match_ids),
        ),
    )


@perm_required("org.read")  # office staff or the system administrator
def unit_detail(request, pk):
    unit = selectors.unit_get(user=request.user, pk=pk)
    return render(
        request,
        "org/unit_detail.html",
        _ctx(
            request,
            unit=unit,
            ancestors=list(unit.ancestors().exclude(pk=unit.pk)),
            children=unit.children.order_by("-is_active", "pinyin"),
        ),
    )


@perm_required("org.manage")
def unit_create(request):
    initial = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        initial["parent"] = parent_id
    form = UnitForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(data=form.cleaned_data, by=request.user)
        except ServiceError as err:
            status = refuse(request, err, form=form)
        else:
            messages.success(request, _("已新建单位“%(name)s”。") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", _ctx(request, form=form, unit=None), status=status)


@perm_required("org.manage")
def unit_edit(request, pk):
    unit = selectors.unit_get(user=request.user, pk=pk)
    form = UnitForm(request.POST or None, unit=unit)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                unit=unit, data=form.cleaned_data, by=request.user, edit_token=form.edit_token
            )
        except ServiceError as err:
            status = refuse(request, err, form=form, field="parent" if err.code == "cycle" else None)
        else:
            messages.success(request, _("单位已保存。"))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", _ctx(request, form=form, unit=unit), status=status)


@require_POST
@perm_required("org.manage")
def unit_set_active(request, pk):
    unit = selectors.unit_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.unit_set_active(unit=unit, active=active, by=request.user)
    except ServiceError as err:
        refuse(request, err)
    else:
        messages.success(request, _("单位已启用。") if active else _("单位已停用。"))
    return redirect("org:unit_detail", pk=unit.pk)
