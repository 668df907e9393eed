"""Pages of international conference requests: list with filters and statistics, the request form with
its live checks, the detail page with every step as a form. Views are thin."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.casework import selectors as cw_selectors
from apps.casework.permissions import is_staff_side
from apps.core.pagination import paginate
from apps.reference.selectors import year_country_counts
from apps.web.decorators import perm_required
from apps.web.refusals import form_page
from apps.web.transitions import transition_actions, transition_post

from . import checks, selectors, services
from .filters import ConferenceFilter
from .forms import TRANSITION_FORMS, ConferenceForm
from .models import Conference
from .permissions import can_edit

DANGER = {"reject", "withdraw", "send_back", "record_refusal"}


@perm_required("casework.view")
def conference_list(request):
    f = ConferenceFilter(request.GET, user=request.user)
    return render(
        request,
        "conferences/list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, selectors.list_rows(f.qs)),
            "country_stats": year_country_counts(f.qs, year_of="start_date", country="countries"),
            "stats": selectors.stats_by_year(f.qs),
            "can_apply": request.user.has_perm("casework.apply") and request.user.unit_id,
        },
    )


def _findings(form, conference=None):
    if not form.is_bound or not form.is_valid():
        if conference is None:
            return []
        return checks.run(services.facts_of(conference))
    inst = Conference(**{k: v for k, v in form.cleaned_data.items() if k in services.FIELDS})
    return checks.run(services.facts_of(inst, countries=form.cleaned_data.get("countries") or []))


@perm_required("casework.apply")
def conference_new(request):
    form = ConferenceForm(request.POST or None)

    def save(f):
        data = {k: v for k, v in f.cleaned_data.items() if k in services.FIELDS}
        return services.conference_create(
            by=request.user, unit=request.user.unit, data=data, countries=f.cleaned_data["countries"]
        )

    return form_page(
        request,
        form,
        save=save,
        template="conferences/form.html",
        context={"findings": _findings(form)},
        done=lambda c: redirect("conferences:detail", pk=c.pk),
        message=_("已保存国际会议申请草稿。"),
    )


@perm_required("casework.apply")
def conference_edit(request, pk):
    conference = selectors.conference_get(user=request.user, pk=pk)
    if not can_edit(conference, request.user):
        messages.error(request, _("当前状态下您不能修改本申请。"))
        return redirect("conferences:detail", pk=conference.pk)
    form = ConferenceForm(request.POST or None, instance=conference)

    def save(f):
        data = {k: v for k, v in f.cleaned_data.items() if k in services.FIELDS}
        return services.conference_update(
            conference=selectors.conference_get(user=request.user, pk=pk),
            by=request.user,
            data=data,
            countries=f.cleaned_data["countries"],
            version=f.cleaned_data.get("version"),
        )

    return form_page(
        request,
        form,
        save=save,
        template="conferences/form.html",
        context={"findings": _findings(form, conference), "conference": conference},
        done=lambda c: redirect("conferences:detail", pk=c.pk),
        message=_("已保存修改。"),
    )


@perm_required("casework.view")
def check_live(request):
    """HTMX: the checks of the form as typed."""
    form = ConferenceForm(request.POST or None)
    return render(request, "conferences/partials/findings.html", {"findings": _findings(form)})


def _detail(request, conference, *, status=200, bound=None, error=None):
    user = request.user
    return render(
        request,
        "conferences/detail.html",
        {
            "case": conference,
            "conference": conference,
            "findings": checks.run(services.facts_of(conference)),
            "actions": transition_actions(
                conference, user, forms_by_name=TRANSITION_FORMS, bound=bound, danger=DANGER
            ),
            "assignable": cw_selectors.assignable_staff(case=conference),
            "timeline": cw_selectors.timeline_for(user=user, case=conference),
            "staff_side": is_staff_side(user),
            "can_edit": can_edit(conference, user),
            "error": error,
        },
        status=status,
    )


@perm_required("casework.view")
def conference_detail(request, pk):
    return _detail(request, selectors.conference_get(user=request.user, pk=pk))


@require_POST
@perm_required("casework.view")
def conference_transition(request, pk, name):
    conference = selectors.conference_get(user=request.user, pk=pk)
    return transition_post(
        request,
        case=conference,
        name=name,
        forms_by_name=TRANSITION_FORMS,
        fire=lambda **kw: services.conference_transition(conference=conference, by=request.user, **kw),
        page=lambda status, bound: _detail(
            request, selectors.conference_get(user=request.user, pk=pk), status=status, bound=bound
        ),
        done=reverse("conferences:detail", args=[pk]),
    )
