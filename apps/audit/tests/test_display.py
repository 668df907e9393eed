"""What the auditor reads: labels, the object's name and reference number, field names; never the codes."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit import display, services
from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent

LIST = "/audit/"
CODE = re.compile(
    r"\b(?:accounts|audit|casework|exports|org|passports|people|reference|regulations|sensitive|trips)\.[a-z_]+"
)


@pytest.fixture
def trip(units, staff):
    from apps.trips.models import Trip
    from apps.trips.services import trip_case_type

    return Trip.objects.create(
        case_type=trip_case_type(),
        applicant_unit=units["徐州市教育局"],
        created_by=staff,
        title="赴德国参加汉诺威工业博览会及经贸洽谈",
    )


def _number(trip, reference="徐外出〔2026〕0012"):
    trip.reference = reference
    trip.save(update_fields=["reference"])
    return trip


def visible_text(html: str) -> str:
    """The page as a reader sees it: no tags, no attribute values, no scripts."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(
        r"<select.*?</select>", lambda m: " ".join(re.findall(r">([^<]*)<", m.group(0))), html, flags=re.S
    )
    return re.sub(r"<[^>]+>", " ", html)


def table(html: str) -> str:
    start = html.index('data-testid="audit-table"')
    return html[start : html.index("</table>", start)]


def test_the_list_shows_labels_and_the_cases_reference_not_codes(auditor_client, staff, trip):
    created = services.record(action=AuditAction.TRIPS_CREATE, target=trip, actor=staff)  # no number yet
    _number(trip)
    closed = services.record(
        action="casework.close", target=trip, actor=staff, changes={"state": ["approved", "closed"]}
    )
    assert created.target_repr == trip.title and closed.target_repr == "徐外出〔2026〕0012"

    html = auditor_client.get(LIST).content.decode()
    rows = table(html)
    assert "办结" in rows and "新建出访申请" in rows
    assert "因公出国（境）申请" in rows
    # both rows name the trip by its current reference number and title, with its id
    assert rows.count("徐外出〔2026〕0012") == 2 and rows.count(f"(#{trip.pk})") == 2
    assert "赴德国参加汉诺威工业博览会" in rows
    text = visible_text(html)
    assert not CODE.search(text), CODE.findall(text)
    assert "trips.trip" not in text and "casework.close" not in text


def test_the_list_in_english(auditor_client, staff, trip):
    _number(trip)
    services.record(action=AuditAction.CASEWORK_CLOSE, target=trip, actor=staff)
    auditor_client.cookies["waiban_language"] = "en"
    rows = table(auditor_client.get(LIST).content.decode())
    assert "Closed" in rows and "Official trip abroad" in rows and "徐外出〔2026〕0012" in rows
    assert "办结" not in rows


def test_an_object_that_stored_only_an_id_is_named(auditor_client, staff, make_user):
    other = make_user("li", roles=["division_staff"], full_name="李娜")
    services.record_many([{"action": "accounts.user_update", "target": ("accounts.user", str(other.pk))}])
    event = AuditEvent.objects.get()
    assert event.target_repr == ""
    rows = table(auditor_client.get(LIST).content.decode())
    assert "用户" in rows and "李娜" in rows and f"(#{other.pk})" in rows


def test_a_gone_or_unknown_object_keeps_its_stored_name(staff):
    services.record_many(
        [
            {"action": "people.update", "target": ("people.person", "999999"), "target_repr": "王某某"},
            {"action": "people.update", "target": ("legacy.thing", "7"), "target_repr": "旧对象"},
        ]
    )
    first, second = display.annotate(AuditEvent.objects.order_by("id"))
    assert first.target_label == "人员 王某某 (#999999)"
    assert second.target_label == "旧对象 (#7)" and second.target_type_label == ""


