"""Pages of foreign-related incidents: the list of the user's circle, registration, the detail page
(timeline, tasks, circle, checklist, closing — each a form), and the situation / closing report.
Every detail or report view is audited (``services.incident_open``); outside the circle → 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import REFUSALS, ServiceError
from apps.core.pagination import paginate
from apps.reference.selectors import year_country_counts
from apps.web.decorators import perm_required
from apps.web.refusals import form_page, refuse

from . import conf, selectors, services
from .filters import IncidentFilter
from .forms import ChecklistForm, CloseForm, EntryForm, IncidentForm, MemberForm, TaskDoneForm, TaskForm
from .models import Task

VIEW = "casework.view"


@perm_required(VIEW)
def incident_list(request):
    f = IncidentFilter(request.GET, user=request.user)
    return render(
        request,
        "incidents/list.html",
        {
            "filter_form": f.form,
            "page_obj": paginate(request, selectors.list_rows(f.qs)),
            "country_stats": year_country_counts(f.qs, year_of="occurred_on", country="country"),
            "stats": selectors.stats_by_year(f.qs),
            "can_create": request.user.has_perm("casework.review"),
        },
    )


@perm_required("casework.review")
def incident_new(request):
    form = IncidentForm(request.POST or None)
    return form_page(
        request,
        form,
        template="incidents/form.html",
        context={"heading": _("登记涉外案（事）件")},
        save=lambda f: services.incident_create(
            by=request.user, data={k: v for k, v in f.cleaned_data.items() if k in services.FIELDS}
        ),
        done=lambda i: redirect("incidents:detail", pk=i.pk),
        message=_("已登记。"),
    )


@perm_required(VIEW)
def incident_edit(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk)
    form = IncidentForm(request.POST or None, instance=incident)
    return form_page(
        request,
        form,
        template="incidents/form.html",
        context={"heading": _("修改涉外案（事）件"), "obj": incident},
        save=lambda f: services.incident_update(
            incident=selectors.incident_get(user=request.user, pk=pk),
            by=request.user,
            data={k: v for k, v in f.cleaned_data.items() if k in services.FIELDS},
            version=f.cleaned_data.get("version"),
        ),
        done=lambda i: redirect("incidents:detail", pk=pk),
        message=_("已保存修改。"),
    )


def _page(request, incident, *, status=200, forms=None):
    user = request.user
    forms = forms or {}
    handler = selectors.can_handle(incident, user)
    checklist = (
        [
            {"key": k, "label": label, "done_on": (incident.checklist or {}).get(k)}
            for k, label in conf.DEATH_CHECKLIST
        ]
        if incident.kind == "death"
        else []
    )
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "entries": selectors.entries_of(incident),
            "tasks": selectors.tasks_of(incident),
            "members": selectors.members_of(incident),
            "mission": selectors.mission_deadline(incident),
            "handler": handler,
            "my_task_ids": {t.pk for t in selectors.my_tasks(incident, user)},
            "checklist": checklist,
            "entry_form": forms.get("entry") or EntryForm(),
            "task_form": forms.get("task") or TaskForm(),
            "member_form": forms.get("member")
            or (MemberForm(candidates=selectors.circle_candidates(incident)) if handler else None),
            "close_form": forms.get("close") or CloseForm(initial={"version": incident.version}),
            "done_form": TaskDoneForm(),
            "conf": conf,
        },
        status=status,
    )


@perm_required(VIEW)
def incident_detail(request, pk):
    return _page(request, services.incident_open(user=request.user, pk=pk))


@perm_required(VIEW)
def incident_report(request, pk):
    """情况报告 (``?kind=closing``: 结案报告) as its PDF document (``apps.documents``, versioned)."""
    from django.http import HttpResponse
    from django.utils.encoding import escape_uri_path

    from apps.documents.services import filename

    language = request.GET.get("lang") or None
    try:
        document, content = services.report_pdf(
            user=request.user, pk=pk, closing=request.GET.get("kind") == "closing", language=language
        )
    except ServiceError as err:
        refuse(request, err)
        return redirect("incidents:detail", pk=pk)
    response = HttpResponse(content, content_type="application/pdf")
    name = filename(document, language=language)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _post(request, pk, key, form, call, ok):
    incident = selectors.incident_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            call(incident, form.cleaned_data)
        except REFUSALS as err:
            status = refuse(request, err, form=form)
            return _page(
                request, selectors.incident_get(user=request.user, pk=pk), status=status, forms={key: form}
            )
        messages.success(request, ok)
        return redirect("incidents:detail", pk=pk)
    return _page(request, incident, status=400, forms={key: form})


@require_POST
@perm_required(VIEW)
def entry_add(request, pk):
    return _post(
        request,
        pk,
        "entry",
        EntryForm(request.POST),
        lambda i, d: services.entry_add(incident=i, by=request.user, **d),
        _("已记录。"),
    )


@require_POST
@perm_required(VIEW)
def task_add(request, pk):
    return _post(
        request,
        pk,
        "task",
        TaskForm(request.POST),
        lambda i, d: services.task_add(incident=i, by=request.user, **d),
        _("已交办。"),
    )


@require_POST
@perm_required(VIEW)
def task_done(request, pk, task_pk):
    def call(i, d):
        task = Task.objects.filter(incident=i, pk=task_pk).select_related("unit").first()
        if task is None:
            from django.http import Http404

            raise Http404
        services.task_done(incident=i, task=task, by=request.user, note=d["note"])

    return _post(request, pk, "done", TaskDoneForm(request.POST), call, _("已反馈。"))


@require_POST
@perm_required(VIEW)
def member_add(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk)
    form = MemberForm(request.POST, candidates=selectors.circle_candidates(incident))
    return _post(
        request,
        pk,
        "member",
        form,
        lambda i, d: services.member_add(incident=i, by=request.user, **d),
        _("已增加知悉人员。"),
    )


@require_POST
@perm_required(VIEW)
def checklist_set(request, pk):
    return _post(
        request,
        pk,
        "checklist",
        ChecklistForm(request.POST),
        lambda i, d: services.checklist_set(incident=i, by=request.user, **d),
        _("已更新清单。"),
    )


@require_POST
@perm_required(VIEW)
def incident_close(request, pk):
    return _post(
        request,
        pk,
        "close",
        CloseForm(request.POST),
        lambda i, d: services.incident_close(
            incident=i, by=request.user, summary=d["summary"], version=d.get("version")
        ),
        _("已结案。"),
    )


@perm_required(VIEW)
def treaty_list(request):
    return render(request, "incidents/treaty_list.html", {"rows": selectors.treaty_list()})
