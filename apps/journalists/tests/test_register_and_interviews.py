"""The register (division-only), the interview request's flow with consent (art. 17), pages and API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.casework.models import CaseState
from apps.core.errors import ConflictError, ServiceError
from apps.journalists import selectors, services
from apps.journalists.models import InterviewRequest, Journalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist(people, countries):
    return services.journalist_create(
        by=people["staff"],
        data={
            "name": "Anna SCHMIDT",
            "nationality": countries["DE"],
            "kind": "resident",
            "visa_kind": "J1",
            "media": "示例日报（德国）",
            "arrival_date": dt.date(2026, 2, 6),
        },
    )


def test_register_is_the_divisions(journalist, people):
    assert AuditEvent.objects.filter(action="journalists.create", target_id=str(journalist.pk)).exists()
    assert selectors.journalist_get(user=people["staff"], pk=journalist.pk)
    assert selectors.journalist_get(user=people["leader"], pk=journalist.pk)
    for outsider in (people["clerk"], people["out_staff"]):
        with pytest.raises(Http404):
            selectors.journalist_get(user=outsider, pk=journalist.pk)
    with pytest.raises(PermissionDenied):
        services.journalist_update(journalist=journalist, by=people["out_staff"], data={"media": "x"})
    d = selectors.journalist_deadlines(journalist)[0]
    assert d.due == dt.date(2026, 2, 24)


def test_visa_kind_must_match_the_kind(people, countries):
    base = {"name": "X", "nationality": countries["FR"], "media": "M", "arrival_date": dt.date(2026, 3, 2)}
    with pytest.raises(ServiceError, match="J1"):
        services.journalist_create(by=people["staff"], data={**base, "kind": "resident", "visa_kind": "J2"})
    with pytest.raises(ServiceError, match="J2"):
        services.journalist_create(by=people["staff"], data={**base, "kind": "short_term", "visa_kind": "J1"})


def test_stale_edit_conflicts(journalist, people):
    services.journalist_update(journalist=journalist, by=people["staff"], data={"media": "新媒体"}, version=0)
    with pytest.raises(ConflictError):
        services.journalist_update(
            journalist=Journalist.objects.get(pk=journalist.pk),
            by=people["staff"],
            data={"media": "又一个"},
            version=0,
        )


def test_bureau_change_report_and_reminders(people, countries):
    b = services.bureau_create(
        by=people["staff"],
        data={
            "name": "示例通讯社驻徐州记者站",
            "name_en": "Example",
            "country": countries["FR"],
            "address": "旧地址",
        },
    )
    services.change_report_add(
        bureau=b,
        by=people["staff"],
        kind="address",
        changed_on=dt.date(2026, 4, 30),
        reported_on=dt.date(2026, 5, 14),
        detail="新地址 1 号",
    )
    b.refresh_from_db()
    assert b.address == "新地址 1 号"
    late = selectors.bureau_deadlines(b)[0]
    assert late.due == dt.date(2026, 5, 13) and not late.met
    services.bureau_update(
        bureau=b, by=people["staff"], data={"closure_on": dt.date(2026, 6, 30), "status": "closing"}
    )
    rows = selectors.reminders(user=people["staff"], today=dt.date(2026, 6, 2))
    assert [r["deadline"].key for r in rows] == ["closure_notice", "closure_cards"]
    assert rows[0]["status"] == "overdue"
    assert selectors.reminders(user=people["clerk"]) == []


def _interview(people, countries, **kw):
    data = {
        "journalist_name": "Anna SCHMIDT",
        "media": "示例日报",
        "nationality": countries["DE"],
        "visa_kind": "J2",
        "interviewee": "徐州某中学校长",
        "topic": "中德友好学校交流",
        "planned_date": dt.date.today() + dt.timedelta(days=10),
        **kw,
    }
    return services.interview_create(by=people["clerk"], unit=people["clerk"].unit, data=data)


def fire(i, name, by, **kw):
    return services.interview_transition(
        interview=InterviewRequest.objects.get(pk=i.pk), name=name, by=by, **kw
    )


def test_interview_needs_consent_then_runs_through(people, countries):
    i = _interview(people, countries)
    with pytest.raises(ServiceError, match="第十七条"):
        fire(i, "submit", people["clerk"])
    services.interview_update(
        interview=InterviewRequest.objects.get(pk=i.pk),
        by=people["clerk"],
        data={"consent_given": True, "consent_on": dt.date.today(), "consent_note": "书面同意"},
    )
    fire(i, "submit", people["clerk"])
    i.refresh_from_db()
    assert (
        i.state == CaseState.SUBMITTED
        and i.reference.startswith("徐外记〔")
        and i.division.code == "foreign_affairs"
    )
    fire(i, "claim", people["staff"])
    fire(i, "agree", people["staff"])
    with pytest.raises(ServiceError, match="采访情况"):
        fire(i, "record_outcome", people["clerk"])
    fire(i, "record_outcome", people["clerk"], comment="采访顺利，报道客观。")
    i.refresh_from_db()
    assert i.state == CaseState.CLOSED and i.outcome.startswith("采访顺利")
    with pytest.raises(Http404):
        selectors.interview_get(user=people["other_clerk"], pk=i.pk)


def test_pages(journalist, people, countries, login, client):
    s = login(people["staff"])
    for name, args in [
        ("journalists:list", []),
        ("journalists:detail", [journalist.pk]),
        ("journalists:bureau_list", []),
        ("journalists:reminders", []),
        ("journalists:interview_list", []),
        ("journalists:new", []),
    ]:
        r = s.get(reverse(name, args=args))
        assert r.status_code == 200, name
    body = s.get(reverse("journalists:detail", args=[journalist.pk])).content.decode()
    assert "2026-02-24" in body and "第八条" in body and "J1 字签证" in body
    r = s.post(
        reverse("journalists:new"),
        {
            "name": "Bad Visa",
            "nationality": countries["FR"].pk,
            "kind": "resident",
            "visa_kind": "J2",
            "media": "M",
            "arrival_date": "2026-03-02",
        },
    )
    assert r.status_code == 400 and "J1" in r.content.decode() and "Bad Visa" in r.content.decode()
    c = login(people["clerk"], c=type(client)())
    assert c.get(reverse("journalists:new")).status_code == 403
    assert "Anna SCHMIDT" not in c.get(reverse("journalists:list")).content.decode()
    assert c.get(reverse("journalists:detail", args=[journalist.pk])).status_code == 404
    r = c.post(
        reverse("journalists:interview_new"),
        {
            "journalist_name": "Anna SCHMIDT",
            "media": "示例日报",
            "nationality": countries["DE"].pk,
            "visa_kind": "J2",
            "interviewee": "某中学",
            "topic": "交流",
            "planned_date": "2026-12-20",
        },
    )
    assert r.status_code == 302
    i = InterviewRequest.objects.get()
    r = c.post(
        reverse("journalists:interview_transition", args=[i.pk, "submit"]), {"submit-version": i.version}
    )
    assert r.status_code == 400 and "第十七条" in r.content.decode()


def test_api(people, login, client, countries):
    s = login(people["staff"])
    body = {
        "name": "Jean MARTIN",
        "nationality": "fr",
        "kind": "resident",
        "visa_kind": "J1",
        "media": "示例电视台",
        "arrival_date": "2026-09-30",
    }
    r = s.post("/api/journalists/", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["deadlines"][0]["due"] == "2026-10-15"
    c = login(people["clerk"], c=type(client)())
    assert c.post("/api/journalists/", body, content_type="application/json").status_code == 403
    assert c.get(f"/api/journalists/{r.json()['id']}").status_code == 404
    r = c.post(
        "/api/journalists/interviews",
        {
            "journalist_name": "Jean MARTIN",
            "media": "示例电视台",
            "nationality": "FR",
            "visa_kind": "J1",
            "interviewee": "某企业",
            "topic": "投资环境",
            "planned_date": "2026-12-20",
            "consent_given": True,
            "consent_on": "2026-12-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = c.post(f"/api/journalists/interviews/{pk}/transitions/submit", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    assert (
        s.post(
            f"/api/journalists/interviews/{pk}/transitions/claim", {}, content_type="application/json"
        ).status_code
        == 200
    )
    r = s.post(f"/api/journalists/interviews/{pk}/transitions/agree", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "approved"
    r = s.post(
        "/api/journalists/bureaus",
        {"name": "站", "name_en": "B", "country": "XX", "address": "a"},
        content_type="application/json",
    )
    assert r.status_code == 400
