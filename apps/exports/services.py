"""Starting, building and opening exports. Every start and every download is audited with the list,
its filters and the number of rows."""

from __future__ import annotations

import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import json_safe, record
from apps.core.errors import ServiceError

from .models import ExportJob
from .registry import get_exporter
from .selectors import job_get
from .writer import write_xlsx

log = logging.getLogger(__name__)
S = ExportJob.Status
IGNORED_PARAMS = {"page", "csrfmiddlewaretoken", "kind"}


def sync_max_rows() -> int:
    """Exports up to this many rows are built at once; larger ones run in the background."""
    return int(getattr(settings, "WAIBAN", {}).get("EXPORT_SYNC_MAX_ROWS", 2000))


def progress_every() -> int:
    return int(getattr(settings, "WAIBAN", {}).get("EXPORT_PROGRESS_EVERY", 200))


def clean_params(params) -> dict:
    """The list's filters as plain JSON: empty values and paging dropped, lists of one value flattened."""
    out = {}
    items = params.lists() if hasattr(params, "lists") else (params or {}).items()
    for key, value in items:
        if key in IGNORED_PARAMS:
            continue
        if isinstance(value, list | tuple):
            value = [v for v in value if v not in ("", None)]
            if not value:
                continue
            value = value[0] if len(value) == 1 else value
        if value in ("", None):
            continue
        out[str(key)[:60]] = json_safe(value)
    return out


def export_start(*, user, kind: str, params=None) -> ExportJob:
    """Start exporting list ``kind`` with ``params`` (its filters) as ``user``: small lists are built now
    (the job is returned done), larger ones are queued for the background worker."""
    exporter = get_exporter(kind)
    if not exporter.allowed(user):
        raise PermissionDenied(_("您无权导出该列表。"))
    params = clean_params(params)
    try:
        total = exporter.row_count(user, params)
    except (ValueError, TypeError) as exc:
        raise ServiceError(_("筛选条件无效，无法导出。")) from exc
    background = total > sync_max_rows()
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            kind=kind,
            title=str(exporter.title)[:200],
            params=params,
            total=total,
            background=background,
        )
        record(
            action=AuditAction.EXPORTS_START,
            target=job,
            actor=user,
            extra={"kind": kind, "filters": params, "rows": total, "background": background},
        )
        if background:
            from .tasks import build_export

            transaction.on_commit(lambda: build_export.enqueue(job.pk))
    if not background:
        from django.utils.translation import get_language

        build(job, language=get_language())
        job.refresh_from_db()
        if job.status == S.FAILED:
            raise ServiceError(_("导出失败：%(error)s") % {"error": job.error})
    return job


def build(job: ExportJob, *, language: str | None = None) -> ExportJob:
    """Write the job's file (as its owner, through the list's selector), updating progress as it goes."""
    if job.status not in (S.QUEUED, S.RUNNING):
        return job
    exporter = get_exporter(job.kind)
    ExportJob.objects.filter(pk=job.pk).update(status=S.RUNNING, started_at=timezone.now(), progress=0)
    total = max(job.total, 1)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=min(99, done * 100 // total))

    from django.utils import translation

    lang = language or getattr(job.user, "language", "") or settings.LANGUAGE_CODE

    try:
        with translation.override(lang), tempfile.TemporaryFile() as tmp:
            if not exporter.allowed(job.user):
                raise PermissionDenied(_("您无权导出该列表。"))
            n = write_xlsx(
                tmp,
                title=str(exporter.title),
                columns=exporter.headings(dict(job.params)),
                rows=exporter.rows(job.user, dict(job.params)),
                total=job.total,
                progress=progress,
                every=progress_every(),
            )
            tmp.seek(0)
            job.refresh_from_db()
            job.file.save(f"export-{job.pk}.xlsx", File(tmp), save=False)
        job.status, job.progress, job.row_count, job.finished_at = S.DONE, 100, n, timezone.now()
        job.save(update_fields=["file", "status", "progress", "row_count", "finished_at"])
    except Exception as exc:
        log.exception("export %s failed", job.pk)
        message = str(getattr(exc, "message", "") or exc) or exc.__class__.__name__
        ExportJob.objects.filter(pk=job.pk).update(
            status=S.FAILED, error=message[:1000], finished_at=timezone.now()
        )
        job.refresh_from_db()
    return job


def export_open(*, user, pk):
    """(job, open file) for the owner of a finished export; audited. Otherwise Http404."""
    job = job_get(user=user, pk=pk)
    if job.status != S.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        action=AuditAction.EXPORTS_DOWNLOAD,
        target=job,
        actor=user,
        extra={"kind": job.kind, "filters": job.params, "rows": job.row_count},
    )
    return job, handle
