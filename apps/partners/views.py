"""Pages of the partner register, the two case types, exchange plans, the country view and the map."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.casework import selectors as cw_selectors
from apps.casework import services as cw_services
from apps.casework import workflow
from apps.casework.permissions import is_staff_side
from apps.core.errors import REFUSALS, message_for, status_for
from apps.core.pagination import paginate
from apps.documents.selectors import documents_for
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import conf, selectors, services
from .filters import PartnerFilter
from .forms import (
    ActivityLinkForm,
    ActivityNoteForm,
    CaseActionForm,
    EstablishmentForm,
    NoteForm,
    PartnerForm,
    PlanForm,
    PlanItemForm,
    PlanItemStatusForm,
    ProfileForm,
    TwinningForm,
)
from .models import PartnershipCase, TwinningCase

VIEW = "partners.view"
MANAGE = "partners.manage"
CW = "casework.view"
APPLY = "casework.apply"
# transitions that record an external body's document (number, date, authority)
DOCUMENT_STEPS = {
    "record_city_approval",
    "record_province_review",
    "record_cpaffc_approval",
    "record_twinning_approval",
}
DANGER = {"reject", "withdraw", "send_back"}


# --- the register ---------------------------------------------------------------------------------------
@perm_required(VIEW)
def partner_list(request):
    f = PartnerFilter(request.GET, user=request.user)
    partners = list(f.qs)
    dormant = selectors.dormant_ids(partners)
    for p in partners:
        p.is_dormant = p.pk in dormant
    everything = list(selectors.partner_list(user=request.user))
    return render(
        request,
        "partners/list.html",
        {
            "filter_form": f.form,
            "partners": partners,
            "anniversaries": selectors.anniversaries(everything),
            "progress": selectors.twinning_progress(),
            "can_manage": request.user.has_perm(MANAGE),
            "dormant_years": conf.DORMANT_AFTER_YEARS.value,
            "dormant_citation": conf.DORMANT_AFTER_YEARS.citation,
            "anniversary_citation": conf.ANNIVERSARY_EVERY_YEARS.citation,
        },
    )


@perm_required()
def public_list(request):
    return render(request, "partners/public_list.html", {"partners": selectors.public_partner_list()})


@perm_required(MANAGE)
def partner_create(request):
    form = PartnerForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda f: services.partner_create(by=request.user, data=f.data_for_service()),
        template="partners/form.html",
        context={"title": _("登记友好城市"), "back": reverse("partners:list")},
        done=lambda p: reverse("partners:detail", args=[p.pk]),
        message=_("已登记。"),
    )


@perm_required(MANAGE)
def partner_edit(request, pk):
    partner = selectors.partner_get(user=request.user, pk=pk)
    if not request.user.has_perm("partners.change_region", partner):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("只有主管处室可以修改本地区的记录。"))
    form = PartnerForm(request.POST or None, instance=selectors.partner_get(user=request.user, pk=pk))
    return form_page(
        request,
        form,
        save=lambda f: services.partner_update(
            partner=partner, by=request.user, data=f.data_for_service(), version=f.cleaned_data.get("version")
        ),
        template="partners/form.html",
        context={"title": _("修改友好城市"), "back": reverse("partners:detail", args=[partner.pk])},
        done=lambda p: reverse("partners:detail", args=[partner.pk]),
        message=_("已保存。"),
    )


def _partner_page(request, partner, *, status=200, link_form=None, note_form=None):
    user = request.user
    activity = selectors.partner_activity(user=user, partner=partner)
    openable = selectors.openable_case_ids(user=user, ids=[r["case"].pk for r in activity if r["case"]])
    for row in activity:
        row["can_open"] = bool(row["case"] and row["case"].pk in openable)
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            "activity": activity,
            "twinnings": partner.twinnings.all(),
            "can_edit": user.has_perm("partners.change_region", partner),
            "link_form": link_form or ActivityLinkForm(),
            "note_form": note_form or ActivityNoteForm(initial={"date": timezone.localdate()}),
            "dormant": partner.pk in selectors.dormant_ids([partner]),
            "dormant_years": conf.DORMANT_AFTER_YEARS.value,
        },
        status=status,
    )


@perm_required(VIEW)
def partner_detail(request, pk):
    return _partner_page(request, selectors.partner_get(user=request.user, pk=pk))


@require_POST
@perm_required(MANAGE)
def activity_link(request, pk):
    partner = selectors.partner_get(user=request.user, pk=pk)
    form = ActivityLinkForm(request.POST)
    if not form.is_valid():
        return _partner_page(request, partner, status=400, link_form=form)
    try:
        services.activity_link(partner=partner, by=request.user, **form.cleaned_data)
    except REFUSALS as err:
        return _partner_page(request, partner, status=refuse(request, err, form=form), link_form=form)
    messages.success(request, _("已登记到交往记录。"))
    return redirect("partners:detail", pk=partner.pk)


@require_POST
@perm_required(MANAGE)
def activity_note(request, pk):
    partner = selectors.partner_get(user=request.user, pk=pk)
    form = ActivityNoteForm(request.POST)
    if not form.is_valid():
        return _partner_page(request, partner, status=400, note_form=form)
    try:
        services.activity_note(partner=partner, by=request.user, **form.cleaned_data)
    except REFUSALS as err:
        return _partner_page(request, partner, status=refuse(request, err, form=form), note_form=form)
    messages.success(request, _("已登记到交往记录。"))
    return redirect("partners:detail", pk=partner.pk)


@perm_required(VIEW)
def twinning_list(request):
    return render(
        request,
        "partners/twinnings.html",
        {
            "twinnings": paginate(request, selectors.twinning_list()),
            "progress": selectors.twinning_progress(),
        },
    )


# --- the two case types ----------------------------------------------------------------------------------
@perm_required(CW)
def case_list(request):
    user = request.user
    return render(
        request,
        "partners/case_list.html",
        {
            "establishments": selectors.establishment_list(user=user)[:100],
            "twinning_cases": selectors.twinning_case_list(user=user)[:100],
            "can_apply": user.has_perm(APPLY),
        },
    )


def _unit(request):
    unit = request.user.unit
    if unit is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("您没有所属单位，不能提交申请。"))
    return unit


@perm_required(APPLY)
def establishment_new(request):
    form = EstablishmentForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda f: services.establishment_create(
            by=request.user, unit=_unit(request), data=f.data_for_service()
        ),
        template="partners/case_form.html",
        context={
            "title": _("缔结友好城市申请"),
            "procedure": conf.ESTABLISH_PROCEDURE,
            "back": reverse("partners:case_list"),
        },
        done=lambda c: reverse("partners:case_detail", args=[c.pk]),
        message=_("草稿已保存。"),
    )


@perm_required(APPLY)
def twinning_new(request):
    form = TwinningForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda f: services.twinning_create(
            by=request.user, unit=_unit(request), data=f.data_for_service()
        ),
        template="partners/case_form.html",
        context={
            "title": _("基层单位结好申请"),
            "procedure": conf.TWINNING_PROCEDURE,
            "back": reverse("partners:case_list"),
        },
        done=lambda c: reverse("partners:case_detail", args=[c.pk]),
        message=_("草稿已保存。"),
    )


def _case(request, pk):
    case = cw_selectors.case_get(user=request.user, pk=pk)
    if not isinstance(case, PartnershipCase | TwinningCase):
        from django.http import Http404

        raise Http404
    return case


@perm_required(APPLY)
def case_edit(request, pk):
    case = _case(request, pk)
    form_class = EstablishmentForm if isinstance(case, PartnershipCase) else TwinningForm
    form = form_class(request.POST or None, instance=_case(request, pk))
    return form_page(
        request,
        form,
        save=lambda f: services.case_update(
            case=case, by=request.user, data=f.data_for_service(), version=f.cleaned_data.get("version")
        ),
        template="partners/case_form.html",
        context={"title": _("修改申请"), "back": reverse("partners:case_detail", args=[case.pk])},
        done=lambda c: reverse("partners:case_detail", args=[case.pk]),
        message=_("已保存。"),
    )


def _actions(case, user, forms=None):
    forms = forms or {}
    out = []
    for name in cw_selectors.available_transitions(case=case, user=user):
        out.append(
            {
                "name": name,
                "label": workflow.transition_label(case, name),
                "comment_required": workflow.comment_required(case, name),
                "needs_assignee": name == "assign",
                "document": name in DOCUMENT_STEPS,
                "default_authority": services.NEXT_STEP.get((services._kind(case), case.stage), (None, ""))[1]
                if name in DOCUMENT_STEPS
                else "",
                "danger": name in DANGER,
                "form": forms.get(name) or CaseActionForm(initial={"version": case.version}),
            }
        )
    return out


def _case_page(request, case, *, status=200, error=None, forms=None):
    user = request.user
    actions = _actions(case, user, forms)
    is_establishment = isinstance(case, PartnershipCase)
    return render(
        request,
        "partners/case_detail.html",
        {
            "case": case,
            "is_establishment": is_establishment,
            "actions": actions,
            "assignable": cw_selectors.assignable_staff(case=case)
            if any(a["needs_assignee"] for a in actions)
            else [],
            "external": selectors.external_approvals(case=case),
            "documents": documents_for(user=user, case=case),
            "timeline": cw_selectors.timeline_for(user=user, case=case),
            "attachments": cw_selectors.attachments_for(user=user, case=case),
            "attachment_kinds": cw_selectors.attachment_kinds(),
            "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "can_upload": user.has_perm("casework.upload_case", case)
            and case.state not in ("closed", "withdrawn"),
            "can_comment": user.has_perm("casework.comment_case", case),
            "can_edit": cw_selectors.applicant_can_edit(case, user),
            "staff_side": is_staff_side(user),
            "procedure": conf.ESTABLISH_PROCEDURE if is_establishment else conf.TWINNING_PROCEDURE,
            "error": error,
        },
        status=status,
    )


@perm_required(CW)
def case_detail(request, pk):
    return _case_page(request, _case(request, pk))


@require_POST
@perm_required(CW)
def case_transition(request, pk, name):
    case = _case(request, pk)
    form = CaseActionForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, status=400, error=_("请检查填写的内容。"), forms={name: form})
    data = form.cleaned_data
    params = {}
    if name in DOCUMENT_STEPS:
        params = {"number": data.get("number"), "date": data.get("date"), "authority": data.get("authority")}
    if name == "assign":
        from apps.accounts.models import User

        params["assignee"] = (
            User.objects.filter(pk=data.get("assignee")).first() if data.get("assignee") else None
        )
    try:
        cw_services.transition(
            case=case,
            name=name,
            by=request.user,
            comment=data.get("comment") or "",
            version=request.POST.get("version"),
            **params,
        )
    except REFUSALS as err:
        case = _case(request, pk)
        return _case_page(request, case, status=status_for(err), error=message_for(err), forms={name: form})
    messages.success(request, _("已%(action)s。") % {"action": workflow.transition_label(case, name)})
    return redirect("partners:case_detail", pk=case.pk)


@perm_required(CW)
def case_letter(request, pk):
    """The request to the city government (请示), print-styled (GB/T 9704 layout approximated in HTML)."""
    case = _case(request, pk)
    if not isinstance(case, PartnershipCase) or not is_staff_side(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("只有外办工作人员可以查看报市政府的请示。"))
    from apps.org.models import Office

    return render(
        request,
        "partners/letter.html",
        {"case": case, "office": Office.objects.first(), "today": timezone.localdate()},
    )


# --- exchange plans ---------------------------------------------------------------------------------------
@perm_required(VIEW)
def plan_list(request):
    return render(
        request,
        "partners/plan_list.html",
        {
            "plans": selectors.plan_list(user=request.user),
            "can_manage": request.user.has_perm(MANAGE) and request.user.division_id,
        },
    )


@perm_required(MANAGE)
def plan_create(request):
    form = PlanForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda f: services.plan_create(by=request.user, **f.cleaned_data),
        template="partners/form.html",
        context={"title": _("编制年度交流计划"), "back": reverse("partners:plan_list")},
        done=lambda p: reverse("partners:plan_detail", args=[p.pk]),
        message=_("计划已建立。"),
    )


def _plan_page(request, plan, *, status=200, item_form=None):
    items = list(selectors.plan_items(plan=plan))
    done = sum(1 for i in items if i.status == "done")
    return render(
        request,
        "partners/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "done": done,
            "percent": round(done * 100 / len(items)) if items else 0,
            "can_edit": request.user.has_perm("partners.change_region", plan),
            "item_form": item_form or PlanItemForm(),
        },
        status=status,
    )


@perm_required(VIEW)
def plan_detail(request, pk):
    return _plan_page(request, selectors.plan_get(user=request.user, pk=pk))


@require_POST
@perm_required(MANAGE)
def plan_item_add(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, plan, status=400, item_form=form)
    try:
        services.plan_item_add(plan=plan, by=request.user, data=form.cleaned_data)
    except REFUSALS as err:
        return _plan_page(request, plan, status=refuse(request, err, form=form), item_form=form)
    messages.success(request, _("项目已添加。"))
    return redirect("partners:plan_detail", pk=plan.pk)


@require_POST
@perm_required(MANAGE)
def plan_item_status(request, pk, item_pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    item = selectors.plan_item_get(user=request.user, plan=plan, pk=item_pk)
    form = PlanItemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择进度。"))
        return _plan_page(request, plan, status=400)
    try:
        services.plan_item_update(item=item, by=request.user, **form.cleaned_data)
    except REFUSALS as err:
        return _plan_page(request, plan, status=refuse(request, err))
    messages.success(request, _("进度已更新。"))
    return redirect("partners:plan_detail", pk=plan.pk)


# --- the country view ----------------------------------------------------------------------------------
@perm_required(VIEW)
def country_list(request):
    return render(request, "partners/country_list.html", {"rows": selectors.country_summaries()})


def _country_page(request, country, *, status=200, profile_form=None, note_form=None):
    overview = selectors.country_overview(user=request.user, country=country)
    division = overview["division"]
    can_edit = bool(division and request.user.has_perm(MANAGE) and request.user.division_id == division.pk)
    profile = overview["profile"]
    cases = [*overview["trips"], *overview["visits"]]
    openable = selectors.openable_case_ids(user=request.user, ids=[c.pk for c in cases])
    for row in cases:
        row.can_open = row.pk in openable
    return render(
        request,
        "partners/country_detail.html",
        {
            "country": country,
            **overview,
            "can_edit": can_edit,
            "profile_form": profile_form
            or ProfileForm(
                instance=profile,
                initial={"version": profile.version if profile else 0},
                sar=country.kind == "sar",
            ),
            "note_form": note_form or NoteForm(),
            "is_sar": country.kind == "sar",
        },
        status=status,
    )


@perm_required(VIEW)
def country_detail(request, iso2):
    return _country_page(request, selectors.country_get(user=request.user, iso2=iso2))


@require_POST
@perm_required(MANAGE)
def profile_edit(request, iso2):
    country = selectors.country_get(user=request.user, iso2=iso2)
    form = ProfileForm(request.POST, sar=country.kind == "sar")
    if not form.is_valid():
        return _country_page(request, country, status=400, profile_form=form)
    try:
        services.profile_save(
            country=country,
            by=request.user,
            data={k: v for k, v in form.cleaned_data.items() if k != "version"},
            version=form.cleaned_data.get("version"),
        )
    except REFUSALS as err:
        return _country_page(request, country, status=refuse(request, err, form=form), profile_form=form)
    messages.success(request, _("国别情况已保存。"))
    return redirect("partners:country", iso2=country.iso2)


@require_POST
@perm_required(MANAGE)
def note_save(request, iso2):
    country = selectors.country_get(user=request.user, iso2=iso2)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _country_page(request, country, status=400, note_form=form)
    try:
        services.note_save(country=country, by=request.user, **form.cleaned_data)
    except REFUSALS as err:
        return _country_page(request, country, status=refuse(request, err, form=form), note_form=form)
    messages.success(request, _("研究材料已保存。"))
    return redirect("partners:country", iso2=country.iso2)


@perm_required(VIEW)
def note_history(request, iso2, key):
    country = selectors.country_get(user=request.user, iso2=iso2)
    versions = list(selectors.note_history(country, key))
    if not versions:
        from django.http import Http404

        raise Http404
    return render(request, "partners/note_history.html", {"country": country, "versions": versions})


# --- the map -----------------------------------------------------------------------------------------
@perm_required(VIEW)
def world_map(request):
    return render(
        request,
        "partners/map.html",
        {
            "map_data": selectors.map_data(),
            "charts": selectors.charts_data(),
            "map_note": conf.MAP_NOTE,
            "year": timezone.localdate().year,
        },
    )
