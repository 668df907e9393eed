"""Exports API (/api/exports/): start an export of a registered list, poll its status, download it.

Only the owner of an export sees it (anyone else → 404). Starting and downloading are audited.
"""

from __future__ import annotations

from datetime import datetime

from django.http import FileResponse
from ninja import Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS

from . import selectors, services
from .models import ExportJob

router = Router(tags=["exports"], auth=api_auth)


class ExportIn(Schema):
    kind: str
    params: dict = {}


class ExportOut(Schema):
    id: int
    kind: str
    title: str
    params: dict
    status: str
    progress: int
    total: int
    row_count: int
    background: bool
    created_at: datetime
    finished_at: datetime | None
    error: str
    download_url: str | None


def _out(job: ExportJob) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "params": job.params_display,
        "status": job.status,
        "progress": job.progress,
        "total": job.total,
        "row_count": job.row_count,
        "background": job.background,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "error": job.error,
        "download_url": f"/api/exports/{job.pk}/download" if job.status == ExportJob.Status.DONE else None,
    }


@router.get("/", response={200: list[ExportOut], **ERRORS})
def list_exports(request):
    return [_out(j) for j in selectors.job_list(user=request.user)[:100]]


@router.post("/", response={201: ExportOut, **ERRORS})
def start_export(request, payload: ExportIn):
    job = services.export_start(user=request.user, kind=payload.kind, params=payload.params)
    job.refresh_from_db()
    return Status(201, _out(job))


@router.get("/{int:pk}", response={200: ExportOut, **ERRORS})
def get_export(request, pk: int):
    return _out(selectors.job_get(user=request.user, pk=pk))


@router.get("/{int:pk}/download", response={200: None, **ERRORS})
def download_export(request, pk: int):
    job, handle = services.export_open(user=request.user, pk=pk)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
