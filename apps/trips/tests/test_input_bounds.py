"""Input that used to reach the database: the same person twice in a delegation (an IntegrityError 500 on
the page and the API), dates no trip can have (days abroad of −548,669 in an export), NUL characters in a
JSON body. Each is refused with a message naming the problem, on the page keeping what was typed."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.trips.models import Trip

from .test_api_lifecycle import payload
from .test_schemas import _form_body

pytestmark = pytest.mark.django_db


def test_the_same_person_twice_is_refused_by_the_api(people, persons, login, client):
    login(people["clerk"])
    body = payload(persons, 5)
    body["members"] = [{"person_id": persons[0].pk, "role": "head"}, {"person_id": persons[0].pk}]
    r = client.post("/api/trips/", body, content_type="application/json")
    assert r.status_code == 400, r.content
    assert r.json()["code"] == "members" and "列了两次" in r.json()["detail"]
    r = client.post("/api/trips/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert "twice" in r.json()["detail"]
    assert not Trip.objects.exists()


def test_the_same_person_twice_on_an_edit_through_the_api(people, persons, login, client, make_trip):
    trip = make_trip()
    login(people["clerk"])
    body = client.get(f"/api/trips/{trip.pk}").json()
    body["members"] = [body["members"][0], {**body["members"][0], "id": None}]
    r = client.put(f"/api/trips/{trip.pk}", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "members", r.content


def test_the_same_person_twice_on_the_page_keeps_the_input(people, persons, login, client, jp):
    from apps.reference.models import Country

    c = login(people["clerk"])
    passport = persons[0].passports.get()
    data = _form_body(persons, passport, jp, Country.objects.get(iso2="SG"))
    data["members-1-person"] = str(persons[0].pk)
    data["title"] = "重复成员的团组"
    r = c.post(reverse("trips:new"), data)
    assert r.status_code in (200, 400), r.status_code
    body = r.content.decode()
    assert "列了两次" in body and "重复成员的团组" in body
    assert not Trip.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"departure_date": "0202-03-01", "return_date": "0202-03-05"}, "1900 年至 2100 年"),
        ({"return_date": "3528-01-01"}, "1900 年至 2100 年"),
        ({"schedule": [{"date": "9999-12-31", "plan": "x"}]}, "1900 年至 2100 年"),
        ({"legs": [{"country": "JP", "arrival": "0001-01-01"}]}, "1900 年至 2100 年"),
        ({"return_date": (dt.date.today() + dt.timedelta(days=800)).isoformat()}, "不能超过 366 天"),
    ],
    ids=["year-0202", "return-3528", "schedule-9999", "leg-0001", "two-years-abroad"],
)
def test_absurd_trip_dates_are_refused(people, persons, login, client, change, message):
    login(people["clerk"])
    r = client.post("/api/trips/", {**payload(persons, 5), **change}, content_type="application/json")
    assert r.status_code == 400, r.content
    assert message in r.json()["detail"]
    assert not Trip.objects.exists()


def test_an_absurd_date_on_the_page_is_a_form_error(people, persons, login, client, jp):
    from apps.reference.models import Country

    c = login(people["clerk"])
    passport = persons[0].passports.get()
    data = _form_body(persons, passport, jp, Country.objects.get(iso2="SG"))
    data.update({"departure_date": "0202-03-01", "title": "日期写错的团组"})
    r = c.post(reverse("trips:new"), data)
    assert r.status_code in (200, 400)
    body = r.content.decode()
    assert "日期写错的团组" in body and ("1900" in body or "入境日期不能早于" in body)
    assert not Trip.objects.exists()


def test_nul_in_a_json_string_is_refused_and_nothing_stored(people, persons, login, client):
    login(people["clerk"])
    body = {**payload(persons, 5), "title": "赴日\x00本"}
    r = client.post("/api/trips/", body, content_type="application/json")
    assert r.status_code == 400, r.content
    assert "NUL" in r.json()["detail"] and r.json()["code"] == "invalid"
    nested = payload(persons, 5)
    nested["legs"][0]["city"] = "东\u0000京"
    r = client.post("/api/trips/", nested, content_type="application/json")
    assert r.status_code == 400 and "NUL" in r.json()["detail"]
    assert not Trip.objects.exists()
