"""Starting, building and opening exports. Every start and every download is audited with the list,
its filters and the number of rows."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import json_safe, record
from apps.core.crypto import mask_filters
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
    if exporter.filterset is not None:  # an ID or passport number is stored sealed, never in clear
        params = clean_params(exporter.filterset.sealed_query(params, user=user))
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
            extra={
                "kind": kind,
                "filters": mask_filters(params, user=user),
                "rows": total,
                "background": background,
            },
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


# Errors that say "try again" rather than "this cannot work": a locked SQLite database, a dropped or
# restarted PostgreSQL connection, a serialization failure. A build retries them with a growing pause.
TRANSIENT = (OperationalError, InterfaceError)


def attempts() -> int:
    return max(1, int(getattr(settings, "WAIBAN", {}).get("EXPORT_ATTEMPTS", 4)))


def stuck_after() -> dt.timedelta:
    """A running job with no sign of life for this long has lost its worker (``sweep_stuck``)."""
    return dt.timedelta(minutes=int(getattr(settings, "WAIBAN", {}).get("EXPORT_STUCK_MINUTES", 15)))


def build(job: ExportJob, *, language: str | None = None, pause: float = 0.5) -> ExportJob:
    """Write the job's file (as its owner, through the list's selector), updating progress as it goes.

    Never raises: a transient database error is retried (``attempts()`` in all, the pause doubling); any
    other error, or the last transient one, marks the job failed with its message, so the worker keeps
    running and the owner sees why."""
    if job.status not in (S.QUEUED, S.RUNNING):
        return job
    for attempt in range(1, attempts() + 1):
        try:
            return _build_once(job, language=language)
        except TRANSIENT as exc:
            if attempt == attempts():
                log.exception("export %s failed after %s attempts", job.pk, attempt)
                return _fail(job, _("数据库暂时无法写入，已重试 %(n)s 次，请稍后重新导出。") % {"n": attempt})
            log.warning("export %s: transient error (%s), attempt %s; retrying", job.pk, exc, attempt)
            _reconnect()
            time.sleep(pause * 2 ** (attempt - 1))
        except Exception as exc:
            log.exception("export %s failed", job.pk)
            return _fail(job, str(getattr(exc, "message", "") or exc) or exc.__class__.__name__)
    return job


def _reconnect() -> None:
    """Drop a broken connection so the next query opens a fresh one (not inside a transaction, whose
    connection belongs to the caller)."""
    if not connection.in_atomic_block:
        close_old_connections()


def _build_once(job: ExportJob, *, language: str | None) -> ExportJob:
    exporter = get_exporter(job.kind)
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(status=S.RUNNING, started_at=now, heartbeat_at=now, progress=0)
    total = max(job.total, 1)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(
            progress=min(99, done * 100 // total), heartbeat_at=timezone.now()
        )

    from django.utils import translation

    lang = language or getattr(job.user, "language", "") or settings.LANGUAGE_CODE
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
    return job


def _fail(job: ExportJob, message: str, *, pause: float = 0.5) -> ExportJob:
    """Mark the job failed with ``message``; retried like a build, and given up quietly (the sweep of
    stuck jobs finds it later) rather than killing the worker."""
    for attempt in range(1, attempts() + 1):
        try:
            ExportJob.objects.filter(pk=job.pk).update(
                status=S.FAILED, error=str(message)[:1000], finished_at=timezone.now()
            )
            job.refresh_from_db()
            return job
        except TRANSIENT:
            _reconnect()
            time.sleep(pause * 2 ** (attempt - 1))
    log.error("export %s: could not even record the failure; the stuck-job sweep will", job.pk)
    return job


def sweep_stuck(*, now=None) -> int:
    """Mark running jobs whose worker died (no progress for ``stuck_after()``) as failed; returns how many.

    Run by every background build before it starts and by ``manage.py exports_sweep``."""
    now = now or timezone.now()
    cutoff = now - stuck_after()
    stale = ExportJob.objects.filter(status=S.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    return stale.update(
        status=S.FAILED,
        finished_at=now,
        error=_("导出中断：生成它的后台进程已停止响应，请重新导出。"),
    )


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
        extra={"kind": job.kind, "filters": job.params_display, "rows": job.row_count},
    )
    return job, handle
