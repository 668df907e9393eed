"""Pages of the organisation: read-only for office staff, editable by the system administrator."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

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
    return form_page(
        request,
        OfficeForm(request.POST or None, instance=office),
        save=lambda form: services.office_save(
            office=office, data=form.cleaned_data, by=request.user, edit_token=form.edit_token
        ),
        template="org/office_form.html",
        context=_ctx(request, office_obj=office),
        message=_("本机关信息已保存。"),
        done="org:office",
    )


@perm_required("org.manage")
def post_edit(request, pk=None):
    office = selectors.office_get()
    post = selectors.post_get(user=request.user, pk=pk) if pk is not None else None
    return form_page(
        request,
        LeadershipPostForm(request.POST or None, instance=post),
        save=lambda form: services.post_save(
            post=post, data=form.cleaned_data, by=request.user, office=office, edit_token=form.edit_token
        ),
        template="org/post_form.html",
        context=_ctx(request, post=post),
        message=_("领导职务已保存。"),
        done="org:office",
    )


# --- Divisions ----------------------------------------------------------------------------------------


@perm_required("org.read")  # office staff or the system administrator
def division_list(request):
    return render(request, "org/division_list.html", _ctx(request, divisions=selectors.division_list()))


@perm_required("org.manage")
def division_edit(request, pk=None):
    division = selectors.division_get(user=request.user, pk=pk) if pk is not None else None
    return form_page(
        request,
        DivisionForm(request.POST or None, instance=division),
        save=lambda form: services.division_save(
            division=division,
            data=form.cleaned_data,
            by=request.user,
            office=selectors.office_get(),
            edit_token=form.edit_token,
        ),
        template="org/division_form.html",
        context=_ctx(request, division=division),
        message=_("处室已保存。"),
        done="org:division_list",
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
    return form_page(
        request,
        UnitForm(request.POST or None, initial=initial),
        save=lambda form: services.unit_create(data=form.cleaned_data, by=request.user),
        template="org/unit_form.html",
        context=_ctx(request, unit=None),
        message=lambda unit: _("已新建单位“%(name)s”。") % {"name": unit.name},
        done=lambda unit: reverse("org:unit_detail", args=[unit.pk]),
    )


@perm_required("org.manage")
def unit_edit(request, pk):
    unit = selectors.unit_get(user=request.user, pk=pk)
    return form_page(
        request,
        UnitForm(request.POST or None, unit=unit),
        save=lambda form: services.unit_update(
            unit=unit, data=form.cleaned_data, by=request.user, edit_token=form.edit_token
        ),
        template="org/unit_form.html",
        context=_ctx(request, unit=unit),
        field_of=lambda err: "parent" if getattr(err, "code", "") == "cycle" else None,
        message=_("单位已保存。"),
        done=reverse("org:unit_detail", args=[unit.pk]),
    )


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
