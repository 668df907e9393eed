"""The export mechanism with a test list: immediate vs background path, progress, owner-only download,
formula-injection guard, audit rows, API."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.exports import services
from apps.exports.models import ExportJob
from apps.exports.writer import safe_text

pytestmark = pytest.mark.django_db


def sheet_rows(job):
    with job.file.open("rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    return [tuple(c.value for c in row) for row in wb.active.iter_rows()]


def test_small_export_is_built_at_once_with_formulas_neutralised(demo_exporter, staff):
    job = services.export_start(user=staff, kind="test.rows", params={"n": "5", "page": "3", "empty": ""})
    assert job.status == "done" and job.progress == 100 and job.row_count == 5 and not job.background
    assert job.params == {"n": "5"}  # paging and empty filters are not part of the export
    rows = sheet_rows(job)
    assert rows[0] == ("文本", "数字")
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil")',
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        "普通文本",
    ]
    assert [r[1] for r in rows[1:]] == [1, 2, 3, 4, 5]  # numbers stay numbers
    assert demo_exporter == [(staff.pk, {"n": "5"})]  # rows() ran as the user, with the filters


def test_safe_text():
    assert safe_text("=1+1") == "'=1+1"
    assert safe_text("\t=1") == "'\t=1"
    assert safe_text("a=b") == "a=b"
    assert safe_text("x\x07y") == "xy"  # characters XML cannot hold are dropped


def test_large_export_runs_in_the_background_with_progress(
    demo_exporter, staff, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_SYNC_MAX_ROWS": 10, "EXPORT_PROGRESS_EVERY": 10}
    progress_seen = []
    real_write = services.write_xlsx

    def write(fileobj, **kw):
        inner = kw["progress"]

        def progress(n):
            inner(n)
            progress_seen.append(ExportJob.objects.get().progress)

        kw["progress"] = progress
        return real_write(fileobj, **kw)

    monkeypatch.setattr(services, "write_xlsx", write)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_start(user=staff, kind="test.rows", params={"n": 50})
    assert job.background and job.status == "queued" and job.total == 50
    assert not job.file
    assert len(callbacks) == 1
    callbacks[0]()  # the commit happens: the task is enqueued (immediate backend in tests)
    job.refresh_from_db()
    assert job.status == "done" and job.row_count == 50 and job.progress == 100
    assert progress_seen == [20, 40, 60, 80, 99]
    assert len(sheet_rows(job)) == 51


def test_only_the_owner_downloads_and_both_steps_are_audited(demo_exporter, staff, make_user, login, client):
    job = services.export_start(user=staff, kind="test.rows", params={"n": 3, "unit": "7"})
    start = AuditEvent.objects.get(action="exports.start")
    assert start.actor_id == staff.pk
    assert start.extra["kind"] == "test.rows"
    assert start.extra["filters"] == {"n": 3, "unit": "7"} and start.extra["rows"] == 3

    other = make_user("other", roles=["division_staff"], division=staff.division)
    login(other)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert client.get(f"/api/exports/{job.pk}").status_code == 404
    assert client.get(f"/api/exports/{job.pk}/download").status_code == 404
    assert not AuditEvent.objects.filter(action="exports.download").exists()

    login(staff)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"
    download = AuditEvent.objects.get(action="exports.download")
    assert download.actor_id == staff.pk and download.extra["rows"] == 3
    assert download.extra["filters"] == {"n": 3, "unit": "7"}


def test_start_view_redirects_to_the_file_or_to_my_exports(
    demo_exporter, staff, login, client, settings, django_capture_on_commit_callbacks
):
    login(staff)
    response = client.post(reverse("exports:start"), {"kind": "test.rows", "n": "2"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:download", args=[job.pk])

    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_SYNC_MAX_ROWS": 1}
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("exports:start"), {"kind": "test.rows", "n": "4"}, follow=True)
    html = response.content.decode()
    assert "已转入后台生成" in html
    queued = ExportJob.objects.get(status="queued")
    assert f'data-job="{queued.pk}"' in html and 'hx-trigger="every 2s"' in html  # polls while running
    # the HTMX refresh returns just the table
    partial = client.get(reverse("exports:list"), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="export-jobs"') and "<html" not in partial


def test_unknown_list_and_missing_permission(demo_exporter, make_user, login, client):
    admin = make_user("sys", roles=["sysadmin"])
    login(admin)
    response = client.post(reverse("exports:start"), {"kind": "test.rows"})
    assert response.status_code == 403
    assert not ExportJob.objects.exists()
    staff = make_user("s2", roles=["division_staff"])
    login(staff)
    response = client.post(reverse("exports:start"), {"kind": "nope"}, follow=True)
    assert "未知的导出列表" in response.content.decode()


def test_api_start_poll_download(demo_exporter, staff, login, client):
    login(staff)
    response = client.post(
        "/api/exports/", {"kind": "test.rows", "params": {"n": 2}}, content_type="application/json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "done" and data["row_count"] == 2
    assert client.get(f"/api/exports/{data['id']}").json()["progress"] == 100
    assert client.get(data["download_url"]).status_code == 200
    assert (
        client.post("/api/exports/", {"kind": "x", "params": {}}, content_type="application/json").status_code
        == 400
    )
