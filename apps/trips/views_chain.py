"""Pages of the approval chain and the notices: the unit publishes its notice inside the unit and
records its result before applying (the printable notice and the intranet page for its signed-in staff),
the post-trip notice's result, the trip page's chain card. Views are thin: forms, a service, the trip
page again with the refusal on the form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.casework.models import CaseState
from apps.casework.permissions import can_apply
from apps.core.errors import REFUSALS
from apps.web.decorators import perm_required

from . import permissions as tp
from . import selectors, services
from .forms_chain import ExternalApprovalForm, NoticeResultForm, UnitNoticeForm
from .models import ApprovalStep, Stage, UnitSignoff


def unit_steps_missing(trip) -> list[str]:
    """What the unit still has to do before it may apply (empty when it may submit)."""
    missing = []
    if not trip.unit_notice_start:
        missing.append(_("在单位内公示"))
    elif not trip.unit_notice_done:
        missing.append(_("公示期满后登记公示结果"))
    route = selectors.route_for(trip)
    if (route is None or route.unit_signature) and trip.unit_signoff != UnitSignoff.SIGNED:
        missing.append(_("单位签批人签批"))
    return missing


def chain_context(trip, user, forms: dict) -> dict:
    """What the trip page shows of the chain and the notices, and the forms the user may fill now."""
    route = selectors.route_for(trip)
    applicant = can_apply(trip, user)
    before_office = trip.state in (CaseState.DRAFT, CaseState.RETURNED)
    leader_reviewed = any(s.kind == ApprovalStep.Kind.OFFICE_LEADER for s in selectors.approval_steps(trip))
    return {
        "route": route,
        "chain": selectors.chain_plan(trip),
        "unit_missing": unit_steps_missing(trip) if before_office else [],
        "can_publish_unit_notice": applicant and before_office,
        "can_record_unit_result": applicant
        and before_office
        and trip.unit_notice_start
        and trip.unit_notice_over,
        "unit_notice_form": forms.get("unit_notice")
        or UnitNoticeForm(
            initial={"place": trip.unit_notice_place or _("单位公示栏")},
        ),
        "notice_result_form": forms.get("notice_result") or NoticeResultForm(initial={"outcome": "none"}),
        "can_record_post_result": trip.stage == Stage.POST_NOTICE
        and trip.post_notice_over
        and not trip.post_notice_result
        and tp.is_applicant_or_reviewer(trip, user),
        "post_result_form": forms.get("post_result") or NoticeResultForm(initial={"outcome": "none"}),
        "close_reason": trip.close_blocked_reason() if trip.state == CaseState.APPROVED else "",
        "can_record_external": bool(
            (route is None or route.external)
            and trip.state == CaseState.PENDING_APPROVAL
            and leader_reviewed
            and tp.may_handle_approved_trip(trip, user)
        ),
        "chain_external_form": forms.get("external")
        or ExternalApprovalForm(
            initial={
                "approver": trip.external_approver,
                "number": trip.external_approval_number,
                "date": trip.external_approval_date,
            }
        ),
    }


def _again(request, pk, err, key, form):
    from .views import _refused

    trip = selectors.trip_get(user=request.user, pk=pk)
    return _refused(request, trip, err, forms={key: form})


def _invalid(request, pk, key, form):
    from .views import _detail

    trip = selectors.trip_get(user=request.user, pk=pk)
    return _detail(request, trip, status=400, error=_("请检查填写的内容。"), forms={key: form})


@require_POST
@perm_required("casework.apply")
def unit_notice_publish(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = UnitNoticeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "unit_notice", form)
    try:
        services.unit_notice_publish(
            trip=trip,
            by=request.user,
            place=form.cleaned_data["place"],
            start=form.cleaned_data.get("start"),
            version=request.POST.get("version"),
        )
    except REFUSALS as err:
        return _again(request, pk, err, "unit_notice", form)
    messages.success(request, _("单位内公示已发布，请打印公示或在单位内网查看。"))
    return redirect("trips:detail", pk=trip.pk)


@require_POST
@perm_required("casework.apply")
def unit_notice_result(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = NoticeResultForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "notice_result", form)
    try:
        services.unit_notice_result_record(
            trip=trip,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            details=form.cleaned_data.get("details") or "",
            version=request.POST.get("version"),
        )
    except REFUSALS as err:
        return _again(request, pk, err, "notice_result", form)
    messages.success(request, _("公示结果已登记，待单位签批人签批。"))
    return redirect("trips:detail", pk=trip.pk)


@require_POST
@perm_required("casework.view")
def post_notice_result(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = NoticeResultForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "post_result", form)
    try:
        services.post_notice_result_record(
            trip=trip,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            details=form.cleaned_data.get("details") or "",
            version=request.POST.get("version"),
        )
    except REFUSALS as err:
        return _again(request, pk, err, "post_result", form)
    messages.success(request, _("出访后公示结果已登记。"))
    return redirect("trips:detail", pk=trip.pk)


@require_POST
@perm_required("casework.view")
def external_approval(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = ExternalApprovalForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "external", form)
    try:
        services.external_approval_record(
            trip=trip,
            by=request.user,
            approver=form.cleaned_data["approver"],
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            version=request.POST.get("version"),
        )
    except REFUSALS as err:
        return _again(request, pk, err, "external", form)
    messages.success(request, _("上级审批情况已登记。"))
    return redirect("trips:detail", pk=trip.pk)


@perm_required("casework.view")
def notice_page(request, pk, which):
    """The notice as published inside the unit: printable, and the intranet page of the unit's staff."""
    kind = which
    trip = selectors.unit_notice_get(user=request.user, pk=pk, kind=kind)
    if kind == "pre":
        content, start, end = trip.unit_notice_content, trip.unit_notice_start, trip.unit_notice_end
        result = trip.unit_notice_result
    else:
        content, start, end = trip.post_notice_content, trip.post_notice_start, trip.post_notice_end
        result = trip.post_notice_result
    return render(
        request,
        "trips/unit_notice.html",
        {"trip": trip, "kind": kind, "c": content or {}, "start": start, "end": end, "result": result},
    )


@perm_required("casework.view")
def unit_notices(request):
    """The notices running in the signed-in user's unit (its intranet page)."""
    return render(request, "trips/unit_notices.html", {"trips": selectors.unit_notices(user=request.user)})


# --- configuration: approval routes (system administrator) -------------------------------------------------
@require_http_methods(["GET", "POST"])
@perm_required("trips.configure_tiers")
def route_edit(request, pk):
    from django.http import Http404

    from apps.web.refusals import refuse

    from .forms_chain import ApprovalRouteForm
    from .models import ApprovalRoute

    route = ApprovalRoute.objects.filter(pk=pk).first()
    if route is None:
        raise Http404
    initial = {f: getattr(route, f) for f in services.ROUTE_FIELDS}
    form = ApprovalRouteForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.approval_route_save(route=route, by=request.user, data=form.cleaned_data)
            except REFUSALS as err:
                status = refuse(request, err, form=form)
            else:
                messages.success(request, _("审批流程已保存。"))
                return redirect("trips:tier_list")
        else:
            status = 400
    title = _("编辑审批流程：%(level)s") % {"level": route.get_level_display()}
    return render(
        request, "trips/route_form.html", {"form": form, "route": route, "title": title}, status=status
    )
