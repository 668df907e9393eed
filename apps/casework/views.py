"""Pages of the casework engine: inbox, list, detail with actions, attachments, notifications and the
configuration of case types and routing rules. Views are thin: selectors to read, services to write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.errors import REFUSALS, message_for, status_for
from apps.core.pagination import paginate
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import selectors, services, workflow
from .filters import CaseFilter, InboxFilter
from .forms import AttachmentForm, CaseTypeForm, CommentForm, RoutingRuleForm, TransitionForm
from .models import CaseType, RoutingRule
from .permissions import is_staff_side


@perm_required("casework.view")
def inbox(request):
    f = InboxFilter(request.GET, user=request.user)
    counts = selectors.request_inbox_counts(request, fresh=True)
    # Overdue first is an order no index gives: sort the narrow keys, then read the page's 25 rows;
    # the badge's total is the list's count (the same condition), so it is not counted twice — unless
    # a filter narrows the list.
    count = None if f.narrowed else counts["total"]
    page = paginate(request, selectors.table_rows(f.qs), keys_first=True, count=count)
    return render(request, "casework/inbox.html", {"page_obj": page, "counts": counts, "filter_form": f.form})


@perm_required("casework.view")
def case_list(request):
    f = CaseFilter(request.GET, user=request.user)
    page = paginate(request, selectors.table_rows(f.qs))
    return render(request, "casework/list.html", {"filter_form": f.form, "page_obj": page})


# --- detail and actions ------------------------------------------------------------------------------
def _action_specs(case, user, forms_by_name=None):
    forms_by_name = forms_by_name or {}
    specs = []
    for name in selectors.available_transitions(case=case, user=user):
        form = forms_by_name.get(name) or TransitionForm(initial={"version": case.version})
        specs.append(
            {
                "name": name,
                "label": workflow.transition_label(case, name),
                "comment_required": workflow.comment_required(case, name),
                "form": form,
                "needs_assignee": name == "assign",
                "danger": name in ("reject", "withdraw", "send_back"),
            }
        )
    return specs


def _detail_context(request, case, *, action_forms=None, comment_form=None, upload_form=None, error=None):
    user = request.user
    kinds = selectors.attachment_kinds()
    can_upload = user.has_perm("casework.upload_case", case) and case.state not in ("closed", "withdrawn")
    actions = _action_specs(case, user, action_forms)
    return {
        "case": case,
        "timeline": selectors.timeline_for(user=user, case=case),
        "attachments": selectors.attachments_for(user=user, case=case),
        "actions": actions,
        "assignable": selectors.assignable_staff(case=case)
        if any(a["needs_assignee"] for a in actions)
        else [],
        "staff_side": is_staff_side(user),
        "can_comment": user.has_perm("casework.comment_case", case),
        "comment_form": comment_form or CommentForm(),
        "can_upload": can_upload,
        "upload_form": upload_form or AttachmentForm(kinds=kinds),
        "error": error,
        "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }


def _render_detail(request, case, *, status=200, **kwargs):
    if request.htmx:
        status = 200  # HTMX swaps only successful responses; the message is in the page
    return render(request, "casework/detail.html", _detail_context(request, case, **kwargs), status=status)


@perm_required("casework.view")
def case_detail(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    if case.case_type.detail_url_name:
        try:
            return redirect(reverse(case.case_type.detail_url_name, args=[case.pk]))
        except NoReverseMatch:
            pass
    return _render_detail(request, case)


@require_POST
@perm_required("casework.view")
def case_transition(request, pk, name):
    case = selectors.case_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        services.transition(
            case=case,
            name=name,
            by=request.user,
            comment=data.get("comment") or "",
            version=request.POST.get("version"),
            assignee=data.get("assignee"),
        )
    except REFUSALS as err:
        case = selectors.case_get(user=request.user, pk=pk)
        bound = TransitionForm(request.POST)
        bound.is_valid()
        return _render_detail(
            request, case, status=status_for(err), error=message_for(err), action_forms={name: bound}
        )
    messages.success(request, _("已%(action)s。") % {"action": workflow.transition_label(case, name)})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("casework:detail", args=[case.pk])
        return response
    return redirect("casework:detail", pk=case.pk)


@require_POST
@perm_required("casework.view")
def comment_add(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, case, status=400, comment_form=form)
    try:
        services.comment_add(
            case=case,
            by=request.user,
            text=form.cleaned_data["text"],
            visible_to_applicant=form.cleaned_data["visible_to_applicant"],
        )
    except REFUSALS as err:
        return _render_detail(request, case, status=refuse(request, err, form=form), comment_form=form)
    messages.success(request, _("意见已保存。"))
    return redirect("casework:detail", pk=case.pk)


@require_POST
@perm_required("casework.view")
def attachment_upload(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    kinds = selectors.attachment_kinds()
    form = AttachmentForm(request.POST, request.FILES, kinds=kinds)
    if not form.is_valid():
        return _render_detail(request, case, status=400, upload_form=form)
    try:
        services.attachment_add(
            case=case,
            by=request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            visible_to_applicant=form.cleaned_data["visible_to_applicant"],
        )
    except REFUSALS as err:
        status = refuse(request, err, form=form, field="file")
        return _render_detail(request, case, status=status, upload_form=form)
    messages.success(request, _("附件已上传。"))
    return redirect("casework:detail", pk=case.pk)


@perm_required("casework.view")
def attachment_download(request, pk, att_pk):
    att = selectors.attachment_get(user=request.user, case_pk=pk, pk=att_pk)
    try:
        fh = services.attachment_open(attachment=att)
    except REFUSALS as err:  # the file is missing or altered: say so, with the way back to the case
        return render(
            request,
            "casework/attachment_error.html",
            {"message": message_for(err), "case": att.case},
            status=status_for(err),
        )
    return FileResponse(fh, as_attachment=True, filename=att.original_name, content_type=att.content_type)


# --- notifications -----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@perm_required("casework.view")
def notifications(request):
    if request.method == "POST":
        ids = request.POST.getlist("id")
        clean = [int(i) for i in ids if str(i).isdigit()] if ids else None
        n = services.notifications_mark_read(user=request.user, ids=clean)
        messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": n})
        return redirect("casework:notifications")
    qs = selectors.notifications_for(user=request.user)
    return render(
        request,
        "casework/notifications.html",
        {
            "page_obj": paginate(request, qs),
            "unread": selectors.unread_notification_count(user=request.user),
        },
    )


# --- configuration -----------------------------------------------------------------------------------
@perm_required("casework.configure")
def casetype_list(request):
    return render(request, "casework/casetype_list.html", {"case_types": selectors.case_types()})


@require_http_methods(["GET", "POST"])
@perm_required("casework.configure")
def casetype_edit(request, pk=None):
    obj = get_object_or_404(CaseType, pk=pk) if pk else CaseType()
    return form_page(
        request,
        CaseTypeForm(request.POST or None, instance=obj),
        save=lambda form: services.casetype_save(case_type=obj, by=request.user, data=form.cleaned_data),
        template="casework/config_form.html",
        context={
            "title": _("编辑案件类型") if pk else _("新增案件类型"),
            "back": reverse("casework:casetype_list"),
            "back_label": _("案件类型"),
        },
        message=_("案件类型已保存。"),
        done="casework:casetype_list",
    )


@perm_required("casework.configure")
def routing_list(request):
    rules = RoutingRule.objects.select_related("case_type", "division").order_by("order", "id")
    return render(request, "casework/routing_list.html", {"rules": rules})


@require_http_methods(["GET", "POST"])
@perm_required("casework.configure")
def routing_edit(request, pk=None):
    obj = get_object_or_404(RoutingRule, pk=pk) if pk else RoutingRule()
    return form_page(
        request,
        RoutingRuleForm(request.POST or None, instance=obj),
        save=lambda form: services.routing_rule_save(rule=obj, by=request.user, data=form.cleaned_data),
        template="casework/config_form.html",
        context={
            "title": _("编辑分办规则") if pk else _("新增分办规则"),
            "back": reverse("casework:routing_list"),
            "back_label": _("分办规则"),
        },
        message=_("分办规则已保存。"),
        done="casework:routing_list",
    )
