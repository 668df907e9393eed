"""A conference request from draft to the summary, by services, pages and the API; scope; refusals."""

import pytest
from django.http import Http404

from apps.audit.models import AuditEvent
from apps.casework.models import CaseState
from apps.conferences import selectors, services
from apps.conferences.models import Conference
from apps.core.errors import ConflictError, ServiceError
from apps.documents.models import Document
from apps.documents.services import render_pdf
from apps.trips.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def fire(conf, name, by, **kw):
    return services.conference_transition(
        conference=Conference.objects.get(pk=conf.pk), name=name, by=by, **kw
    )


def test_the_whole_flow(create, people):
    clerk, staff = people["clerk"], people["staff"]
    conf = create()
    assert AuditEvent.objects.filter(action="conferences.create", target_id=str(conf.pk)).exists()
    fire(conf, "submit", clerk)
    conf.refresh_from_db()
    assert conf.state == CaseState.SUBMITTED and conf.reference.startswith("徐外会〔")
    assert conf.division.code == "foreign_affairs" and conf.approving_level == "province"
    fire(conf, "claim", staff)
    fire(conf, "forward_to_approver", staff)  # issues the 转报; its number is the 报送文号
    conf.refresh_from_db()
    letter = Document.objects.get(case_id=conf.pk, kind="conferences.forwarding")
    assert conf.forwarded_reference == letter.number and letter.number.startswith("徐外会报〔")
    text = pdf_text(render_pdf(letter, language="zh-hans"))
    assert "关于转报" in text and "江苏省人民政府外事办公室" in text and "省级审批" in text
    assert conf.title in text.replace("\n", "")
    assert "Request for Approval" in pdf_text(render_pdf(letter, language="en"))
    fire(conf, "record_approval", staff, reference="苏外复〔2026〕12号")
    conf.refresh_from_db()
    assert conf.state == CaseState.APPROVED and conf.approval_reference == "苏外复〔2026〕12号"
    with pytest.raises(ServiceError, match="多于"):
        fire(conf, "file_summary", clerk, actual_total=10, actual_foreign=11, actual_countries=3, summary="x")
    fire(
        conf,
        "file_summary",
        clerk,
        actual_total=231,
        actual_foreign=76,
        actual_countries=9,
        summary="顺利举办。",
    )
    conf.refresh_from_db()
    assert conf.state == CaseState.CLOSED and conf.actual_total == 231 and conf.actual_foreign == 76
    assert AuditEvent.objects.filter(action="casework.file_summary", target_id=str(conf.pk)).exists()


def test_big_meetings_go_to_the_state_council(create, people):
    conf = create(foreign_participants=300, total_participants=600, kind="general")
    fire(conf, "submit", people["clerk"])
    conf.refresh_from_db()
    assert conf.approving_level == "state_council"


def test_submission_needs_the_countries(create, people):
    conf = create(codes=())
    with pytest.raises(ServiceError, match="国家"):
        fire(conf, "submit", people["clerk"])


def test_bad_input_is_refused(people, unit, data):
    import datetime as dt

    with pytest.raises(ServiceError, match="早于"):
        services.conference_create(
            by=people["clerk"], unit=unit, data=data(end_date=dt.date(2020, 1, 1)), countries=[]
        )
    with pytest.raises(ServiceError, match="多于"):
        services.conference_create(
            by=people["clerk"], unit=unit, data=data(foreign_participants=900), countries=[]
        )


def test_stale_edit_is_a_conflict(create, people, data):
    conf = create()
    services.conference_update(conference=conf, by=people["clerk"], data=data(venue="新地点"), version=0)
    with pytest.raises(ConflictError):
        services.conference_update(
            conference=Conference.objects.get(pk=conf.pk),
            by=people["clerk"],
            data=data(venue="又一地点"),
            version=0,
        )


def test_scope_units_see_their_own_division_its_cases(create, people):
    conf = create()
    fire(conf, "submit", people["clerk"])
    assert selectors.conference_get(user=people["clerk"], pk=conf.pk)
    assert selectors.conference_get(user=people["staff"], pk=conf.pk)
    for outsider in (people["other_clerk"], people["out_staff"]):
        with pytest.raises(Http404):
            selectors.conference_get(user=outsider, pk=conf.pk)
        assert not selectors.conference_list(user=outsider).exists()


