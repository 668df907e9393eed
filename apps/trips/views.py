"""Pages of trips: the application form with its live regulation check, the detail page with every
post-approval step as a form, the approval document (PDF) and the public notices. Views are thin."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.casework import selectors as cw_selectors
from apps.casework import workflow
from apps.casework.permissions import is_staff_side
from apps.core.errors import REFUSALS, ServiceError, message_for, status_for
from apps.core.statements import fixed
from apps.web.decorators import perm_required
from apps.web.refusals import refuse

from . import checks, selectors, services
from . import permissions as tp
from .forms import (
    FORMSETS,
    ApprovalTierForm,
    Bundle,
    ObjectionForm,
    OverrideForm,
    ReportForm,
    ResolveForm,
    StageForm,
    VisaForm,
    initial_from_trip,
    member_querysets,
)
from .models import LEVEL_ORDER, BudgetLine, Stage, Trip, TripMember
from .views_chain import chain_context, unit_steps_missing

STAGE_TRANSITIONS_WITH_DATE = {"depart": "actual_departure_date", "record_return": "actual_return_date"}
DANGER = {"reject", "withdraw", "send_back", "cancel_trip", "request_change"}


# --- application form -----------------------------------------------------------------------------
def _unit_for(request, trip=None):
    return trip.applicant_unit if trip is not None else request.user.unit


def _render_form(request, bundle, *, trip=None, status=200, error=None, result=None):
    unit = _unit_for(request, trip)
    if result is None:
        result = (
            checks.run(bundle.draft(unit=unit, trip=trip))
            if bundle.form.is_bound
            else (checks.run(checks.draft_from_trip(trip)) if trip is not None else None)
        )
    return render(
        request,
        "trips/edit.html",
        {
            "bundle": bundle,
            "form": bundle.form,
            "formsets": bundle.formsets,
            "trip": trip,
            "error": error,
            "findings": _findings_from_result(result, trip, request.user),
            "result": result,
            "unit": unit,
        },
        status=status,
    )


def _findings_from_result(result, trip, user):
    if result is None:
        return None
    overrides = selectors.active_overrides(trip) if trip is not None else ()
    return checks.findings_view(result.to_dict(), overrides=overrides, user=None)


@require_http_methods(["GET", "POST"])
@perm_required("casework.apply")
def trip_new(request):
    if request.user.unit_id is None:
        messages.error(request, _("您的账号没有所属单位，不能提交出访申请。"))
        return redirect("web:home")
    if request.method == "GET":
        return _render_form(request, Bundle(request.user, initial={"main": {"in_annual_plan": True}}))
    bundle = Bundle(request.user, request.POST)
    if not bundle.is_valid():
        return _render_form(request, bundle, status=400)
    try:
        trip = services.trip_create(by=request.user, unit=request.user.unit, input=bundle.trip_input())
    except REFUSALS as err:
        return _render_form(request, bundle, status=status_for(err), error=message_for(err))
    return _after_save(request, trip)


def _after_save(request, trip):
    if request.POST.get("action") == "submit":
        name = "resubmit" if trip.state == "returned" else "submit"
        try:
            services.trip_transition(trip=trip, name=name, by=request.user, version=trip.version)
        except REFUSALS as err:
            messages.error(request, _("草稿已保存，但未能提交：%(msg)s") % {"msg": message_for(err)})
            return redirect("trips:edit", pk=trip.pk)
        messages.success(request, _("申请已提交。"))
        return redirect("trips:detail", pk=trip.pk)
    messages.success(request, _("草稿已保存。"))
    return redirect("trips:edit", pk=trip.pk)


@require_http_methods(["GET", "POST"])
@perm_required("casework.apply")
def trip_edit(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    if not cw_selectors.applicant_can_edit(trip, request.user):
        messages.error(request, _("当前状态下不能修改本申请。"))
        return redirect("trips:detail", pk=trip.pk)
    if request.method == "GET":
        return _render_form(
            request, Bundle(request.user, trip=trip, initial=initial_from_trip(trip)), trip=trip
        )
    bundle = Bundle(request.user, request.POST, trip=trip)
    if not bundle.is_valid():
        return _render_form(request, bundle, trip=trip, status=400)
    try:
        services.trip_update(
            trip=trip, by=request.user, input=bundle.trip_input(), version=request.POST.get("version")
        )
    except REFUSALS as err:
        return _render_form(request, bundle, trip=trip, status=status_for(err), error=message_for(err))
    trip = selectors.trip_get(user=request.user, pk=pk)
    return _after_save(request, trip)


@perm_required("casework.apply")
def form_row(request, kind):
    """HTMX "add row": the empty row ``index`` of a formset and the new TOTAL_FORMS (out of band)."""
    if kind not in FORMSETS:
        raise Http404
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = max(0, min(index, 200))
    kwargs = {}
    if kind == "members":
        persons, passports = member_querysets(request.user)
        kwargs = {"persons": persons, "passports": passports}
    formset = FORMSETS[kind](prefix=kind, form_kwargs=kwargs)
    form = formset._construct_form(index, **formset.get_form_kwargs(index))
    form.empty_permitted = True
    return render(
        request, "trips/partials/row.html", {"kind": kind, "f": form, "total": index + 1, "oob": True}
    )


def _bundle_for_partial(request, pk=None):
    trip = selectors.trip_get(user=request.user, pk=pk) if pk else None
    bundle = Bundle(request.user, request.POST, trip=trip)
    bundle.validate_quietly()
    return bundle, trip


@require_POST
@perm_required("casework.view")
def check_live(request, pk=None):
    """The findings panel for the posted (unsaved) form."""
    bundle, trip = _bundle_for_partial(request, pk)
    unit = _unit_for(request, trip)
    result = checks.run(bundle.draft(unit=unit, trip=trip))
    return render(
        request,
        "trips/partials/findings.html",
        {
            "findings": _findings_from_result(result, trip, request.user),
            "result": result,
            "live": True,
        },
    )


@require_POST
@perm_required("casework.apply")
def budget_compute(request, pk=None):
    """Recompute lodging/meals/incidentals from the expense standards; fares and other lines stay."""
    from apps.regulations.engine import budget_compute as compute

    bundle, trip = _bundle_for_partial(request, pk)
    draft = bundle.draft(unit=_unit_for(request, trip), trip=trip)
    kept = [
        r
        for r in bundle.formsets["budget"].rows()
        if not r.get("computed") and r.get("category") not in ("lodging", "meals", "incidentals")
    ]
    lines, note = [], ""
    if draft.departure and draft.return_date and draft.legs:
        persons = max(1, len(draft.members))
        countries = {leg.country.iso2: leg.country for leg in draft.legs}
        for s in compute(
            departure=draft.departure,
            return_date=draft.return_date,
            legs=[checks.engine_leg(leg) for leg in draft.legs],
            host_transport=draft.host_transport,
        ):
            lines.append(
                {
                    "category": s.category,
                    "country": countries.get(s.country),
                    "city": s.city,
                    "currency": s.currency or "CNY",
                    "rate": s.rate,
                    "count": s.count,
                    "persons": persons,
                    "amount": (s.amount or Decimal(0)) * persons,
                    "computed": True,
                    "note": "" if s.standard_on_file else _("无开支标准记录"),
                }
            )
    else:
        note = _("请先填写出入境日期和行程，再按标准计算。")
    initial = [{**r, "country": getattr(r.get("country"), "pk", None)} for r in lines + kept]
    from .forms import BudgetFormSet

    formset = BudgetFormSet(prefix="budget", initial=initial)
    return render(request, "trips/partials/budget_section.html", {"fs": formset, "note": note, "trip": trip})


# --- detail -------------------------------------------------------------------------------------------
def _budget_rows(trip):
    from apps.regulations.engine import budget_rate
    from apps.regulations.packs import load_active_pack

    pack = load_active_pack()
    conf = pack.rules.get("budget_within_standard")
    ratio = (
        Decimal(str((conf.params or {}).get("incidentals_host_transport_ratio", "0.4")))
        if conf
        else Decimal("0.4")
    )
    from apps.regulations.engine import lodging_row_outdated

    rows = []
    for b in fixed(trip.budget.select_related("country"), "trips.detail.budget"):
        cap, year = None, None
        if b.category in ("lodging", "meals", "incidentals") and b.country_id:
            row = pack.standards.lookup(b.country.iso2, b.city, trip.departure_date)
            if row is not None and row.currency.upper() == (b.currency or "").upper():
                cap = (
                    budget_rate(row, b.category, trip.host_transport, ratio)
                    * (b.count or 0)
                    * (b.persons or 1)
                )
                if b.category == "lodging" and lodging_row_outdated(row, conf.params if conf else None):
                    year = row.valid_from.year  # tripux: the cap is an old (2014) value: say so
        rows.append(
            {"line": b, "cap": cap, "over": cap is not None and b.amount > cap, "standard_year": year}
        )
    return rows


def _actions(trip, user):
    out = []
    for name in cw_selectors.available_transitions(case=trip, user=user):
        if name in ("submit", "resubmit") and (
            not cw_selectors.applicant_can_edit(trip, user) or unit_steps_missing(trip)
        ):
            continue  # the unit's notice and signature come first (the page says what is missing)
        out.append(
            {
                "name": name,
                "label": workflow.transition_label(trip, name),
                "comment_required": workflow.comment_required(trip, name),
                "date_field": STAGE_TRANSITIONS_WITH_DATE.get(name),
                "danger": name in DANGER,
            }
        )
    return out


def _refused(request, trip, err, *, forms=None):
    """The trip page again (with the forms as the user filled them), the refusal above it, its status."""
    return _detail(request, trip, status=status_for(err), error=message_for(err), forms=forms)


def _detail(request, trip, *, status=200, error=None, forms=None):
    user = request.user
    forms = forms or {}
    all_overrides = list(fixed(trip.overrides.select_related("by"), "trips.detail.overrides"))
    overrides = [o for o in all_overrides if o.is_active]  # selectors.active_overrides, from the same read
    # a finished case offers no exception decision (the findings are shown as they were decided on)
    decider = None if trip.state in ("closed", "withdrawn", "rejected") else user
    findings = (
        checks.findings_view(trip.last_check, overrides=overrides, user=decider) if trip.checked_at else None
    )
    staff = is_staff_side(user)
    # One members query (with person and passport) shared by the table, the stage conditions
    # (``trip.members.all()``) and the visa form; the legs likewise feed the table and the visa form.
    members = selectors.prefetch_members(trip)
    legs = list(fixed(trip.legs.select_related("country"), "trips.detail.legs"))
    return render(
        request,
        "trips/detail.html",
        {
            "trip": trip,
            "members": members,
            "legs": legs,
            "schedule": fixed(trip.schedule.all(), "trips.detail.schedule"),
            "budget_rows": _budget_rows(trip),
            "findings": findings,
            "all_overrides": all_overrides,
            "override_form": forms.get("override") or OverrideForm(),
            "actions": _actions(trip, user),
            "action_forms": forms.get("actions", {}),
            "timeline": cw_selectors.timeline_for(user=user, case=trip),
            "attachments": cw_selectors.attachments_for(user=user, case=trip),
            "attachment_kinds": cw_selectors.attachment_kinds(),
            "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "can_upload": user.has_perm("casework.upload_case", trip)
            and trip.state not in ("closed", "withdrawn"),
            "can_comment": user.has_perm("casework.comment_case", trip),
            "can_edit": cw_selectors.applicant_can_edit(trip, user),
            "staff_side": staff,
            "is_reviewer": staff
            and (trip.division_id == user.division_id or user.has_perm("casework.approve")),
            "can_record_visa": tp.may_record_visa(trip, user),
            # the forms of sections the page may not show are built only when rendered
            "visa_form": forms.get("visa")
            or SimpleLazyObject(lambda: VisaForm(trip=trip, legs=legs, members=members)),
            "visas": fixed(trip.visas.select_related("country", "member__person"), "trips.detail.visas"),
            "report_form": forms.get("report")
            or SimpleLazyObject(
                lambda: ReportForm(initial={f: getattr(trip, f) for f in services.REPORT_FIELDS})
            ),
            "objections": fixed(trip.objections.select_related("resolved_by"), "trips.detail.objections")
            if staff
            else [],
            "resolve_form": ResolveForm(),
            "error": error,
            **selectors.page_extras(trip),  # tripux: progress bar, send-back banner, photos
            "stage": Stage,
            "can_custody": user.has_perm("passports.manage"),
            "pdf_ready": trip.state in ("approved", "closed") and trip.decided_at is not None,
            **chain_context(trip, user, forms),
        },
        status=status,
    )


@perm_required("casework.view")
def trip_detail(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    return _detail(request, trip)


def _back(trip):
    return redirect("trips:detail", pk=trip.pk)


@require_POST
@perm_required("casework.view")
def trip_transition(request, pk, name):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _detail(
            request, trip, status=400, error=_("请检查填写的内容。"), forms={"actions": {name: form}}
        )
    kwargs = {}
    if name in STAGE_TRANSITIONS_WITH_DATE:
        kwargs[STAGE_TRANSITIONS_WITH_DATE[name]] = form.cleaned_data.get("actual_date")
    try:
        services.trip_transition(
            trip=trip,
            name=name,
            by=request.user,
            comment=form.cleaned_data.get("comment"),
            version=request.POST.get("version"),
            **kwargs,
        )
    except REFUSALS as err:
        trip = selectors.trip_get(user=request.user, pk=pk)
        return _refused(request, trip, err, forms={"actions": {name: form}})
    messages.success(request, _("已%(action)s。") % {"action": workflow.transition_label(trip, name)})
    if name == "discard_draft":  # the draft left every list: back to the inbox
        return redirect("casework:inbox")
    return _back(trip)


@require_POST
@perm_required("casework.view")
def finding_override(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _detail(request, trip, status=400, error=_("请写明例外决定的理由。"), forms={"override": form})
    try:
        services.finding_override(
            trip=trip,
            by=request.user,
            rule_id=form.cleaned_data["rule_id"],
            subject=form.cleaned_data.get("subject") or "",
            justification=form.cleaned_data["justification"],
        )
    except REFUSALS as err:
        return _refused(request, trip, err, forms={"override": form})
    messages.success(request, _("例外决定已记录。"))
    return _back(trip)


@require_POST
@perm_required("casework.apply", "casework.review", "casework.approve", any_of=True)
def recheck(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    try:
        services.trip_recheck(trip=trip, by=request.user)
    except REFUSALS as err:
        return _refused(request, trip, err)
    messages.success(request, _("已重新检查。"))
    return _back(trip)


@require_POST
@perm_required("passports.manage")
def passport_action(request, pk, member_pk, action):
    trip = selectors.trip_get(user=request.user, pk=pk)
    member = trip.members.select_related("passport", "person").filter(pk=member_pk).first()
    if member is None or action not in ("release", "return"):
        raise Http404
    try:
        if action == "release":
            services.passport_release(trip=trip, member=member, by=request.user)
        else:
            services.passport_return(trip=trip, member=member, by=request.user)
    except REFUSALS as err:
        return _refused(request, trip, err)
    messages.success(request, _("证照已借出。") if action == "release" else _("证照已交回入库。"))
    return _back(trip)


@require_POST
@perm_required("casework.view")
def visa_add(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = VisaForm(request.POST, trip=trip)
    if not form.is_valid():
        return _detail(request, trip, status=400, error=_("请检查填写的内容。"), forms={"visa": form})
    d = form.cleaned_data
    try:
        services.visa_record(
            trip=trip,
            by=request.user,
            country=d["country"],
            status=d["status"],
            kind=d["kind"],
            member=d.get("member"),
            on=d.get("on"),
            note=d.get("note") or "",
        )
    except REFUSALS as err:
        return _refused(request, trip, err, forms={"visa": form})
    messages.success(request, _("签证情况已登记。"))
    return _back(trip)


@require_POST
@perm_required("casework.apply")
def report(request, pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _detail(request, trip, status=400, error=_("请检查出访报告的内容。"), forms={"report": form})
    try:
        trip = services.report_save(
            trip=trip, by=request.user, data=form.cleaned_data, version=request.POST.get("version")
        )
        if request.POST.get("action") == "file" and trip.stage == Stage.PASSPORTS_BACK:
            services.trip_transition(trip=trip, name="file_report", by=request.user, version=trip.version)
    except REFUSALS as err:
        trip = selectors.trip_get(user=request.user, pk=pk)
        return _refused(request, trip, err, forms={"report": form})
    messages.success(request, _("出访报告已保存。"))
    return _back(trip)


@require_POST
@perm_required("casework.view")
def objection_resolve(request, pk, obj_pk):
    trip = selectors.trip_get(user=request.user, pk=pk)
    objection = trip.objections.filter(pk=obj_pk).first()
    if objection is None:
        raise Http404
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _detail(request, trip, status=400, error=_("请填写处理意见。"))
    try:
        services.objection_resolve(
            objection=objection, by=request.user, resolution=form.cleaned_data["resolution"]
        )
    except REFUSALS as err:
        return _refused(request, trip, err)
    messages.success(request, _("异议处理意见已记录。"))
    return _back(trip)


@perm_required("casework.view")
def approval_pdf(request, pk):
    from .pdf import approval_pdf as render_pdf

    trip = selectors.trip_get(user=request.user, pk=pk, related=("case_type",))
    try:
        content = render_pdf(trip=trip, by=request.user)
    except ServiceError as err:  # not ready yet: back to the trip page, which says why
        refuse(request, err)
        return _back(trip)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="trip-{trip.pk}-approval.pdf"'
    return response


# --- public notices (no login) ----------------------------------------------------------------------
def notice_list(request):
    return render(request, "trips/public_list.html", {"trips": selectors.public_notices()[:200]})


@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    from apps.core.context import client_ip

    trip = selectors.public_notice_get(pk)
    form = ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.objection_submit(trip=trip, ip=client_ip(request), **form.cleaned_data)
            except ServiceError as err:
                status = refuse(request, err, form=form)
            else:
                messages.success(request, _("您的异议已收到，将由承办处室核实处理。"))
                return redirect(reverse("trips_public:notice", args=[trip.pk]))
        else:
            status = 400
    members = trip.members.select_related("person", "person__unit").order_by("order", "id")
    return render(
        request,
        "trips/public_detail.html",
        {
            "trip": trip,
            "members": members,
            "legs": trip.legs.select_related("country"),
            "schedule": fixed(trip.schedule.all(), "trips.detail.schedule"),
            "budget": trip.budget.select_related("country"),
            "form": form,
            "budget_total": _totals(trip),
            "funding_label": _funding_label(trip),
        },
        status=status,
    )


def _funding_label(trip) -> str:
    from apps.reference.selectors import dict_label

    return dict_label("funding_source", trip.funding_source) if trip.funding_source else ""


def _totals(trip) -> dict:
    totals: dict[str, Decimal] = {}
    for b in trip.budget.all():
        totals[b.currency] = totals.get(b.currency, Decimal(0)) + b.amount
    return totals


# --- configuration: approval tiers (system administrator) ----------------------------------------
@perm_required("trips.configure_tiers")
def tier_list(request):
    from apps.people.selectors import rank_label

    from .models import ApprovalRoute, ApprovalTier

    tiers = [{"tier": t, "rank_label": rank_label(t.rank)} for t in ApprovalTier.objects.order_by("rank")]
    routes = sorted(ApprovalRoute.objects.all(), key=lambda r: LEVEL_ORDER.get(r.level, 9))
    return render(request, "trips/tier_list.html", {"tiers": tiers, "routes": routes})


@require_http_methods(["GET", "POST"])
@perm_required("trips.configure_tiers")
def tier_edit(request, pk=None):
    from .models import ApprovalTier

    tier = ApprovalTier.objects.filter(pk=pk).first() if pk else ApprovalTier()
    if tier is None:
        raise Http404
    initial = {f: getattr(tier, f) for f in services.TIER_FIELDS} if tier.pk else None
    form = ApprovalTierForm(request.POST or None, initial=initial, tier=tier)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.approval_tier_save(tier=tier, by=request.user, data=form.cleaned_data)
            except REFUSALS as err:
                status = refuse(request, err, form=form)
            else:
                messages.success(request, _("审批权限已保存。"))
                return redirect("trips:tier_list")
        else:
            status = 400
    title = _("编辑审批权限") if tier.pk else _("新增审批权限")
    return render(
        request, "trips/tier_form.html", {"form": form, "tier": tier, "title": title}, status=status
    )


__all__ = ["BudgetLine", "Trip", "TripMember"]


@require_POST
@perm_required("passports.manage")
def passports_batch(request, pk, action):
    """tripux: check a delegation's passports out or in at once (all or none)."""
    trip = selectors.trip_get(user=request.user, pk=pk)
    if action not in ("release", "return"):
        raise Http404
    try:
        n = services.passports_batch(trip=trip, by=request.user, action=action)
    except REFUSALS as err:
        return _refused(request, trip, err)
    if action == "release":
        messages.success(request, _("已借出 %(n)d 本证照。") % {"n": n})
    else:
        messages.success(request, _("已交回入库 %(n)d 本证照。") % {"n": n})
    return _back(trip)
