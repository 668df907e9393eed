import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit import services
from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.exports import services as exports
from apps.exports.models import ExportJob

LIST = "/audit/"


@pytest.fixture
def events(staff, auditor, make_user):
    other = make_user("li", roles=["division_staff"], full_name="李娜")
    made = []
    for i in range(3):
        made.append(
            services.record(
                action="casework.submit", target=staff, actor=staff, changes={"title": [f"旧{i}", f"新{i}"]}
            )
        )
    made.append(services.record(action="casework.approve", target=other, actor=other))
    made.append(services.record(action="accounts.login", actor=other))
    return made


def test_user_without_audit_view_gets_403(client, staff, events):
    client.force_login(staff)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("audit:event_detail", args=[events[0].pk])).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403
    assert client.post(reverse("exports:start"), {"kind": "audit.events"}).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_auditor_sees_newest_first(auditor_client, events):
    response = auditor_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "审计日志" in html and "导出 Excel" in html and "100000" in html.replace(",", "")
    positions = [html.index(f"#{e.pk}<") for e in events]
    assert positions == sorted(positions, reverse=True)
    assert "李娜（li）" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user": "staff1"}, {0, 1, 2}),
        ({"user": "李娜"}, {3, 4}),
        ({"action": "casework."}, {0, 1, 2, 3}),
        ({"action": "casework.approve"}, {3}),
        ({"target_type": "accounts.user"}, {0, 1, 2, 3}),
    ],
)
def test_filters(auditor_client, events, params, expected):
    page = auditor_client.get(LIST, params).context["page"]
    assert {e.pk for e in page.events} == {events[i].pk for i in expected}


def test_object_filter_and_dates(auditor_client, events, staff):
    page = auditor_client.get(LIST, {"target_type": "accounts.user", "target_id": staff.pk}).context["page"]
    assert {e.pk for e in page.events} == {e.pk for e in events[:3]}
    today = dt.date.today()
    page = auditor_client.get(
        LIST,
        {
            "date_from": (today - dt.timedelta(days=1)).isoformat(),
            "date_to": (today + dt.timedelta(days=1)).isoformat(),
        },
    ).context["page"]
    assert len(page.events) == 5
    page = auditor_client.get(LIST, {"date_to": (today - dt.timedelta(days=2)).isoformat()}).context["page"]
    assert page.events == []


@pytest.mark.parametrize(
    "bad",
    [
        {"date_from": "2026-02-30"},
        {"date_to": "yesterday"},
        {"date_from": "2026-03-01", "date_to": "2026-02-01"},
        {"before_id": "abc"},
    ],
)
def test_malformed_filters_give_a_form_error_not_a_500(auditor_client, events, bad):
    response = auditor_client.get(LIST, bad)
    assert response.status_code == 200
    if "before_id" not in bad:
        html = response.content.decode()
        assert "筛选条件有误" in html
        assert response.context["form"].errors
        assert bad.get("date_from", bad.get("date_to")) in html  # the form keeps what was typed


def test_keyset_pagination(auditor_client, staff, settings):
    settings.WAIBAN = {**settings.WAIBAN, "LIST_PAGE_SIZE": 2}
    made = [services.record(action="people.archive", actor=staff) for _ in range(5)]
    ids = [e.pk for e in reversed(made)]
    first = auditor_client.get(LIST, {"action": "people.archive"})
    assert [e.pk for e in first.context["page"].events] == ids[:2]
    assert "较早" in first.content.decode() and "较新" not in first.content.decode()
    second = auditor_client.get(LIST, {"action": "people.archive", "before_id": ids[1]})
    assert [e.pk for e in second.context["page"].events] == ids[2:4]
    html = second.content.decode()
    assert "较早" in html and "较新" in html and "action=people.archive" in html
    last = auditor_client.get(LIST, {"action": "people.archive", "before_id": ids[3]})
    assert [e.pk for e in last.context["page"].events] == ids[4:]
    assert "较早" not in last.content.decode()
    back = auditor_client.get(LIST, {"action": "people.archive", "after_id": ids[2]})
    assert [e.pk for e in back.context["page"].events] == ids[:2]