def test_pages(create, people, login, client, countries):
    from django.urls import reverse

    c = login(people["clerk"])
    r = c.get(reverse("conferences:new"))
    assert r.status_code == 200 and "会议中文名称" in r.content.decode()
    # bad input keeps what was typed
    r = c.post(reverse("conferences:new"), {"title": "亚洲矿业峰会", "start_date": "2026-13-40"})
    assert r.status_code == 200 and "亚洲矿业峰会" in r.content.decode()
    conf = create()
    r = c.get(reverse("conferences:detail", args=[conf.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and conf.title in body and "审批层级" in body and "依据" in body
    r = c.post(reverse("conferences:transition", args=[conf.pk, "submit"]), {"submit-version": conf.version})
    assert r.status_code == 302
    conf.refresh_from_db()
    assert conf.state == CaseState.SUBMITTED
    r = c.get(reverse("conferences:list"))
    assert r.status_code == 200 and conf.title in r.content.decode()
    other = login(people["other_clerk"], c=type(c)())
    assert other.get(reverse("conferences:detail", args=[conf.pk])).status_code == 404
    s = login(people["staff"], c=type(c)())
    s.post(reverse("conferences:transition", args=[conf.pk, "claim"]), {"claim-version": 1})
    r = s.post(
        reverse("conferences:transition", args=[conf.pk, "record_approval"]),
        {"record_approval-reference": "", "record_approval-version": 2},
    )
    assert r.status_code in (400, 403)
    r = s.post(
        reverse("conferences:transition", args=[conf.pk, "forward_to_approver"]),
        {"forward_to_approver-version": 2},
    )
    assert r.status_code == 302
    assert "徐外会报〔" in s.get(reverse("conferences:detail", args=[conf.pk])).content.decode()


def test_api(people, login, client):
    import datetime as dt

    c = login(people["clerk"])
    start = dt.date.today() + dt.timedelta(days=200)
    payload = {
        "title": "国际淮海文化交流大会",
        "name_en": "International Huaihai Cultural Exchange Conference",
        "start_date": str(start),
        "end_date": str(start + dt.timedelta(days=2)),
        "venue": "徐州",
        "organiser": "徐州市文化广电和旅游局",
        "total_participants": 120,
        "foreign_participants": 40,
        "countries": ["fr", "DE", "JP", "HK"],
        "contact_name": "李联络",
        "contact_phone": "0516-8000",
    }
    r = c.post("/api/conferences/", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert sorted(body["countries"]) == ["DE", "FR", "HK", "JP"] and any(
        f["status"] == "ok" for f in body["findings"]
    )
    pk = body["id"]
    r = c.post(
        f"/api/conferences/{pk}/transitions/submit",
        {"version": body["version"]},
        content_type="application/json",
    )
    assert (
        r.status_code == 200
        and r.json()["state"] == "submitted"
        and r.json()["approving_level_label"] == "省级审批"
    )
    assert (
        c.post(
            "/api/conferences/", {**payload, "countries": ["XX"]}, content_type="application/json"
        ).status_code
        == 400
    )
    s = login(people["staff"], c=type(c)())
    assert (
        s.post(f"/api/conferences/{pk}/transitions/claim", {}, content_type="application/json").status_code
        == 200
    )
    r = s.post(
        f"/api/conferences/{pk}/transitions/forward_to_approver",
        {},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["forwarded_reference"].startswith("徐外会报〔")
    r = s.post(
        f"/api/conferences/{pk}/transitions/record_approval",
        {"reference": "苏外复〔2026〕1号", "version": 1},
        content_type="application/json",
    )
    assert r.status_code == 409
    o = login(people["other_clerk"], c=type(c)())
    assert o.get(f"/api/conferences/{pk}").status_code == 404
    assert [x["id"] for x in s.get("/api/conferences/?level=province").json()] == [pk]


def test_export_follows_scope_and_filters(create, people):
    from apps.conferences.exports import rows

    conf = create()
    assert [r[1] for r in rows(people["clerk"], {})] == [conf.title]
    assert list(rows(people["other_clerk"], {})) == []
    assert list(rows(people["clerk"], {"level": "state_council"})) == []
