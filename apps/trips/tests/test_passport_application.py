"""A first-time traveller with a passport application in progress (issue 9 A4): the trip's passport check
accepts it with a warning; registering the passport closes the application. Passports already out on
loan before the system are entered with their real dates, overdue ones at once overdue."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.passports.models import Passport, PassportApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(unit):
    from apps.people.models import Person

    return Person.objects.create(
        full_name="李娜",
        sex="F",
        date_of_birth=dt.date(1990, 3, 1),
        unit=unit,
        title="科员",
        rank="section",
        id_number="320302199003011221",
    )


def _passport_findings(c, trip_id):
    out = c.post(f"/api/trips/{trip_id}/check", content_type="application/json").json()
    return [r for r in out["results"] if r["rule_id"] == "passport_valid" and not r["passed"]]


def test_an_application_in_progress_satisfies_the_check_with_a_warning(login, people, newcomer, persons):
    dep = timezone.localdate() + dt.timedelta(days=40)
    clerk = login(people["clerk"])
    body = {
        "title": "赴日本交流",
        "departure_date": dep.isoformat(),
        "return_date": (dep + dt.timedelta(days=3)).isoformat(),
        "legs": [{"country": "JP", "city": "东京"}],
        "members": [{"person_id": persons[0].pk, "role": "head"}, {"person_id": newcomer.pk}],
    }
    trip = clerk.post("/api/trips/", body, content_type="application/json").json()
    [finding] = _passport_findings(clerk, trip["id"])
    assert finding["severity"] == "blocking" and "也没有在办申请" in finding["message"]

    staff = login(people["staff"])
    r = staff.post(
        "/api/passports/applications",
        {
            "holder_id": newcomer.pk,
            "kind": "public_affairs_ordinary",
            "applied_on": timezone.localdate().isoformat(),
            "expected_issue": (timezone.localdate() + dt.timedelta(days=15)).isoformat(),
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    application = r.json()
    assert application["status"] == "applied" and application["status_label"] == "申请在办"
    assert AuditEvent.objects.filter(action="passports.application_record").exists()
    assert [a["id"] for a in staff.get("/api/passports/applications").json()] == [application["id"]]

    clerk = login(people["clerk"])
    [finding] = _passport_findings(clerk, trip["id"])
    assert finding["severity"] == "warning" and "申请在办" in finding["message"]

    # the passport is issued and registered: the application is closed and the check passes
    staff = login(people["staff"])
    r = staff.post(
        "/api/passports/",
        {
            "holder_id": newcomer.pk,
            "kind": "public_affairs_ordinary",
            "number": "E55554444",
            "issue_date": timezone.localdate().isoformat(),
            "expiry_date": (timezone.localdate() + dt.timedelta(days=3650)).isoformat(),
            "issuing_authority": "江苏省外办",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    closed = PassportApplication.objects.get(pk=application["id"])
    assert closed.status == "issued" and closed.passport_id == r.json()["id"]
    clerk = login(people["clerk"])
    assert _passport_findings(clerk, trip["id"]) == []


def test_a_loan_from_before_the_system_keeps_its_real_dates(login, people, persons):
    passport = persons[0].passports.get()
    today = timezone.localdate()
    staff = login(people["staff"])
    body = {
        "out_since": (today - dt.timedelta(days=90)).isoformat(),
        "due_back": (today - dt.timedelta(days=20)).isoformat(),
        "purpose": "2026 年初赴新加坡培训",
    }
    bad = staff.post(
        f"/api/passports/{passport.pk}/loan", {**body, "due_back": "2000-01-01"}, "application/json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "due_back"
    r = staff.post(f"/api/passports/{passport.pk}/loan", body, "application/json")
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["status"] == "overdue" and out["days_overdue"] == 20 and out["due_back"] == body["due_back"]
    event = out["events"][0]
    assert event["kind"] == "check_out" and event["at"].startswith(body["out_since"])
    assert Passport.objects.get(pk=passport.pk).status == "out"
    assert AuditEvent.objects.filter(action="passports.register_loan").exists()
    again = staff.post(f"/api/passports/{passport.pk}/loan", body, "application/json")
    assert again.status_code == 400


def test_the_pages_record_withdraw_and_enter_a_loan(login, people, newcomer, persons):
    from django.urls import reverse

    staff = login(people["staff"])
    today = timezone.localdate()
    assert "没有在办的证照申请" in staff.get(reverse("passports:applications")).content.decode()
    form = {"holder": newcomer.pk, "kind": "public_affairs_ordinary", "applied_on": "2999-01-01"}
    bad = staff.post(reverse("passports:application_create"), form)
    assert bad.status_code == 400 and "申请日期不能晚于今天" in bad.content.decode()
    r = staff.post(reverse("passports:application_create"), {**form, "applied_on": today.isoformat()})
    assert r.status_code == 302
    page = staff.get(reverse("passports:applications")).content.decode()
    assert "李娜" in page and "公务普通护照" in page and "申请在办" in page
    application = PassportApplication.objects.get()
    r = staff.post(reverse("passports:application_withdraw", args=[application.pk]))
    assert r.status_code == 302 and PassportApplication.objects.get().status == "withdrawn"

    passport = persons[1].passports.get()
    detail = staff.get(reverse("passports:detail", args=[passport.pk])).content.decode()
    assert reverse("passports:loan", args=[passport.pk]) in detail
    r = staff.post(
        reverse("passports:loan", args=[passport.pk]),
        {
            "out_since": (today - dt.timedelta(days=60)).isoformat(),
            "due_back": (today - dt.timedelta(days=3)).isoformat(),
            "purpose": "赴泰国培训",
        },
    )
    assert r.status_code == 302
    overdue = staff.get(reverse("passports:overdue")).content.decode()
    assert "欧阳娜" in overdue
