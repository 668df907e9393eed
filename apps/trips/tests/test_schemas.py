"""The one mapping of a trip (apps.trips.schemas): the form and the API make the same trip from the same
data, what is read back is what is sent, and the API's queries do not grow with the delegation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.trips.models import Trip
from apps.trips.schemas import TripInput, trip_output

pytestmark = pytest.mark.django_db

DEP = timezone.localdate() + dt.timedelta(days=40)
MID = DEP + dt.timedelta(days=2)
RET = DEP + dt.timedelta(days=4)


def _api_body(persons, passport):
    """The trip as the API takes it, with the untidy spaces and case people type."""
    return {
        "title": " 赴日本、新加坡开展教育交流 ",
        "task": "考察中小学教育",
        "delegation_type": "self_organised",
        "in_annual_plan": False,
        "plan_reference": "",
        "unplanned_justification": "对方临时邀请",
        "inviter_name": "东京都教育委员会",
        "inviter_country": "jp",
        "inviter_is_counterpart": True,
        "inviter_description": "多年友好往来",
        "departure_date": DEP.isoformat(),
        "return_date": RET.isoformat(),
        "poor_flight_connections": False,
        "host_transport": True,
        "funding_source": "fiscal",
        "members": [
            {"person_id": persons[0].pk, "role": "head", "passport_id": passport.pk, "passport_name": ""},
            {"person_id": persons[1].pk, "role": "member", "passport_name": " ouyang na "},
        ],
        "legs": [
            {"country": "JP", "city": " 东京 ", "arrival": DEP.isoformat(), "departure": MID.isoformat()},
            {"country": "SG", "city": "新加坡", "arrival": MID.isoformat(), "departure": RET.isoformat()},
        ],
        "schedule": [
            {"date": DEP.isoformat(), "plan": "抵达东京", "half_day_detail": "下午：拜会"},
            {"date": RET.isoformat(), "plan": "返回"},
        ],
        "budget": [
            {
                "category": "lodging",
                "country": "JP",
                "city": "东京",
                "currency": " jpy",
                "rate": "20000.00",
                "count": 2,
                "persons": 2,
                "amount": "80000.00",
                "note": "按标准",
            },
            {"category": "international_fare", "amount": "12000.00", "currency": "CNY", "persons": 2},
        ],
    }


def _form_body(persons, passport, jp, sg):
    """The same trip as the application form posts it."""
    return {
        "title": " 赴日本、新加坡开展教育交流 ",
        "task": "考察中小学教育",
        "delegation_type": "self_organised",
        "plan_reference": "",
        "unplanned_justification": "对方临时邀请",
        "inviter_name": "东京都教育委员会",
        "inviter_country": str(jp.pk),
        "inviter_is_counterpart": "on",
        "inviter_description": "多年友好往来",
        "departure_date": DEP.isoformat(),
        "return_date": RET.isoformat(),
        "host_transport": "on",
        "funding_source": "fiscal",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-0-person": str(persons[0].pk),
        "members-0-role": "head",
        "members-0-passport": str(passport.pk),
        "members-0-passport_name": "",
        "members-1-person": str(persons[1].pk),
        "members-1-role": "member",
        "members-1-passport_name": " ouyang na ",
        "legs-TOTAL_FORMS": "2",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": str(jp.pk),
        "legs-0-city": " 东京 ",
        "legs-0-arrival": DEP.isoformat(),
        "legs-0-departure": MID.isoformat(),
        "legs-1-country": str(sg.pk),
        "legs-1-city": "新加坡",
        "legs-1-arrival": MID.isoformat(),
        "legs-1-departure": RET.isoformat(),
        "schedule-TOTAL_FORMS": "2",
        "schedule-INITIAL_FORMS": "0",
        "schedule-0-date": DEP.isoformat(),
        "schedule-0-plan": "抵达东京",
        "schedule-0-half_day_detail": "下午：拜会",
        "schedule-1-date": RET.isoformat(),
        "schedule-1-plan": "返回",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-category": "lodging",
        "budget-0-country": str(jp.pk),
        "budget-0-city": "东京",
        "budget-0-currency": " jpy",
        "budget-0-rate": "20000.00",
        "budget-0-count": "2",
        "budget-0-persons": "2",
        "budget-0-amount": "80000.00",
        "budget-0-note": "按标准",
        "budget-1-category": "international_fare",
        "budget-1-currency": "CNY",
        "budget-1-persons": "2",
        "budget-1-amount": "12000.00",
        "action": "save",
    }


def _comparable(trip) -> dict:
    values = trip_output(Trip.objects.get(pk=trip.pk))
    for m in values["members"]:
        m.pop("id")
    trip = Trip.objects.get(pk=trip.pk)
    values.update(
        is_hk_macao=trip.is_hk_macao,
        head=trip.head_of_delegation_id,
        level=trip.approval_level,
        unit=trip.applicant_unit_id,
        participants=sorted(trip.participants.values_list("pk", flat=True)),
    )
    return values


@pytest.fixture
def sg(db):
    from apps.reference.models import Country

    return Country.objects.get(iso2="SG")


def test_form_and_api_make_the_same_trip_from_the_same_data(login, client, people, persons, jp, sg):
    passport = persons[0].passports.get()
    c = login(people["clerk"])
    r = c.post(reverse("trips:new"), _form_body(persons, passport, jp, sg))
    assert r.status_code == 302, r.content.decode()[:2000]
    by_form = Trip.objects.get()
    r = c.post("/api/trips/", _api_body(persons, passport), content_type="application/json")
    assert r.status_code == 201, r.content
    by_api = Trip.objects.exclude(pk=by_form.pk).get()

    a, b = _comparable(by_form), _comparable(by_api)
    assert a == b
    # and what they made is what was meant: trimmed, upper-cased, the passport chosen or found
    assert a["title"] == "赴日本、新加坡开展教育交流" and a["inviter_country"] == "JP"
    assert [m["passport_name"] for m in a["members"]] == ["ZHANG WEI", "OUYANG NA"]
    assert all(m["passport_id"] for m in a["members"])
    assert [leg["city"] for leg in a["legs"]] == ["东京", "新加坡"]
    assert a["budget"][0]["currency"] == "JPY" and a["budget"][0]["amount"] == Decimal("80000.00")
    # the API answers that shape too
    answer = r.json()
    assert answer["members"][1]["passport_name"] == "OUYANG NA"
    assert answer["budget"][0]["country"] == "JP" and answer["schedule"][0]["half_day_detail"] == "下午：拜会"


def test_what_is_read_is_what_is_sent(login, people, persons, jp, sg, make_trip):
    """The form's initial data and the API's answer come from trip_output: posting either back unchanged
    leaves the trip as it was."""
    from apps.trips.forms import Bundle, initial_from_trip

    trip = make_trip()
    before = _comparable(trip)
    c = login(people["clerk"])
    body = c.get(f"/api/trips/{trip.pk}").json()
    r = c.put(f"/api/trips/{trip.pk}", body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert _comparable(trip) == before

    # the edit form's initial data, posted as it is shown, is the same input
    bundle = Bundle(people["clerk"], trip=trip, initial=initial_from_trip(Trip.objects.get(pk=trip.pk)))
    data = {}
    for name, field in bundle.form.fields.items():
        value = bundle.form.get_initial_for_field(field, name)
        if value not in (None, False):
            data[name] = "on" if value is True else str(value)
    for kind, fs in bundle.formsets.items():
        data[f"{kind}-TOTAL_FORMS"] = str(len(fs.forms))
        data[f"{kind}-INITIAL_FORMS"] = str(len(fs.forms))
        for i, form in enumerate(fs.forms):
            for name, field in form.fields.items():
                value = form.get_initial_for_field(field, name)
                if value not in (None, False, ""):
                    data[f"{kind}-{i}-{name}"] = "on" if value is True else str(value)
    posted = Bundle(people["clerk"], data, trip=trip)
    assert posted.is_valid(), [posted.form.errors, *(fs.errors for fs in posted.formsets.values())]
    expected = TripInput(**trip_output(Trip.objects.get(pk=trip.pk)))
    assert posted.trip_input().model_dump(exclude={"version"}) == expected.model_dump(exclude={"version"})


def test_the_api_refuses_people_and_passports_the_form_would_not_offer(login, people, persons, other_unit):
    from apps.passports.models import Passport
    from apps.people.models import Person

    stranger = Person.objects.create(
        full_name="王芳",
        sex="F",
        date_of_birth=dt.date(1980, 1, 1),
        unit=other_unit,
        title="科员",
        rank="section",
        id_number="320302198001011220",
    )
    c = login(people["clerk"])
    body = {"title": "出访", "members": [{"person_id": stranger.pk}]}
    r = c.post("/api/trips/", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "person"
    lost = persons[0].passports.get()
    Passport.objects.filter(pk=lost.pk).update(status="lost")
    body = {"title": "出访", "members": [{"person_id": persons[0].pk, "passport_id": lost.pk}]}
    r = c.post("/api/trips/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and r.json()["code"] == "passport"
    assert "does not belong to" in r.json()["detail"]
    body = {"title": "出访", "delegation_type": "study_tour"}
    r = c.post("/api/trips/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and r.json()["code"] == "delegation_type"
    assert "is not one of the choices" in r.json()["detail"]
    assert not Trip.objects.exists()


def _people(unit, n):
    from apps.passports.models import Kind, Passport
    from apps.people.models import Person

    out = []
    for i in range(n):
        p = Person.objects.create(
            full_name=f"测试{i}号",
            sex="M",
            date_of_birth=dt.date(1970, 1, 1 + i),
            unit=unit,
            title="科员",
            rank="section",
            id_number=f"3203021970010{i + 1:02d}{i % 10}1X"[:18],
        )
        Passport.objects.create(
            holder=p,
            kind=Kind.OFFICIAL,
            number=f"SE9{i:06d}",
            issue_date=dt.date(2022, 1, 1),
            expiry_date=dt.date(2031, 1, 1),
            issuing_authority="江苏省外办",
        )
        out.append(p)
    return out


def test_api_queries_do_not_grow_with_the_delegation(login, people, unit, setup):
    team = _people(unit, 8)
    passports = {p.pk: p.passports.get().pk for p in team}
    c = login(people["clerk"])

    def create(members):
        body = {
            "title": "出访",
            "departure_date": DEP.isoformat(),
            "return_date": RET.isoformat(),
            "legs": [{"country": "JP", "city": "东京"}],
            "members": [
                {"person_id": p.pk, "passport_id": passports[p.pk] if i % 2 else None}
                for i, p in enumerate(members)
            ],
        }
        with CaptureQueriesContext(connection) as ctx:
            r = c.post("/api/trips/", body, content_type="application/json")
        assert r.status_code == 201, r.content
        return len(ctx.captured_queries), r.json()

    c.get("/api/accounts/me")  # warm the session and permission caches
    create(team[:1])
    few, _ = create(team[:2])
    many, answer = create(team)
    assert len(answer["members"]) == 8 and all(m["passport_id"] for m in answer["members"])
    assert many == few, f"{few} queries for 2 members, {many} for 8"