def test_names_cost_one_query_per_kind_of_object_not_per_row(auditor_client, staff, trip, make_user):
    _number(trip)
    people = [make_user(f"p{i}", full_name=f"人员{i}") for i in range(3)]

    def page_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert auditor_client.get(LIST).status_code == 200
        return len(ctx)

    services.record(action=AuditAction.CASEWORK_SUBMIT, target=trip, actor=staff)
    services.record_many([{"action": "accounts.user_update", "target": ("accounts.user", str(people[0].pk))}])
    page_queries()  # warm the session and per-process caches
    few = page_queries()
    for _ in range(8):
        services.record(action=AuditAction.TRIPS_UPDATE, target=trip, actor=staff)
    services.record_many(
        [{"action": "accounts.user_update", "target": ("accounts.user", str(p.pk))} for p in people * 3]
    )
    assert page_queries() == few
    # and the names are there
    rows = table(auditor_client.get(LIST).content.decode())
    assert rows.count("徐外出〔2026〕0012") == 9 and all(p.full_name in rows for p in people)


def test_the_detail_shows_labels_choices_and_a_summary(auditor_client, staff, trip):
    _number(trip)
    event = services.record(
        action=AuditAction.CASEWORK_SEND_BACK,
        target=trip,
        actor=staff,
        changes={"state": ["in_review", "returned"], "paused_working_days": [0, 2]},
        extra={"reference": trip.reference, "comment": "请补充邀请函", "transition": "send_back"},
    )
    html = auditor_client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    summary = re.search(r'data-testid="audit-summary">(.*?)</p>', html, re.S).group(1)
    assert "张伟（staff1） 将 因公出国（境）申请 徐外出〔2026〕0012" in summary
    assert "退回补正，理由：请补充邀请函" in summary
    changes = html[html.index('data-testid="audit-changes"') :]
    assert '<th scope="row" class="fw-normal">状态</th><td>审核中</td><td>退回补正</td>' in changes
    assert "退回补正累计工作日" in changes
    extra = html[html.index('data-testid="audit-extra"') :]
    assert "意见" in extra and "办理操作" in extra and "退回补正" in extra
    text = visible_text(html)
    assert not CODE.search(text), CODE.findall(text)
    for code in ("in_review", "paused_working_days", "send_back", "comment"):
        assert code not in text


def test_a_sensitive_view_names_the_fields(auditor_client, staff, units):
    from apps.people.tests.factories import PersonFactory

    person = PersonFactory(full_name="赵六", unit=units["徐州市教育局"])
    event = services.record_sensitive_view(target=person, fields=["id_number"], actor=staff, purpose="核对")
    html = auditor_client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    assert "查看身份证件号码" in html and "身份证号码" in html and "id_number" not in visible_text(html)
    assert f"张伟（staff1） 查看了 人员 赵六 (#{person.pk}) 的身份证号码" in html


def test_the_action_filter_is_a_grouped_choice_of_labels(auditor_client, staff, trip):
    _number(trip)
    services.record(action=AuditAction.CASEWORK_CLOSE, target=trip, actor=staff)
    services.record(action=AuditAction.CASEWORK_SUBMIT, target=trip, actor=staff)
    html = auditor_client.get(LIST).content.decode()
    select = html[html.index('name="action"') : html.index("</select>", html.index('name="action"'))]
    assert '<optgroup label="案件办理">' in select
    assert '<option value="casework.close">办结</option>' in select
    assert '<option value="casework.">案件办理：全部操作</option>' in select
    page = auditor_client.get(LIST, {"action": "casework.close"}).context["page"]
    assert [e.action for e in page.events] == ["casework.close"]
    page = auditor_client.get(LIST, {"action": "casework."}).context["page"]
    assert len(page.events) == 2
    bad = auditor_client.get(LIST, {"action": "casework.nonsense"})
    assert bad.status_code == 200 and bad.context["form"].errors["action"]