def test_detail_shows_changes_and_hashes(auditor_client, events):
    event = events[1]
    response = auditor_client.get(reverse("audit:event_detail", args=[event.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "旧1" in html and "新1" in html and event.hash in html and event.prev_hash in html
    assert "内容已被篡改" not in html
    assert auditor_client.get(reverse("audit:event_detail", args=[999999])).status_code == 404


def _sheet(job):
    with job.file.open("rb") as fh:
        return list(load_workbook(io.BytesIO(fh.read())).active.iter_rows(values_only=True))


def test_export_xlsx_contains_the_rows_and_is_audited(auditor_client, auditor, events):
    html = auditor_client.get(LIST, {"action": "casework."}).content.decode()
    assert 'data-export="audit.events"' in html and 'name="action" value="casework."' in html
    response = auditor_client.post(reverse("exports:start"), {"kind": "audit.events", "action": "casework."})
    assert response.status_code == 302
    response = auditor_client.get(response["Location"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("编号", "时间", "操作人", "用户名", "操作")
    assert [r[0] for r in rows[1:]] == [e.pk for e in reversed(events[:4])]
    header = rows[0]
    assert header[4:10] == ("操作", "对象类型", "对象编号", "对象", "摘要", "变更内容")
    oldest = dict(zip(header, rows[-1], strict=True))
    assert oldest["操作"] == "提交申请" and oldest["对象类型"] == "用户" and oldest["对象"] == "张伟"
    assert oldest["变更内容"] == "职务：旧0 → 新0"
    assert oldest["摘要"] == f"张伟（staff1）：提交申请（用户 张伟 (#{events[0].target_id})）"
    assert not any("casework." in str(value) for row in rows for value in row)
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == auditor
    assert export.extra["filters"] == {"action": "casework."}
    assert export.extra["rows"] == 4 and export.extra["truncated"] is False
    assert AuditEvent.objects.filter(action="exports.start", actor=auditor).count() == 1
    assert AuditEvent.objects.filter(action="exports.download", actor=auditor).count() == 1


def test_old_export_link_starts_the_export(auditor_client, auditor, events):
    response = auditor_client.get(reverse("audit:export"), {"action": "casework.approve"})
    assert response.status_code == 302 and "/download/" in response["Location"]
    job = ExportJob.objects.get(user=auditor)
    assert job.kind == "audit.events" and job.row_count == 1
    assert [r[4] for r in _sheet(job)[1:]] == ["批准"]
    export = AuditEvent.objects.get(action="audit.export")
    assert export.extra["filters"] == {"action": "casework.approve"} and export.extra["rows"] == 1
    bad = auditor_client.get(reverse("audit:export"), {"date_from": "2026-13-40"})
    assert bad.status_code == 400 and ExportJob.objects.count() == 1


def test_export_cap(auditor, events, monkeypatch):
    from apps.audit import selectors

    monkeypatch.setattr(selectors, "EXPORT_MAX_ROWS", 2)
    job = exports.export_start(user=auditor, kind="audit.events", params={})
    assert job.total == 2 and job.row_count == 2
    assert len(_sheet(job)) == 3
    export = AuditEvent.objects.get(action="audit.export")
    assert export.extra["rows"] == 2 and export.extra["truncated"] is True


def test_large_audit_export_runs_in_the_background(
    auditor, events, settings, django_capture_on_commit_callbacks
):
    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_SYNC_MAX_ROWS": 2}
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_start(user=auditor, kind="audit.events", params={"user": "staff1"})
    assert job.background
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100 and job.row_count == 3
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == auditor and export.extra["filters"] == {"user": "staff1"}
    assert export.extra["rows"] == 3


def test_invalid_filters_are_refused(auditor):
    with pytest.raises(ServiceError):
        exports.export_start(user=auditor, kind="audit.events", params={"date_from": "not a date"})
    assert not ExportJob.objects.exists()
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_export_requires_the_export_permission(client, make_user, events):
    from apps.accounts.models import Role

    viewer_role = Role.objects.create(code="audit_viewer", name="只读", permissions=["audit.view"])
    viewer = make_user("viewer")
    viewer.roles.set([viewer_role])
    client.force_login(viewer)
    assert client.get(LIST).status_code == 200
    assert "导出 Excel" not in client.get(LIST).content.decode()
    assert client.get(reverse("audit:export")).status_code == 403
    assert client.post(reverse("exports:start"), {"kind": "audit.events"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_object_history_partial_only_for_auditors(rf, auditor, staff, events):
    from django.template import Context, Template

    template = Template("{% load audit_tags %}{% object_history obj %}")
    for user, visible in ((auditor, True), (staff, False)):
        request = rf.get("/")
        request.user = user
        html = template.render(Context({"request": request, "obj": staff}))
        assert ("操作记录" in html) is visible
        assert (f"#{events[0].pk}" in html) is visible


def test_anonymous_is_sent_to_login(client, events):
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_list_pages_never_count_or_offset(auditor_client, events):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = auditor_client.get(
            LIST, {"user": "staff1", "action": "casework.", "before_id": events[2].pk}
        )
    assert response.status_code == 200
    audit_sql = [q["sql"].upper() for q in queries if "AUDIT_AUDITEVENT" in q["sql"].upper()]
    assert audit_sql
    assert not any("COUNT(" in sql or "OFFSET" in sql for sql in audit_sql)


def test_english_page(auditor_client, events):
    auditor_client.cookies["waiban_language"] = "en"
    html = auditor_client.get(LIST).content.decode()
    assert "Audit log" in html and "Export to Excel" in html and "导出 Excel" not in html


def test_object_history_endpoint(auditor_client, client, staff, events):
    url = reverse("audit:object_history", args=["accounts.user", staff.pk])
    html = auditor_client.get(url).content.decode()
    assert "操作记录" in html and f"#{events[0].pk}" in html and f"#{events[3].pk}" not in html
    client.force_login(staff)
    assert client.get(url).status_code == 403
