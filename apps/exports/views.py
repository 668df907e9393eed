"""我的导出: start an export from any list, follow its progress, download the file (owner only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.core.pagination import paginate
from apps.web.refusals import refuse

from . import selectors, services


def _back(request, fallback="exports:list"):
    nxt = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(fallback)


@login_required
def job_list(request):
    qs = selectors.job_list(user=request.user)
    page_obj = paginate(request, qs)
    ctx = {"page_obj": page_obj, "polling": any(j.is_active for j in page_obj)}
    if request.htmx:
        return render(request, "exports/partials/job_table.html", ctx)
    return render(request, "exports/list.html", ctx)


@login_required
def job_status(request, pk):
    job = selectors.job_get(user=request.user, pk=pk)
    return render(request, "exports/partials/job_row.html", {"job": job})


@login_required
@require_POST
def start(request):
    params = request.POST.copy()
    params.pop("next", None)
    kind = request.POST.get("kind", "")
    try:
        job = services.export_start(user=request.user, kind=kind, params=params)
    except PermissionDenied:
        raise  # the 403 page, not a message on the list (Forbidden is a ServiceError too)
    except ServiceError as err:
        refuse(request, err)
        return _back(request)
    if job.status == job.Status.DONE:
        return redirect("exports:download", pk=job.pk)
    messages.info(
        request,
        _("导出共约 %(n)d 行，已转入后台生成，完成后可在“我的导出”中下载。") % {"n": job.total},
    )
    return redirect("exports:list")


@login_required
def download(request, pk):
    job, handle = services.export_open(user=request.user, pk=pk)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def start_export(request, *, kind: str, params, fallback: str):
    """For an app's old GET export link: start exporting ``kind`` with ``params`` and answer as
    :func:`start` does (the file at once, or 我的导出 for a background export; an error → ``fallback``)."""
    try:
        job = services.export_start(user=request.user, kind=kind, params=params)
    except ServiceError as err:
        refuse(request, err)
        return redirect(fallback)
    if job.status == job.Status.DONE:
        return redirect("exports:download", pk=job.pk)
    messages.info(
        request,
        _("导出共约 %(n)d 行，已转入后台生成，完成后可在“我的导出”中下载。") % {"n": job.total},
    )
    return redirect("exports:list")
