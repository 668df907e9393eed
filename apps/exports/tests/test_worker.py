"""Background exports survive trouble (security review, finding 9): on SQLite the worker died with
"database is locked" and its job stayed "running" for ever. Now a transient database error is retried,
any other error fails the job with its message without raising, and a job whose worker died is found
and marked failed."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from apps.exports import services
from apps.exports.models import ExportJob
from apps.exports.tasks import build_export

from .test_exports import sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(staff, settings, django_capture_on_commit_callbacks):
    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_SYNC_MAX_ROWS": 2}
    with django_capture_on_commit_callbacks(execute=False):
        return services.export_start(user=staff, kind="test.rows", params={"n": 5})


def _flaky(monkeypatch, failures: int):
    real = services.write_xlsx
    calls = {"n": 0}

    def write(fileobj, **kw):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise OperationalError("database is locked")
        return real(fileobj, **kw)

    monkeypatch.setattr(services, "write_xlsx", write)
    monkeypatch.setattr(services.time, "sleep", lambda s: None)
    return calls


def test_a_locked_database_is_retried_and_the_export_is_built(demo_exporter, queued, monkeypatch):
    calls = _flaky(monkeypatch, failures=2)
    assert build_export.call(queued.pk) == 5
    queued.refresh_from_db()
    assert queued.status == "done" and calls["n"] == 3 and len(sheet_rows(queued)) == 6


def test_a_lasting_lock_fails_the_job_with_a_message_and_the_worker_goes_on(
    demo_exporter,
    queued,
    monkeypatch,
    settings,
):
    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_ATTEMPTS": 3}
    calls = _flaky(monkeypatch, failures=99)
    assert build_export.call(queued.pk) == 0  # returns, never raises
    queued.refresh_from_db()
    assert queued.status == "failed" and calls["n"] == 3
    assert "已重试 3 次" in queued.error and queued.finished_at


def test_any_other_error_fails_the_job_with_its_message(demo_exporter, queued, monkeypatch):
    def broken(fileobj, **kw):
        raise ValueError("坏数据")

    monkeypatch.setattr(services, "write_xlsx", broken)
    assert build_export.call(queued.pk) == 0
    queued.refresh_from_db()
    assert queued.status == "failed" and queued.error == "坏数据"


def test_a_job_whose_worker_died_is_marked_failed(demo_exporter, queued, settings):
    long_ago = timezone.now() - dt.timedelta(minutes=16)
    ExportJob.objects.filter(pk=queued.pk).update(
        status="running", started_at=long_ago, heartbeat_at=long_ago
    )
    fresh = ExportJob.objects.create(user=queued.user, kind="test.rows", status="running")
    ExportJob.objects.filter(pk=fresh.pk).update(started_at=timezone.now(), heartbeat_at=timezone.now())
    call_command("exports_sweep", stdout=io.StringIO())
    queued.refresh_from_db()
    fresh.refresh_from_db()
    assert queued.status == "failed" and "已停止响应" in queued.error
    assert fresh.status == "running"  # still alive: left alone


@pytest.mark.django_db(transaction=True)
def test_production_task_backend_queues_and_builds_an_export(demo_exporter, staff, settings):
    """With the database task backend production runs (``waiban.settings``), a large export is queued and
    a worker builds it. The casework date range once refused django-tasks' "run at any time" date
    (the largest date-time), so every queued job answered 400 (found by the load benchmark)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_SYNC_MAX_ROWS": 2}
    job = services.export_start(user=staff, kind="test.rows", params={"n": 5})
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == "done" and len(sheet_rows(job)) == 6
