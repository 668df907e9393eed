"""Pages, the live check, the PDF, public notices, the API and the data scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.trips.models import Objection, Stage, Trip

from .conftest import unit_ready

pytestmark = pytest.mark.django_db


def _form_data(persons, jp, days, **extra):
    dep = timezone.localdate() + dt.timedelta(days=40)
    ret = dep + dt.timedelta(days=days - 1)
    data = {
        "title": "赴日本开展教育交流",
        "task": "考察",
        "departure_date": dep.isoformat(),
        "return_date": ret.isoformat(),
        "in_annual_plan": "on",
        "funding_source": "fiscal",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-person": str(persons[0].pk),
        "members-0-role": "head",
        "members-0-passport_name": "",
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": str(jp.pk),
        "legs-0-city": "东京",
        "schedule-TOTAL_FORMS": "0",
        "schedule-INITIAL_FORMS": "0",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_live_check_flags_six_days_in_one_country_and_not_five(login, people, persons, jp):
    c = login(people["clerk"])
    url = reverse("trips:check_live")
    six = c.post(url, _form_data(persons, jp, 6))
    assert six.status_code == 200
    assert 'data-rule="days_abroad"' in six.content.decode()
    assert "在外 6 天" in six.content.decode()
    five = c.post(url, _form_data(persons, jp, 5))
    assert five.status_code == 200
    assert 'data-rule="days_abroad"' not in five.content.decode()


def test_live_check_survives_malformed_dates(login, people, persons, jp):
    c = login(people["clerk"])
    r = c.post(reverse("trips:check_live"), _form_data(persons, jp, 5, departure_date="2026-13-45"))
    assert r.status_code == 200
    assert "填写出入境日期后自动检查" in r.content.decode()


def test_application_form_saves_a_draft_and_keeps_input_on_error(login, people, persons, jp):
    c = login(people["clerk"])
    assert c.get(reverse("trips:new")).status_code == 200
    bad = c.post(reverse("trips:new"), _form_data(persons, jp, 5, return_date="not-a-date", title="我的标题"))
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "请输入有效日期" in body and 'value="我的标题"' in body
    ok = c.post(reverse("trips:new"), _form_data(persons, jp, 5, action="save"))
    assert ok.status_code == 302
    trip = Trip.objects.get()
    assert trip.members.get().passport_name == "ZHANG WEI"
    assert trip.legs.get().country == jp
    edit = c.get(reverse("trips:edit", args=[trip.pk]))
    assert edit.status_code == 200 and "ZHANG WEI" in edit.content.decode()


def test_add_row_endpoint_returns_the_next_row(login, people, setup):
    c = login(people["clerk"])
    r = c.get(reverse("trips:form_row", args=["legs"]), {"legs-TOTAL_FORMS": "2"})
    body = r.content.decode()
    assert r.status_code == 200 and 'name="legs-2-country"' in body and 'value="3"' in body


def test_budget_compute_uses_the_expense_standard(login, people, persons, jp):
    c = login(people["clerk"])
    r = c.post(reverse("trips:budget_compute"), _form_data(persons, jp, 5, **{"legs-0-city": "Tokyo"}))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'value="20000.00"' in body  # Tokyo lodging standard (JPY) per night
    assert 'value="JPY"' in body


def test_detail_page_and_scope(approved_trip, login, people, client):
    c = login(people["clerk"])
    r = c.get(reverse("trips:detail", args=[approved_trip.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert approved_trip.reference in body and "张伟" in body
    assert "320302197505011234" not in body and "320***" in body  # masked
    assert "取消出访" in body  # before departure the applicant may still cancel
    assert "开始出访前公示" not in body  # the pre-trip notice was the unit's, before it applied
    generic = c.get(reverse("casework:detail", args=[approved_trip.pk]))
    assert generic.status_code == 302 and generic.url == reverse("trips:detail", args=[approved_trip.pk])

    other = login(people["other_clerk"], c)
    assert other.get(reverse("trips:detail", args=[approved_trip.pk])).status_code == 404
    assert other.get(reverse("trips:pdf", args=[approved_trip.pk])).status_code == 404
    assert other.get(f"/api/trips/{approved_trip.pk}").status_code == 404
    assert other.post(reverse("trips:transition", args=[approved_trip.pk, "cancel_trip"])).status_code == 404


def test_stage_button_fires_the_transition(approved_trip, login, people):
    c = login(people["clerk"])
    r = c.post(
        reverse("trips:transition", args=[approved_trip.pk, "cancel_trip"]),
        {"version": approved_trip.version, "comment": "邀请方推迟活动"},
    )
    assert r.status_code == 302
    assert Trip.objects.get(pk=approved_trip.pk).stage == Stage.CANCELLED
    stale = c.post(
        reverse("trips:transition", args=[approved_trip.pk, "cancel_trip"]),
        {"version": approved_trip.version, "comment": "取消"},
    )
    assert stale.status_code == 409


def test_override_page_refuses_staff_on_blocking(make_trip, login, people, fire):
    trip = fire(make_trip(), "submit", people["clerk"])
    Trip.objects.filter(pk=trip.pk).update(return_date=trip.return_date + dt.timedelta(days=1))
    c = login(people["staff"])
    r = c.post(
        reverse("trips:override", args=[trip.pk]),
        {"rule_id": "days_abroad", "subject": "", "justification": "工作需要，已书面报批延长一天"},
    )
    assert r.status_code == 403
    assert "阻断性检查结论只能由外办领导作出例外决定" in r.content.decode()
    c = login(people["leader"], c)
    r = c.post(
        reverse("trips:override", args=[trip.pk]),
        {"rule_id": "days_abroad", "subject": "", "justification": "工作需要，已书面报批延长一天"},
    )
    assert r.status_code == 302
    assert AuditEvent.objects.filter(action="trips.finding_override", actor_id=people["leader"].pk).exists()


def _pdf_text(content: bytes, tmp_path) -> str:
    from .pdftext import pdf_text

    return pdf_text(content)


def test_approval_pdf_contains_reference_and_members(approved_trip, login, people, tmp_path):
    c = login(people["clerk"])
    r = c.get(reverse("trips:pdf", args=[approved_trip.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _pdf_text(r.content, tmp_path)
    assert approved_trip.reference in text
    assert "张伟" in text and "欧阳娜" in text
    assert "徐州市教育局" in text
    assert AuditEvent.objects.filter(action="documents.download").exists()  # docs: the issued 批件


def test_approval_pdf_is_rendered_once_per_content(approved_trip, login, people, tmp_path, monkeypatch):
    """docs: the 批件 issued at approval gives the same bytes from the cache (WeasyPrint not called again)
    and every download is audited; a later change to the trip does not change the issued document."""
    import weasyprint

    calls = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *a, **kw):
        calls.append(1)
        return real(self, *a, **kw)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    c = login(people["clerk"])
    url = reverse("trips:pdf", args=[approved_trip.pk])
    first, second = c.get(url).content, c.get(url).content
    assert first == second and len(calls) == 1
    assert AuditEvent.objects.filter(action="documents.download").count() == 2
    Trip.objects.filter(pk=approved_trip.pk).update(title="改过的标题")
    third = c.get(url).content
    assert len(calls) == 1 and third == first


def test_pdf_only_after_approval(make_trip, login, people):
    trip = make_trip()
    r = login(people["clerk"]).get(reverse("trips:pdf", args=[trip.pk]))
    assert r.status_code == 302


@pytest.fixture
def public_notices(settings):
    """The office publishes notices on the open internet (a setting, off by default)."""
    settings.WAIBAN = {**getattr(settings, "WAIBAN", {}), "TRIP_PUBLIC_NOTICES": True}


def _on_unit_notice(make_trip, people):
    """A draft whose unit published its pre-trip notice today (the unit's step before it applies)."""
    from apps.trips import services

    trip = make_trip()
    services.unit_notice_publish(trip=trip, by=people["clerk"], place="单位公示栏")
    return Trip.objects.get(pk=trip.pk)


def test_notices_are_not_on_the_open_internet_by_default(make_trip, people, client):
    trip = _on_unit_notice(make_trip, people)
    r = client.get(reverse("trips_public:notices"))
    assert r.status_code == 200 and trip.title not in r.content.decode()
    assert client.get(reverse("trips_public:notice", args=[trip.pk])).status_code == 404


def test_public_notice_hides_identifiers_and_records_objections(make_trip, people, client, public_notices):
    trip = _on_unit_notice(make_trip, people)
    r = client.get(reverse("trips_public:notices"))
    assert r.status_code == 200 and trip.title in r.content.decode()
    r = client.get(reverse("trips_public:notice", args=[trip.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "张伟" in body and "欧阳娜" in body and "徐州市教育局" in body and "东京都教育委员会" in body
    assert "处长" in body  # titles are part of the regulated content
    for secret in ("320302197505011234", "SE1234567", "320***", "S*******67"):
        assert secret not in body
    r = client.post(
        reverse("trips_public:notice", args=[trip.pk]), {"text": "该团组日程中公务活动偏少", "name": ""}
    )
    assert r.status_code == 302
    objection = Objection.objects.get()
    assert objection.notice == "pre" and objection.trip_id == trip.pk
    assert AuditEvent.objects.filter(action="trips.objection", target_id=str(trip.pk)).exists()
    # an objection must be answered in the notice's result: "no objection" is refused
    from apps.core.errors import ServiceError
    from apps.trips import services

    Trip.objects.filter(pk=trip.pk).update(unit_notice_end=timezone.localdate() - dt.timedelta(days=1))
    trip = Trip.objects.get(pk=trip.pk)
    with pytest.raises(ServiceError):
        services.unit_notice_result_record(trip=trip, by=people["clerk"], outcome="none")
    services.unit_notice_result_record(
        trip=trip, by=people["clerk"], outcome="resolved", details="已核实，公务活动安排合理。"
    )
    # the notice period is over: it leaves the public page
    assert trip.title not in client.get(reverse("trips_public:notices")).content.decode()


def test_public_notice_404_for_trips_not_on_notice(make_trip, client):
    trip = make_trip()
    assert client.get(reverse("trips_public:notice", args=[trip.pk])).status_code == 404


def test_api_create_check_submit_and_scope(login, people, persons, jp):
    c = login(people["clerk"])
    dep = timezone.localdate() + dt.timedelta(days=40)
    payload = {
        "title": "赴日本考察",
        "departure_date": dep.isoformat(),
        "return_date": (dep + dt.timedelta(days=5)).isoformat(),
        "members": [{"person_id": persons[0].pk, "role": "head"}],
        "legs": [{"country": "JP", "city": "东京"}],
        "budget": [{"category": "international_fare", "amount": "9000"}],
    }
    r = c.post("/api/trips/", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    unit_ready(Trip.objects.get(pk=pk), people)
    check = c.post(f"/api/trips/{pk}/check", content_type="application/json").json()
    assert any(f["rule_id"] == "days_abroad" and f["severity"] == "blocking" for f in check["findings"])
    refused = c.post(f"/api/trips/{pk}/transitions/submit", {}, content_type="application/json")
    assert refused.status_code == 400 and "阻断" in refused.json()["detail"]
    payload["return_date"] = (dep + dt.timedelta(days=4)).isoformat()
    payload["version"] = Trip.objects.get(pk=pk).version
    assert c.put(f"/api/trips/{pk}", payload, content_type="application/json").status_code == 200
    unit_ready(Trip.objects.get(pk=pk), people)  # the changed application is signed again
    ok = c.post(f"/api/trips/{pk}/transitions/submit", {}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    bad = c.post("/api/trips/", {**payload, "departure_date": "2026-02-30"}, content_type="application/json")
    assert bad.status_code == 422
    other = login(people["other_clerk"], c)
    assert other.get(f"/api/trips/{pk}").status_code == 404
    assert other.get(f"/api/trips/{pk}/approval.pdf").status_code == 404
    assert pk not in [t["id"] for t in other.get("/api/trips/").json()]
