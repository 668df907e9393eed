"""Registering and correcting people and passports through the API: the same services and checks as the
pages (the ID number's check digit, the machine-readable zone against ICAO 9303 and the typed data)."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.passports import mrz
from apps.passports.models import Passport
from apps.people import idcard
from apps.people.models import Person

pytestmark = pytest.mark.django_db


def id_number(first17="32030219800101123"):
    return first17 + idcard.check_char(first17)


def td3(number, birth: dt.date, sex, expiry: dt.date):
    """Two lines of a passport's machine-readable zone with correct check digits."""
    line1 = ("P<CHNZHANG<<WEI").ljust(44, "<")
    num = number.ljust(9, "<")
    b, e = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    personal = "<" * 14
    line2 = (
        num + mrz.check_digit(num) + "CHN" + b + mrz.check_digit(b) + sex + e + mrz.check_digit(e) + personal
    )
    line2 += mrz.check_digit(personal)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + mrz.check_digit(composite)


def person_body(unit, **extra):
    return {
        "full_name": "张伟",
        "sex": "M",
        "date_of_birth": "1980-01-01",
        "unit_id": unit.pk,
        "title": "科员",
        "id_number": id_number(),
        **extra,
    }


def test_register_and_correct_a_person(login, client, clerk_a, unit_a, unit_b):
    login(clerk_a)
    bad = client.post("/api/people/", person_body(unit_a, id_number="320302198001011231"), "application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "id_number"
    elsewhere = client.post("/api/people/", person_body(unit_b), "application/json")
    assert elsewhere.status_code == 403
    r = client.post("/api/people/", person_body(unit_a, passport_name=""), "application/json")
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["passport_name"] == "ZHANG WEI" and id_number() not in r.content.decode()
    assert AuditEvent.objects.filter(action="people.create").count() == 1
    again = client.post("/api/people/", person_body(unit_a), "application/json")
    assert again.status_code == 400 and "已在人员库中登记" in again.json()["detail"]

    body = person_body(unit_a, title="副处长", id_number="", edit_token=out["edit_token"])
    r = client.put(f"/api/people/{out['id']}", body, "application/json")
    assert r.status_code == 200 and r.json()["title"] == "副处长"
    stale = client.put(f"/api/people/{out['id']}", {**body, "title": "处长"}, "application/json")
    assert stale.status_code == 409
    assert Person.objects.get(pk=out["id"]).title == "副处长"


def test_register_and_correct_a_passport_with_the_mrz_check(login, client, custodian, unit_a, person_factory):
    holder = person_factory(unit=unit_a, sex="M", date_of_birth=dt.date(1980, 1, 1))
    login(custodian)
    expiry = dt.date.today().replace(day=1) + dt.timedelta(days=3650)
    line1, line2 = td3("E12345678", holder.date_of_birth, "M", expiry)
    body = {
        "holder_id": holder.pk,
        "kind": "official",
        "number": "e1234 5678",
        "issue_date": (dt.date.today() - dt.timedelta(days=30)).isoformat(),
        "expiry_date": expiry.isoformat(),
        "issuing_authority": "江苏省外办",
        "mrz_line1": line1,
        "mrz_line2": line2,
    }
    wrong = {**body, "mrz_line2": line2.replace("E12345678", "E12345679")}
    r = client.post("/api/passports/", wrong, "application/json")
    assert r.status_code == 400 and r.json()["code"] == "mrz_line2"
    r = client.post("/api/passports/", {**body, "number": "E99999999"}, "application/json")
    assert r.status_code == 400 and r.json()["code"] == "mrz_line2"  # the zone says another number
    r = client.post("/api/passports/", body, "application/json")
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["status"] == "in_custody" and out["events"][0]["kind"] == "registered"
    assert Passport.objects.get(pk=out["id"]).number == "E12345678"

    change = {
        "issue_date": body["issue_date"],
        "expiry_date": body["expiry_date"],
        "issuing_authority": "江苏省人民政府外事办公室",
        "mrz_line1": line1,
        "mrz_line2": line2,
        "edit_token": out["edit_token"],
    }
    r = client.put(f"/api/passports/{out['id']}", change, "application/json")
    assert r.status_code == 200 and r.json()["issuing_authority"] == "江苏省人民政府外事办公室"
    r = client.put(
        f"/api/passports/{out['id']}",
        {**change, "expiry_date": "2020-01-01", "edit_token": None},
        "application/json",
    )
    assert r.status_code == 400


def test_people_of_other_units_are_not_reachable(login, client, clerk_a, custodian, unit_b, person_factory):
    stranger = person_factory(unit=unit_b)
    login(clerk_a)
    r = client.put(f"/api/people/{stranger.pk}", person_body(unit_b, id_number=""), "application/json")
    assert r.status_code == 404
    login(custodian)
    body = {
        "holder_id": 987654,
        "kind": "official",
        "number": "E1",
        "issue_date": "2024-01-01",
        "expiry_date": "2034-01-01",
        "issuing_authority": "江苏省外办",
    }
    r = client.post("/api/passports/", body, "application/json")
    assert r.status_code == 400 and r.json()["code"] == "holder"
