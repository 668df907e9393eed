"""Incidents are restricted to their circle: refused (404, audited) outside it, every view inside audited
as a sensitive view; timeline, tasks, treaty deadline, leaders told at high severity, closing report."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from apps.accounts.scope import RESTRICTED, scope_for
from apps.audit.models import AuditEvent
from apps.casework.models import Notification
from apps.core.errors import ConflictError, ServiceError
from apps.documents.models import Document
from apps.incidents import selectors, services
from apps.incidents.models import Incident
from apps.trips.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(make_user):
    return make_user("auditor_x", roles=["auditor"])


@pytest.fixture
def incident(people, countries):
    return services.incident_create(
        by=people["staff"],
        data={
            "title": "美籍人员在徐被拘留",
            "direction": "inbound",
            "kind": "detention",
            "severity": "general",
            "occurred_on": dt.date(2026, 3, 1),
            "detained_on": dt.date(2026, 3, 2),
            "place": "徐州市某区",
            "country": countries["US"],
            "persons": "John DOE（生成的姓名），美国，普通护照",
            "summary": "因涉嫌违法被公安机关刑事拘留。",
        },
    )


def views(user, incident):
    return AuditEvent.objects.filter(action="incidents.view", actor=user, target_id=str(incident.pk)).count()


def test_outside_the_circle_is_refused_and_audited(incident, people, auditor):
    # scope "all" does not open a restricted record; another division, a unit: neither
    for outsider in (people["leader"], auditor, people["out_staff"], people["clerk"]):
        assert not selectors.incident_list(user=outsider).exists()
        with pytest.raises(Http404):
            services.incident_open(user=outsider, pk=incident.pk)
        refused = AuditEvent.objects.filter(action="incidents.view_refused", actor=outsider)
        assert refused.count() == 1 and refused.get().extra["incident_id"] == incident.pk
    assert not scope_for(people["leader"], RESTRICTED).all and scope_for(people["leader"]).all


def test_every_view_inside_is_audited(incident, people):
    staff, head = people["staff"], people["head"]
    services.incident_open(user=staff, pk=incident.pk)
    services.incident_open(user=staff, pk=incident.pk)
    services.incident_open(user=head, pk=incident.pk)  # the handling division
    assert views(staff, incident) == 2 and views(head, incident) == 1
    event = AuditEvent.objects.filter(action="incidents.view", actor=staff).first()
    assert event.extra["fields"] == ["summary", "persons"]
    # labelled truthfully for auditors (not the identity-number view's label)
    from apps.audit.display import action_label

    assert action_label(event.action) == "查看涉外案（事）件"
    assert not AuditEvent.objects.filter(action="sensitive.view", target_id=str(incident.pk)).exists()


def test_adding_someone_opens_it_to_them(incident, people):
    leader = people["leader"]
    with pytest.raises(Http404):
        services.incident_open(user=leader, pk=incident.pk)
    with pytest.raises(ServiceError, match="理由"):
        services.member_add(incident=incident, by=people["staff"], user=leader, reason=" ")
    services.member_add(incident=incident, by=people["staff"], user=leader, reason="分管领导")
    from apps.accounts.scope import forget

    forget(leader)
    assert services.incident_open(user=leader, pk=incident.pk) == incident
    assert views(leader, incident) == 1
    # someone outside cannot add people (they do not even reach it)
    with pytest.raises(PermissionDenied):
        services.member_add(incident=incident, by=people["out_staff"], user=people["out_staff"], reason="x")


def test_high_severity_tells_the_leaders_and_adds_them(people, countries):
    i = services.incident_create(
        by=people["staff"],
        data={
            "title": "本市企业员工在境外遇袭",
            "direction": "outbound",
            "kind": "safety",
            "severity": "serious",
            "occurred_on": dt.date(2026, 3, 1),
            "place": "某国某市",
            "country": countries["FR"],
            "persons": "本市某企业员工 3 人（生成）",
            "summary": "3 人受伤住院。",
            "advisory": "caution",
            "family_contacted": True,
            "consulate_contacted": "中国驻某国使馆",
        },
    )
    assert i.memberships.filter(user=people["leader"]).exists()
    assert Notification.objects.filter(recipient=people["leader"], verb="incident_high").exists()
    assert services.incident_open(user=people["leader"], pk=i.pk)


def test_treaty_deadline_china_us_four_days(incident, people, countries):
    m = selectors.mission_deadline(incident)
    assert m["configured"] and m["due"] == dt.date(2026, 3, 6) and m["late"]  # not notified, today is later
    services.incident_update(
        incident=incident, by=people["staff"], data={"mission_notified_on": dt.date(2026, 3, 6)}
    )
    m = selectors.mission_deadline(Incident.objects.get(pk=incident.pk))
    assert m["met"] and not m["late"]
    services.incident_update(
        incident=Incident.objects.get(pk=incident.pk),
        by=people["staff"],
        data={"mission_notified_on": dt.date(2026, 3, 7)},
    )
    assert selectors.mission_deadline(Incident.objects.get(pk=incident.pk))["late"]
    services.incident_update(
        incident=Incident.objects.get(pk=incident.pk), by=people["staff"], data={"country": countries["FR"]}
    )
    assert selectors.mission_deadline(Incident.objects.get(pk=incident.pk)) == {"configured": False}


def test_tasks_open_it_to_the_unit_and_closing_needs_them_done(incident, people, unit):
    clerk = people["clerk"]
    task = services.task_add(
        incident=incident,
        by=people["staff"],
        unit=unit,
        description="协助联系当事人所在学校",
        due_date=dt.date.today() + dt.timedelta(days=3),
    )
    assert services.incident_open(user=clerk, pk=incident.pk)  # the tasked unit is in the circle
    with pytest.raises(PermissionDenied):
        services.entry_add(incident=incident, by=clerk, kind="action", text="x")  # but does not handle it
    with pytest.raises(ServiceError, match="未反馈"):
        services.incident_close(incident=incident, by=people["staff"], summary="已妥善处置。")
    services.task_done(incident=incident, task=task, by=clerk, note="已联系学校")
    services.entry_add(incident=incident, by=people["staff"], kind="visit", text="美国驻上海总领馆领事探视。")
    with pytest.raises(ConflictError):
        services.incident_close(incident=incident, by=people["staff"], summary="x", version=99)
    services.incident_close(incident=incident, by=people["staff"], summary="当事人已依法处理，结案。")
    incident.refresh_from_db()
    assert incident.state == "closed"
    assert [e.kind for e in selectors.entries_of(incident)] == ["state", "task", "task", "visit", "state"]
    # the closing report was issued in the closing's transaction; the tasked unit (in the circle) reads it
    closing = Document.objects.get(kind="incidents.closing", target_id=str(incident.pk))
    _doc, content = services.report_pdf(user=clerk, pk=incident.pk, closing=True)
    text = pdf_text(content)
    assert closing.number in text and "结案报告" in text and "当事人已依法处理，结案。" in text
    assert "已联系学校" in text and "领事探视" in text
    with pytest.raises(Http404):
        services.report_pdf(user=people["leader"], pk=incident.pk, closing=True)
    with pytest.raises(ServiceError, match="已结案"):
        services.entry_add(incident=incident, by=people["staff"], kind="action", text="x")


def test_death_checklist(people, countries):
    i = services.incident_create(
        by=people["staff"],
        data={
            "title": "外籍人员在徐死亡",
            "direction": "inbound",
            "kind": "death",
            "occurred_on": dt.date(2026, 3, 1),
            "place": "徐州",
            "country": countries["JP"],
            "persons": "某日本籍人员（生成）",
            "summary": "病故。",
        },
    )
    services.checklist_set(incident=i, by=people["staff"], key="notify_mission", done=True)
    assert Incident.objects.get(pk=i.pk).checklist["notify_mission"]
    with pytest.raises(ServiceError):
        services.checklist_set(incident=i, by=people["staff"], key="nope", done=True)


def test_only_the_division_registers(people, countries):
    data = {
        "title": "x",
        "direction": "inbound",
        "kind": "other",
        "occurred_on": dt.date(2026, 3, 1),
        "place": "p",
        "country": countries["JP"],
        "persons": "p",
        "summary": "s",
    }
    with pytest.raises(PermissionDenied):
        services.incident_create(by=people["out_staff"], data=data)
    with pytest.raises(ServiceError, match="晚于"):
        services.incident_create(
            by=people["staff"], data={**data, "occurred_on": dt.date.today() + dt.timedelta(1)}
        )


def test_pages_and_api(incident, people, login, client):
    s = login(people["staff"])
    r = s.get(reverse("incidents:detail", args=[incident.pk]))
    assert r.status_code == 200 and "审计日志" in r.content.decode() and "2026-03-06" in r.content.decode()
    r = s.get(reverse("incidents:report", args=[incident.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = pdf_text(r.content)
    assert "情况报告" in text and incident.reference in text and "徐外情〔" in text
    first = Document.objects.get(kind="incidents.report", target_id=str(incident.pk))
    assert s.get(reverse("incidents:report", args=[incident.pk])).status_code == 200
    assert Document.objects.filter(kind="incidents.report").count() == 1  # nothing changed: same version
    # a document of a restricted record is never served through the case-scoped document pages
    assert s.get(reverse("documents:download", args=[first.pk])).status_code == 404
    assert incident.title in s.get(reverse("incidents:list")).content.decode()
    r = s.post(reverse("incidents:entry_add", args=[incident.pk]), {"kind": "action", "text": ""})
    assert r.status_code == 400
    r = s.post(
        reverse("incidents:entry_add", args=[incident.pk]), {"kind": "action", "text": "已向市公安局了解情况"}
    )
    assert r.status_code == 302
    r = s.get(reverse("incidents:report", args=[incident.pk]) + "?lang=en")
    text = pdf_text(r.content)
    assert "Situation Report" in text and "已向市公安局了解情况" in text
    again = Document.objects.filter(kind="incidents.report").order_by("-version").first()
    assert again.version == 2 and again.number == first.number  # the record changed: next version
    assert views(people["staff"], incident) == 4
    o = login(people["leader"], c=type(client)())
    assert o.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
    assert incident.title not in o.get(reverse("incidents:list")).content.decode()
    assert o.get(f"/api/incidents/{incident.pk}").status_code == 404
    r = s.get(f"/api/incidents/{incident.pk}")
    assert r.status_code == 200 and r.json()["mission_due"] == "2026-03-06"
    assert views(people["staff"], incident) == 5
    assert AuditEvent.objects.filter(action="incidents.view_refused", actor=people["leader"]).count() == 2


def test_export_and_scope_rule_agree_for_the_circle(incident, people, auditor, unit):
    """The Excel export follows the circle; the restricted realm's three forms (scoped, restrict, allows)
    give the same answer for every kind of user."""
    from apps.accounts.scope import restrict
    from apps.accounts.selectors import scoped
    from apps.incidents.exports import rows
    from apps.incidents.selectors import PATHS

    assert [r[0] for r in rows(people["staff"], {})] == [incident.reference]
    assert list(rows(people["leader"], {})) == []
    services.task_add(
        incident=incident,
        by=people["staff"],
        unit=unit,
        description="协助",
        due_date=dt.date.today() + dt.timedelta(days=2),
    )
    services.member_add(incident=incident, by=people["staff"], user=auditor, reason="审计抽查")
    for user in [*people.values(), auditor]:
        from apps.accounts.scope import forget

        forget(user)
        base = Incident.objects.all()
        a = set(scoped(base, user, realm=RESTRICTED, **PATHS).values_list("pk", flat=True))
        b = set(restrict(base, user, realm=RESTRICTED, **PATHS).values_list("pk", flat=True))
        one = scope_for(user, RESTRICTED).allows(
            unit_id=unit.pk if incident.tasks.exists() else None,
            division_id=incident.division_id,
            user_ids={incident.created_by_id, *incident.memberships.values_list("user_id", flat=True)},
        )
        assert a == b == ({incident.pk} if one else set()), user.username