def test_the_object_type_filter_lists_model_names(auditor_client, staff, trip):
    services.record(action=AuditAction.TRIPS_UPDATE, target=trip, actor=staff)
    services.record(action=AuditAction.ACCOUNTS_USER_UPDATE, target=staff, actor=staff)
    html = auditor_client.get(LIST).content.decode()
    select = html[
        html.index('name="target_type"') : html.index("</select>", html.index('name="target_type"'))
    ]
    assert '<option value="trips.trip">因公出国（境）申请</option>' in select
    page = auditor_client.get(LIST, {"target_type": "trips.trip", "target_id": trip.pk}).context["page"]
    assert [e.action for e in page.events] == ["trips.update"]


def test_the_api_gives_labels_next_to_the_codes(auditor_client, staff, trip):
    _number(trip)
    services.record(action=AuditAction.CASEWORK_CLOSE, target=trip, actor=staff)
    item = auditor_client.get("/api/audit/events").json()["items"][0]
    assert item["action"] == "casework.close" and item["action_label"] == "办结"
    assert item["target_type"] == "trips.trip" and item["target_type_label"] == "因公出国（境）申请"
    assert (
        item["target_label"]
        == f"因公出国（境）申请 徐外出〔2026〕0012 赴德国参加汉诺威工业博览会及经贸洽谈 (#{trip.pk})"
    )
    auditor_client.cookies["waiban_language"] = "en"
    en = auditor_client.get("/api/audit/events").json()["items"][0]
    assert en["action_label"] == "Closed" and en["target_type_label"] == "Official trip abroad"


def test_the_export_carries_labels_and_the_reference(auditor, staff, trip):
    from apps.exports import services as exports

    _number(trip)
    services.record(
        action=AuditAction.CASEWORK_CLOSE, target=trip, actor=staff, changes={"state": ["approved", "closed"]}
    )
    job = exports.export_start(user=auditor, kind="audit.events", params={"action": "casework."})
    with job.file.open("rb") as fh:
        rows = list(load_workbook(io.BytesIO(fh.read())).active.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["操作"] == "办结" and row["对象类型"] == "因公出国（境）申请"
    assert row["对象"] == "徐外出〔2026〕0012 赴德国参加汉诺威工业博览会及经贸洽谈"
    assert row["对象编号"] == str(trip.pk)
    assert row["变更内容"] == "状态：已批准 → 已办结"
    assert not any(CODE.search(str(v)) for r in rows for v in r if v is not None)


def test_the_object_history_shows_labels(rf, auditor, staff, trip):
    from django.template import Context, Template

    services.record(
        action=AuditAction.TRIPS_UPDATE, target=trip, actor=staff, changes={"title": ["甲", "乙"]}
    )
    request = rf.get("/")
    request.user = auditor
    html = Template("{% load audit_tags %}{% object_history obj %}").render(
        Context({"request": request, "obj": trip})
    )
    assert "修改出访申请" in html and "（标题）" in html and "trips.update" not in html


def test_codes_in_the_additional_information_read_as_names(auditor_client, staff, trip):
    from apps.reference.models import Country

    japan = Country.objects.get(iso2="JP")
    visa = services.record(
        action=AuditAction.TRIPS_VISA,
        target=trip,
        actor=staff,
        extra={"country": "JP", "status": "granted", "kind": "visa", "member": None},
    )
    export = services.record(
        action=AuditAction.EXPORTS_START, actor=staff, extra={"kind": "audit.events", "rows": 3}
    )
    html = auditor_client.get(reverse("audit:event_detail", args=[visa.pk])).content.decode()
    extra = html[html.index('data-testid="audit-extra"') :]
    assert str(japan) in extra and "已获签" in extra and "签证" in extra
    assert ">JP<" not in extra and "granted" not in extra
    html = auditor_client.get(reverse("audit:event_detail", args=[export.pk])).content.decode()
    extra = html[html.index('data-testid="audit-extra"') :]
    assert "审计日志" in extra and "audit.events" not in extra
