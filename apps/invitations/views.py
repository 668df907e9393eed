"""Pages of invitations: the unit's registration, the application (one or more invitees) with its checks,
the detail page with every step as a form, the letter and the 《外国人邀请核实单》 (print layout with
a QR code) and the public verification page (no login). Views are thin."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.casework import selectors as cw_selectors
from apps.casework import workflow
from apps.casework.permissions import is_staff_side
from apps.core.errors import REFUSALS, message_for, status_for
from apps.core.pagination import paginate
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import checks, selectors, services
from . import permissions as ip
from .filters import InvitationFilter, RegistrationFilter
from .forms import (
    ActionForm,
    CloseOutForm,
    InvitationForm,
    InviteeFormSet,
    ProblemsForm,
    RegistrationForm,
    ReviewForm,
    VerifyForm,
    invitee_initial,
)
from .models import Registration, Stage

DANGER = {"reject", "withdraw", "send_back", "cancel_letter"}
HIDDEN_ACTIONS = {"close_out"}  # has its own form


# --- registrations (开户备案) ----------------------------------------------------------------------------
@perm_required("casework.view")
def registration_list(request):
    f = RegistrationFilter(request.GET, user=request.user)
    own = selectors.own_registration(user=request.user) if request.user.unit_id else None
    return render(
        request,
        "invitations/registration_list.html",
        {
            "filter": f,
            "page_obj": paginate(request, f.qs),
            "own": own,
            "may_file": request.user.has_perm("casework.apply") and request.user.unit_id and own is None,
        },
    )


@require_http_methods(["GET", "POST"])
@perm_required("casework.apply")
def registration_new(request):
    unit = request.user.unit
    if unit is None:
        messages.error(request, _("您的账号没有所属单位，不能办理备案。"))
        return redirect("invitations:registration_list")
    own = selectors.own_registration(user=request.user)
    if own is not None:
        return redirect("invitations:registration_detail", pk=own.pk)
    initial = {"name_zh": unit.name}
    form = RegistrationForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.registration_submit(by=request.user, unit=unit, data=f.cleaned_data),
        template="invitations/registration_form.html",
        context={"registration": None},
        done=lambda reg: reverse("invitations:registration_detail", args=[reg.pk]),
        message=_("备案已提交，等待外办审核。"),
    )


@require_http_methods(["GET", "POST"])
@perm_required("casework.apply")
def registration_edit(request, pk):
    reg = selectors.registration_get(user=request.user, pk=pk)
    if not ip.can_edit_registration(reg, request.user):
        messages.error(request, _("当前状态下不能修改本备案。"))
        return redirect("invitations:registration_detail", pk=reg.pk)
    form = RegistrationForm(request.POST or None, instance=reg, initial={"version": reg.version})
    return form_page(
        request,
        form,
        save=lambda f: services.registration_update(
            registration=selectors.registration_get(user=request.user, pk=pk),
            by=request.user,
            data=f.cleaned_data,
            version=f.cleaned_data.get("version"),
        ),
        template="invitations/registration_form.html",
        context={"registration": reg},
        done=lambda r: reverse("invitations:registration_detail", args=[r.pk]),
        message=_("备案已修改并重新提交。"),
    )


def _registration_page(request, reg, *, form=None, status=200):
    user = request.user
    return render(
        request,
        "invitations/registration_detail.html",
        {
            "reg": reg,
            "record": selectors.unit_record(reg) if is_staff_side(user) else None,
            "may_edit": ip.can_edit_registration(reg, user),
            "may_review": ip.can_review_registration(reg, user),
            "decisions": _decisions(reg),
            "form": form or ReviewForm(initial={"version": reg.version}),
        },
        status=status,
    )


def _decisions(reg):
    S = Registration.Status
    return {
        S.PENDING: [("approve", _("通过备案"), False), ("return", _("退回补正"), True)],
        S.APPROVED: [("suspend", _("暂停邀请资格"), True)],
        S.SUSPENDED: [("reinstate", _("恢复邀请资格"), False)],
    }.get(reg.status, [])


@perm_required("casework.view")
def registration_detail(request, pk):
    return _registration_page(request, selectors.registration_get(user=request.user, pk=pk))


@require_POST
@perm_required("casework.review")
def registration_review(request, pk):
    reg = selectors.registration_get(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _registration_page(request, reg, form=form, status=400)
    try:
        services.registration_review(
            registration=reg,
            by=request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data.get("comment") or "",
            version=form.cleaned_data.get("version"),
        )
    except REFUSALS as err:
        status = refuse(request, err, form=form)
        reg = selectors.registration_get(user=request.user, pk=pk)
        return _registration_page(request, reg, form=form, status=status)
    messages.success(request, _("备案审核结果已保存。"))
    return redirect("invitations:registration_detail", pk=reg.pk)


# --- the application -----------------------------------------------------------------------------------
@perm_required("casework.view")
def invitation_list(request):
    f = InvitationFilter(request.GET, user=request.user)
    return render(
        request,
        "invitations/list.html",
        {
            "filter": f,
            "page_obj": paginate(request, f.qs),
            "may_apply": request.user.has_perm("casework.apply"),
        },
    )


def _formset(request, invitation=None, *, extra_row=False):
    if request.method == "POST":
        data = request.POST.copy()
        if extra_row:
            total = int(data.get("invitees-TOTAL_FORMS") or 0)
            data["invitees-TOTAL_FORMS"] = str(min(total + 1, 50))
        return InviteeFormSet(data, prefix="invitees")
    initial = invitee_initial(invitation) if invitation is not None else []
    return _with_extra(initial, 1 if initial else 3)


def _with_extra(initial, extra):
    from django import forms as dj_forms

    from .forms import BaseInviteeFormSet, InviteeForm

    cls = dj_forms.formset_factory(InviteeForm, formset=BaseInviteeFormSet, extra=extra, max_num=50)
    return cls(prefix="invitees", initial=initial)


def _render_form(request, form, formset, *, invitation=None, status=200, error=None):
    findings = None
    if form.is_bound and form.is_valid() and formset.is_valid():
        findings = _live_findings(request, form, formset, invitation)
    elif invitation is not None and invitation.checked_at:
        findings = checks.visible(invitation.last_check, office=is_staff_side(request.user))
    return render(
        request,
        "invitations/edit.html",
        {
            "form": form,
            "formset": formset,
            "invitation": invitation,
            "error": error,
            "findings": findings,
            "severity_labels": checks.SEVERITY_LABELS,
        },
        status=status,
    )


def _live_findings(request, form, formset, invitation):
    d = form.cleaned_data
    draft = checks.Draft(
        entry_date=d.get("entry_date"),
        stay_days=d.get("stay_days"),
        visa_type=d.get("visa_type"),
        validity_months=d.get("validity_months"),
        invitees=[
            checks.InviteeDraft(
                name=r["name"],
                nationality=r["nationality"],
                passport_number=r["passport_number"],
                passport_expiry=r["passport_expiry"],
            )
            for r in formset.rows()
        ],
        pk=invitation.pk if invitation else None,
    )
    unit_id = invitation.applicant_unit_id if invitation else request.user.unit_id
    found = [f.to_dict() for f in checks.run(draft, unit_id=unit_id)]
    return checks.visible(found, office=is_staff_side(request.user))


def _save_or_check(request, form, formset, save, invitation=None):
    action = request.POST.get("action")
    if action == "add_row":
        formset = _formset(request, invitation, extra_row=True)
        return _render_form(request, form, formset, invitation=invitation)
    if action == "check":  # the live check (HTMX on every change, or the button): never an error status
        return _render_form(request, form, formset, invitation=invitation)
    if not (form.is_valid() and formset.is_valid()):
        return _render_form(request, form, formset, invitation=invitation, status=400)
    try:
        inv = save(form.cleaned_data, formset.rows())
    except REFUSALS as err:
        return _render_form(
            request, form, formset, invitation=invitation, status=status_for(err), error=message_for(err)
        )
    if action == "submit":
        name = "resubmit" if inv.state == "returned" else "submit"
        try:
            services.invitation_transition(invitation=inv, name=name, by=request.user, version=inv.version)
        except REFUSALS as err:
            messages.error(request, _("草稿已保存，但未能提交：%(msg)s") % {"msg": message_for(err)})
            return redirect("invitations:detail", pk=inv.pk)
        messages.success(request, _("申请已提交。"))
        return redirect("invitations:detail", pk=inv.pk)
    messages.success(request, _("草稿已保存。"))
    return redirect("invitations:detail", pk=inv.pk)


@require_http_methods(["GET", "POST"])
@perm_required("casework.apply")
def invitation_new(request):
    if request.user.unit_id is None:
        messages.error(request, _("您的账号没有所属单位，不能提交邀请申请。"))
        return redirect("invitations:list")
    reg = services.unit_registration(request.user.unit_id)
    initial = (
        {
            "contact_name": reg.contact_name,
            "contact_phone": reg.contact_phone,
            "signing_leader": reg.leader_name,
        }
        if reg
        else {}
    )
    form = InvitationForm(request.POST or None, initial=initial)
    formset = _formset(request)
    if request.method == "GET":
        return _render_form(request, form, formset)
    return _save_or_check(
        request,
        form,
        formset,
        lambda data, rows: services.invitation_create(
            by=request.user, unit=request.user.unit, data=data, invitees=rows
        ),
    )


@require_http_methods(["GET", "POST"])
@perm_required("casework.apply")
def invitation_edit(request, pk):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    if not cw_selectors.applicant_can_edit(inv, request.user):
        messages.error(request, _("当前状态下不能修改本申请。"))
        return redirect("invitations:detail", pk=inv.pk)
    form = InvitationForm(request.POST or None, instance=inv, initial={"version": inv.version})
    formset = _formset(request, inv)
    if request.method == "GET":
        return _render_form(request, form, formset, invitation=inv)

    def save(data, rows):
        fresh = selectors.invitation_get(user=request.user, pk=pk)
        return services.invitation_update(
            invitation=fresh, by=request.user, data=data, invitees=rows, version=data.get("version")
        )

    return _save_or_check(request, form, formset, save, invitation=inv)


def _actions(inv, user):
    out = []
    for name in cw_selectors.available_transitions(case=inv, user=user):
        if name in HIDDEN_ACTIONS:
            continue
        if name in ("submit", "resubmit") and not cw_selectors.applicant_can_edit(inv, user):
            continue
        out.append(
            {
                "name": name,
                "label": workflow.transition_label(inv, name),
                "comment_required": workflow.comment_required(inv, name),
                "danger": name in DANGER,
                "province": name == "issue" and inv.province_signs,
            }
        )
    return out


def _detail(request, inv, *, status=200, error=None, close_form=None, problems_form=None):
    user = request.user
    staff = is_staff_side(user)
    invitees = selectors.invitees_of(inv)
    may_close = "close_out" in cw_selectors.available_transitions(case=inv, user=user)
    docs = {}
    if inv.stage != Stage.APPLICATION:
        from apps.documents.selectors import documents_for

        from .documents import LETTER, NOTE

        for doc in documents_for(user=user, case=inv):  # newest version of each kind first
            docs.setdefault(doc.kind, doc)
        docs = {"letter": docs.get(LETTER), "note": docs.get(NOTE)}
    return render(
        request,
        "invitations/detail.html",
        {
            "inv": inv,
            "invitees": invitees,
            "actions": _actions(inv, user),
            "can_edit": cw_selectors.applicant_can_edit(inv, user),
            "findings": checks.visible(inv.last_check or [], office=staff) if inv.checked_at else None,
            "severity_labels": checks.SEVERITY_LABELS,
            "timeline": cw_selectors.timeline_for(user=user, case=inv),
            "close_form": close_form
            or (
                CloseOutForm(
                    invitees=invitees,
                    cancelled=inv.stage == Stage.CANCELLED,
                    initial={"version": inv.version},
                )
                if may_close
                else None
            ),
            "problems_form": problems_form
            or (
                ProblemsForm(initial={"problems": inv.problems, "version": inv.version})
                if staff and ip.is_reviewer(inv, user) and inv.stage != Stage.APPLICATION
                else None
            ),
            "letter_ready": inv.stage != Stage.APPLICATION,
            "docs": docs,
            "staff": staff,
            "error": error,
        },
        status=status,
    )


@perm_required("casework.view")
def invitation_detail(request, pk):
    return _detail(request, selectors.invitation_get(user=request.user, pk=pk))


@require_POST
@perm_required("casework.view")
def invitation_transition(request, pk, name):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _detail(request, inv, status=400, error=_("请检查填写的内容。"))
    params = {}
    if name == "issue":
        params["province_reference"] = form.cleaned_data.get("province_reference") or ""
    try:
        services.invitation_transition(
            invitation=inv,
            name=name,
            by=request.user,
            comment=form.cleaned_data.get("comment") or "",
            version=form.cleaned_data.get("version"),
            **params,
        )
    except REFUSALS as err:
        inv = selectors.invitation_get(user=request.user, pk=pk)
        return _detail(request, inv, status=status_for(err), error=message_for(err))
    messages.success(request, _("已%(action)s。") % {"action": workflow.transition_label(inv, name)})
    return redirect("invitations:detail", pk=inv.pk)


@require_POST
@perm_required("casework.apply")
def invitation_close_out(request, pk):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    invitees = selectors.invitees_of(inv)
    form = CloseOutForm(request.POST, invitees=invitees, cancelled=inv.stage == Stage.CANCELLED)
    if not form.is_valid():
        return _detail(request, inv, status=400, error=_("请检查填写的内容。"), close_form=form)
    try:
        services.close_out(
            invitation=inv,
            by=request.user,
            outcomes=form.outcomes(),
            comment=form.cleaned_data.get("comment") or "",
            version=form.cleaned_data.get("version"),
        )
    except REFUSALS as err:
        status = refuse(request, err, form=form)
        inv = selectors.invitation_get(user=request.user, pk=pk)
        return _detail(request, inv, status=status, close_form=form)
    messages.success(request, _("已销档。"))
    return redirect("invitations:detail", pk=inv.pk)


@require_POST
@perm_required("casework.review")
def invitation_problems(request, pk):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    form = ProblemsForm(request.POST)
    if not form.is_valid():
        return _detail(request, inv, status=400, problems_form=form)
    try:
        services.record_problems(
            invitation=inv,
            by=request.user,
            text=form.cleaned_data["problems"],
            version=form.cleaned_data.get("version"),
        )
    except REFUSALS as err:
        status = refuse(request, err, form=form)
        inv = selectors.invitation_get(user=request.user, pk=pk)
        return _detail(request, inv, status=status, problems_form=form)
    messages.success(request, _("问题记录已保存。"))
    return redirect("invitations:detail", pk=inv.pk)


@perm_required("casework.view")
def statistics(request):
    """邀请统计: issued invitations of a year by nationality, unit, visa kind, month or purpose, and the
    invitations whose close-out is overdue."""
    from django.utils import timezone

    this = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this)
    except ValueError:
        year = this
    year = min(max(year, 2000), this + 2)
    by = request.GET.get("by") or "nationality"
    if by not in selectors.STAT_DIMENSIONS:
        by = "nationality"
    rows, total = selectors.statistics(user=request.user, year=year, by=by)
    labels = {
        "nationality": _("国籍"),
        "unit": _("申报单位"),
        "visa_type": _("签证种类"),
        "month": _("入境月份"),
        "purpose": _("来华事由"),
    }
    return render(
        request,
        "invitations/statistics.html",
        {
            "rows": rows,
            "total": total,
            "year": year,
            "years": list(range(this + 1, this - 5, -1)),
            "by": by,
            "dimensions": list(labels.items()),
            "dimension_label": labels[by],
        },
    )


# --- the documents: letter and 《外国人邀请核实单》 (print layout, QR code) --------------------------------
def _document(request, pk, template):
    inv = selectors.invitation_get(user=request.user, pk=pk)
    if inv.stage == Stage.APPLICATION:
        messages.error(request, _("邀请函尚未出具。"))
        return redirect("invitations:detail", pk=inv.pk)
    from apps.org.selectors import office_cached

    from .documents import COSTS_EN, ENTRIES_EN, qr_svg, verify_url

    url = verify_url(request, inv.verification_code)
    return render(
        request,
        template,
        {
            "inv": inv,
            "invitees": selectors.invitees_of(inv),
            "verify_url": url,
            "qr": qr_svg(url),
            "reg": services.unit_registration(inv.applicant_unit_id),
            "entries_en": ENTRIES_EN.get(inv.entries, ""),
            "costs_en": COSTS_EN.get(inv.costs_borne_by, ""),
            "office": office_cached(),
        },
    )


@perm_required("casework.view")
def letter(request, pk):
    return _document(request, pk, "invitations/letter.html")


@perm_required("casework.view")
def verification_note(request, pk):
    return _document(request, pk, "invitations/note.html")


# --- public verification (no login) -------------------------------------------------------------------
def _rate_limited(request) -> bool:
    """Lookups per client address are limited (``apps.core.throttle``, scope "verify")."""
    from apps.core.context import client_ip
    from apps.core.throttle import hit

    return bool(hit("verify", client_ip(request) or "unknown"))


def verify(request, code=None):
    """The public verification page: valid / used / cancelled / expired / invalid and nothing more."""
    if code is None and request.GET.get("code"):
        form = VerifyForm(request.GET)
        if form.is_valid():
            return redirect("invitations_public:verify_code", code=form.cleaned_data["code"].strip().upper())
    else:
        form = VerifyForm(initial={"code": code} if code else None)
    if code is None:
        return render(request, "invitations/verify.html", {"form": form, "checked": False})
    if _rate_limited(request):
        return render(
            request, "invitations/verify.html", {"form": form, "checked": False, "limited": True}, status=429
        )
    result = selectors.verification(code)
    return render(
        request,
        "invitations/verify.html",
        {"form": form, "checked": True, "result": result, "code": code},
    )
