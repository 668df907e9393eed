"""Pages of the foreign journalists' register (journalists, bureaus, change reports, reminders) and of
interview requests. Views are thin: a selector or a service each."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.casework import selectors as cw_selectors
from apps.casework.permissions import is_division_reviewer, is_staff_side
from apps.core.errors import REFUSALS
from apps.core.pagination import paginate
from apps.reference.selectors import year_country_counts
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse
from apps.web.transitions import transition_actions, transition_post

from . import conf, selectors, services
from .filters import BureauFilter, InterviewFilter, JournalistFilter
from .forms import BureauForm, ChangeReportForm, InterviewForm, JournalistForm, LinkForm
from .permissions import can_edit_interview, can_write_register

REVIEW = "casework.review"


def _data(form, fields):
    return {k: v for k, v in form.cleaned_data.items() if k in fields}


# --- journalists ------------------------------------------------------------------------------------
@perm_required("casework.view")
def journalist_list(request):
    f = JournalistFilter(request.GET, user=request.user)
    return render(
        request,
        "journalists/list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, selectors.list_rows(f.qs, selectors.JOURNALIST_COLUMNS)),
            "country_stats": year_country_counts(f.qs, year_of="arrival_date", country="nationality"),
            "can_write": can_write_register(request.user),
            "today": timezone.localdate(),
        },
    )


@perm_required(REVIEW)
def journalist_new(request):
    form = JournalistForm(request.POST or None, bureaus=selectors.bureau_list(user=request.user))
    return form_page(
        request,
        form,
        template="journalists/form.html",
        context={"heading": _("登记外国记者")},
        save=lambda f: services.journalist_create(by=request.user, data=_data(f, services.JOURNALIST_FIELDS)),
        done=lambda j: redirect("journalists:detail", pk=j.pk),
        message=_("已登记。"),
    )


@perm_required("casework.view")
def journalist_detail(request, pk):
    j = selectors.journalist_get(user=request.user, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "journalists/detail.html",
        {
            "j": j,
            "deadlines": [(d, d.status(today)) for d in selectors.journalist_deadlines(j)],
            "can_write": can_write_register(request.user),
            "conf": conf,
            "short_stay": services_short_stay(j, today),
            "visa_lapse": j.card_cancelled_on and selectors.deadlines.visa_lapses_on(j.card_cancelled_on),
        },
    )


def services_short_stay(j, today):
    return selectors.deadlines.too_short_a_stay(j.days_in_china, j.days_in_china_year or today.year)


@perm_required(REVIEW)
def journalist_edit(request, pk):
    j = selectors.journalist_get(user=request.user, pk=pk)
    form = JournalistForm(request.POST or None, instance=j, bureaus=selectors.bureau_list(user=request.user))
    return form_page(
        request,
        form,
        template="journalists/form.html",
        context={"heading": _("修改外国记者登记"), "obj": j},
        save=lambda f: services.journalist_update(
            journalist=selectors.journalist_get(user=request.user, pk=pk),
            by=request.user,
            data=_data(f, services.JOURNALIST_FIELDS),
            version=f.cleaned_data.get("version"),
        ),
        done=lambda x: redirect("journalists:detail", pk=pk),
        message=_("已保存修改。"),
    )


# --- bureaus -----------------------------------------------------------------------------------------
@perm_required("casework.view")
def bureau_list(request):
    f = BureauFilter(request.GET, user=request.user)
    return render(
        request,
        "journalists/bureau_list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, selectors.list_rows(f.qs, selectors.BUREAU_COLUMNS)),
            "can_write": can_write_register(request.user),
        },
    )


@perm_required(REVIEW)
def bureau_new(request):
    form = BureauForm(request.POST or None)
    return form_page(
        request,
        form,
        template="journalists/form.html",
        context={"heading": _("登记外国常驻新闻机构")},
        save=lambda f: services.bureau_create(by=request.user, data=_data(f, services.BUREAU_FIELDS)),
        done=lambda b: redirect("journalists:bureau_detail", pk=b.pk),
        message=_("已登记。"),
    )


def _bureau_page(request, b, *, change_form=None, status=200):
    today = timezone.localdate()
    changes = list(selectors.changes_of(b))
    return render(
        request,
        "journalists/bureau_detail.html",
        {
            "b": b,
            "changes": changes,
            "conf": conf,
            "deadlines": [(d, d.status(today)) for d in selectors.bureau_deadlines(b, changes)],
            "deemed_closed_on": b.last_correspondent_left_on
            and selectors.deadlines.deemed_closed_on(b.last_correspondent_left_on),
            "can_write": can_write_register(request.user),
            "change_form": change_form or ChangeReportForm(initial={"reported_on": today}),
        },
        status=status,
    )


@perm_required("casework.view")
def bureau_detail(request, pk):
    return _bureau_page(request, selectors.bureau_get(user=request.user, pk=pk))


@perm_required(REVIEW)
def bureau_edit(request, pk):
    b = selectors.bureau_get(user=request.user, pk=pk)
    form = BureauForm(request.POST or None, instance=b)
    return form_page(
        request,
        form,
        template="journalists/form.html",
        context={"heading": _("修改外国常驻新闻机构"), "obj": b},
        save=lambda f: services.bureau_update(
            bureau=selectors.bureau_get(user=request.user, pk=pk),
            by=request.user,
            data=_data(f, services.BUREAU_FIELDS),
            version=f.cleaned_data.get("version"),
        ),
        done=lambda x: redirect("journalists:bureau_detail", pk=pk),
        message=_("已保存修改。"),
    )


@require_POST
@perm_required(REVIEW)
def bureau_change(request, pk):
    b = selectors.bureau_get(user=request.user, pk=pk)
    form = ChangeReportForm(request.POST)
    if form.is_valid():
        try:
            services.change_report_add(bureau=b, by=request.user, **form.cleaned_data)
        except REFUSALS as err:
            status = refuse(request, err, form=form)
            return _bureau_page(
                request, selectors.bureau_get(user=request.user, pk=pk), change_form=form, status=status
            )
        messages.success(request, _("已登记变更报告。"))
        return redirect("journalists:bureau_detail", pk=pk)
    return _bureau_page(request, b, change_form=form, status=400)


@perm_required("casework.view")
def reminders(request):
    return render(
        request,
        "journalists/reminders.html",
        {
            "rows": selectors.reminders(user=request.user),
            "flags": selectors.rule_flags(user=request.user),
        },
    )


# --- interview requests -------------------------------------------------------------------------------
@perm_required("casework.view")
def interview_list(request):
    f = InterviewFilter(request.GET, user=request.user)
    return render(
        request,
        "journalists/interview_list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, selectors.list_rows(f.qs, selectors.INTERVIEW_COLUMNS)),
            "can_apply": request.user.has_perm("casework.apply") and request.user.unit_id,
        },
    )


def _interview_save(request, f, interview=None):
    data = _data(f, services.INTERVIEW_FIELDS)
    if interview is None:
        return services.interview_create(
            by=request.user,
            unit=request.user.unit,
            data=data,
            units_involved=f.cleaned_data["units_involved"],
        )
    return services.interview_update(
        interview=interview,
        by=request.user,
        data=data,
        units_involved=f.cleaned_data["units_involved"],
        version=f.cleaned_data.get("version"),
    )


@perm_required("casework.apply")
def interview_new(request):
    form = InterviewForm(request.POST or None)
    return form_page(
        request,
        form,
        template="journalists/form.html",
        context={"heading": _("外国记者采访申请"), "consent_note": conf.CONSENT_CITATION},
        save=lambda f: _interview_save(request, f),
        done=lambda i: redirect("journalists:interview_detail", pk=i.pk),
        message=_("已保存采访申请草稿。"),
    )


@perm_required("casework.apply")
def interview_edit(request, pk):
    i = selectors.interview_get(user=request.user, pk=pk)
    if not can_edit_interview(i, request.user):
        messages.error(request, _("当前状态下您不能修改本申请。"))
        return redirect("journalists:interview_detail", pk=pk)
    form = InterviewForm(request.POST or None, instance=i)
    return form_page(
        request,
        form,
        template="journalists/form.html",
        context={"heading": _("修改采访申请"), "obj": i, "consent_note": conf.CONSENT_CITATION},
        save=lambda f: _interview_save(request, f, selectors.interview_get(user=request.user, pk=pk)),
        done=lambda x: redirect("journalists:interview_detail", pk=pk),
        message=_("已保存修改。"),
    )


def _interview_page(request, i, *, bound=None, status=200):
    user = request.user
    actions = transition_actions(i, user, bound=bound)
    link_form = None
    if is_division_reviewer(i, user):
        # the picker shows "name（media）" of every journalist in scope: only those two columns, no joins
        journalists = selectors.list_rows(selectors.journalist_list(user=user), ("name", "media"))
        link_form = LinkForm(initial={"journalist": i.journalist_id}, journalists=journalists)
    return render(
        request,
        "journalists/interview_detail.html",
        {
            "i": i,
            "case": i,
            "actions": actions,
            "timeline": cw_selectors.timeline_for(user=user, case=i),
            "assignable": cw_selectors.assignable_staff(case=i),
            "staff_side": is_staff_side(user),
            "can_edit": can_edit_interview(i, user),
            "link_form": link_form,
            "consent_note": conf.CONSENT_CITATION,
        },
        status=status,
    )


@perm_required("casework.view")
def interview_detail(request, pk):
    return _interview_page(request, selectors.interview_get(user=request.user, pk=pk))


@require_POST
@perm_required("casework.view")
def interview_transition(request, pk, name):
    i = selectors.interview_get(user=request.user, pk=pk)
    return transition_post(
        request,
        case=i,
        name=name,
        fire=lambda **kw: services.interview_transition(interview=i, by=request.user, **kw),
        page=lambda status, bound: _interview_page(
            request, selectors.interview_get(user=request.user, pk=pk), bound=bound, status=status
        ),
        done=reverse("journalists:interview_detail", args=[pk]),
    )


@require_POST
@perm_required(REVIEW)
def interview_link(request, pk):
    i = selectors.interview_get(user=request.user, pk=pk)
    form = LinkForm(request.POST, journalists=selectors.journalist_list(user=request.user))
    if not form.is_valid():
        return _interview_page(request, i, status=400)
    try:
        services.interview_link_journalist(
            interview=i, by=request.user, journalist=form.cleaned_data["journalist"]
        )
    except REFUSALS as err:
        status = refuse(request, err)
        return _interview_page(request, selectors.interview_get(user=request.user, pk=pk), status=status)
    messages.success(request, _("已关联记者登记。"))
    return redirect("journalists:interview_detail", pk=pk)
