"""Pages of honorary title nominations: list, form, detail (conditions, opinions, each step as a form),
the certificate (print-styled, signed with the mayor's name) and the public list (consent only)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.casework import selectors as cw_selectors
from apps.casework.permissions import is_staff_side
from apps.core.errors import REFUSALS
from apps.core.pagination import paginate
from apps.reference.selectors import year_country_counts
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse
from apps.web.transitions import transition_actions, transition_post

from . import conf, selectors, services
from .filters import NominationFilter
from .forms import TRANSITION_FORMS, NominationForm, OpinionForm
from .permissions import can_edit, can_record_opinion


@perm_required("casework.view")
def nomination_list(request):
    f = NominationFilter(request.GET, user=request.user)
    return render(
        request,
        "honours/list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, selectors.list_rows(f.qs)),
            "country_stats": year_country_counts(f.qs, year_of="created_at", country="nationality"),
            "can_apply": request.user.has_perm("casework.apply") and request.user.unit_id,
        },
    )


def _data(f):
    return {k: v for k, v in f.cleaned_data.items() if k in services.FIELDS}


@perm_required("casework.apply")
def nomination_new(request):
    form = NominationForm(request.POST or None)
    return form_page(
        request,
        form,
        template="honours/form.html",
        context={"heading": _("推荐荣誉市民")},
        save=lambda f: services.nomination_create(by=request.user, unit=request.user.unit, data=_data(f)),
        done=lambda n: redirect("honours:detail", pk=n.pk),
        message=_("已保存推荐草稿。"),
    )


@perm_required("casework.apply")
def nomination_edit(request, pk):
    n = selectors.nomination_get(user=request.user, pk=pk)
    if not can_edit(n, request.user):
        messages.error(request, _("当前状态下您不能修改本推荐。"))
        return redirect("honours:detail", pk=pk)
    form = NominationForm(request.POST or None, instance=n)
    return form_page(
        request,
        form,
        template="honours/form.html",
        context={"heading": _("修改推荐"), "obj": n},
        save=lambda f: services.nomination_update(
            nomination=selectors.nomination_get(user=request.user, pk=pk),
            by=request.user,
            data=_data(f),
            version=f.cleaned_data.get("version"),
        ),
        done=lambda x: redirect("honours:detail", pk=pk),
        message=_("已保存修改。"),
    )


def _page(request, n, *, status=200, bound=None, opinion_form=None):
    user = request.user
    actions = transition_actions(n, user, forms_by_name=TRANSITION_FORMS, bound=bound)
    return render(
        request,
        "honours/detail.html",
        {
            "n": n,
            "case": n,
            "actions": actions,
            "conditions": services.conditions(n),
            "opinions": selectors.opinions_of(n),
            "bodies": conf.REVIEW_BODIES.value,
            "opinion_form": opinion_form or (OpinionForm() if can_record_opinion(n, user) else None),
            "timeline": cw_selectors.timeline_for(user=user, case=n),
            "assignable": cw_selectors.assignable_staff(case=n),
            "staff_side": is_staff_side(user),
            "can_edit": can_edit(n, user),
            "conf": conf,
        },
        status=status,
    )


@perm_required("casework.view")
def nomination_detail(request, pk):
    return _page(request, selectors.nomination_get(user=request.user, pk=pk))


@require_POST
@perm_required("casework.view")
def nomination_transition(request, pk, name):
    n = selectors.nomination_get(user=request.user, pk=pk)
    return transition_post(
        request,
        case=n,
        name=name,
        forms_by_name=TRANSITION_FORMS,
        fire=lambda **kw: services.nomination_transition(nomination=n, by=request.user, **kw),
        page=lambda status, bound: _page(
            request, selectors.nomination_get(user=request.user, pk=pk), status=status, bound=bound
        ),
        done=reverse("honours:detail", args=[pk]),
    )


@require_POST
@perm_required("casework.review")
def opinion_add(request, pk):
    n = selectors.nomination_get(user=request.user, pk=pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_add(nomination=n, by=request.user, **form.cleaned_data)
        except REFUSALS as err:
            status = refuse(request, err, form=form)
            return _page(
                request, selectors.nomination_get(user=request.user, pk=pk), status=status, opinion_form=form
            )
        messages.success(request, _("已登记评审意见。"))
        return redirect("honours:detail", pk=pk)
    return _page(request, n, status=400, opinion_form=form)


@perm_required("casework.view")
def certificate(request, pk):
    """The certificate as its PDF document (``apps.documents``: numbered, versioned, downloads audited)."""
    from .documents import certificate_document

    n = selectors.nomination_get(user=request.user, pk=pk)
    try:
        document = certificate_document(nomination=n, by=request.user)
    except REFUSALS as err:
        refuse(request, err)
        return redirect("honours:detail", pk=pk)
    lang = "?lang=en" if request.GET.get("lang") == "en" else ""
    return redirect(reverse("documents:download", args=[document.pk]) + lang)


def public_list(request):
    """荣誉市民名录: only those who consented to publicity (no login)."""
    return render(request, "honours/public_list.html", {"rows": selectors.public_honorary_citizens()[:500]})
