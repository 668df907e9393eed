"""One mapping from a refusal to an answer: the same refusal gets the same status on the trip page, the
trips API and the cases API (four-eyes → 403, conflict → 409, not found → 404, invalid → 400), with a
translated message — also for what the API finds wrong while reading a trip payload."""

import pytest
from django.urls import reverse

from apps.trips.models import Trip

from .test_api_lifecycle import payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip_for_leader_decision(make_trip, people, persons, fire):
    """A trip awaiting the leader's approval, with the leader travelling (the four-eyes rule bites); the
    route of its level lets the office leader approve (data: ApprovalRoute)."""
    from apps.trips.models import ApprovalRoute

    ApprovalRoute.objects.filter(level="city_leader").update(final_approver="office_leader")
    persons[0].user = people["leader"]
    persons[0].save()
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    return fire(trip, "forward_for_approval", people["staff"])


def test_four_eyes_refusal_is_403_on_the_page_and_both_apis(trip_for_leader_decision, people, login, client):
    trip = trip_for_leader_decision
    login(people["leader"])

    page = client.post(
        reverse("trips:transition", args=[trip.pk, "approve"]), {"version": trip.version, "comment": "同意"}
    )
    assert page.status_code == 403 and "回避原则" in page.content.decode()

    body = {"version": trip.version, "comment": "同意"}
    for url in (f"/api/trips/{trip.pk}/transitions/approve", f"/api/cases/{trip.pk}/transitions/approve"):
        r = client.post(url, body, content_type="application/json")
        assert r.status_code == 403, url
        assert r.json()["code"] == "four_eyes" and "回避原则" in r.json()["detail"]
    assert Trip.objects.get(pk=trip.pk).state == "pending_approval"


def test_conflict_and_not_found_through_the_one_handler(make_trip, people, login, client):
    trip = make_trip()
    login(people["clerk"])
    stale = client.post(
        f"/api/trips/{trip.pk}/transitions/submit",
        {"version": trip.version + 5},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    missing = client.get("/api/trips/987654")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "您要找的记录不存在。", "code": "not_found"}


def test_permission_refused_before_the_payload_is_read(people, persons, login, client):
    login(people["staff"])  # office staff do not apply
    r = client.post("/api/trips/", payload(persons, 5), content_type="application/json")
    assert r.status_code == 403 and r.json() == {"detail": "您无权提交申请。", "code": "forbidden"}


@pytest.mark.parametrize(
    ("change", "code", "zh", "en"),
    [
        (
            {"legs": [{"country": "ZZ", "city": "x"}]},
            "country",
            "不是可选的出访国家（地区）",
            "is not a destination",
        ),
        (
            {"members": [{"person_id": 987654}]},
            "person",
            "人员库中没有编号为 987654 的人员",
            "No person 987654",
        ),
        ({"budget": [{"category": "bribe", "amount": "1"}]}, "budget", "经费类别", "budget category"),
        (
            {"return_date": "2020-01-01"},
            "return_date",
            "入境日期不能早于出境日期",
            "cannot be before the departure date",
        ),
    ],
)
def test_payload_errors_are_400_and_translated(people, persons, login, client, change, code, zh, en):
    login(people["clerk"])
    body = {**payload(persons, 5), **change}
    r = client.post("/api/trips/", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == code and zh in r.json()["detail"]
    r = client.post("/api/trips/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and en in r.json()["detail"]
    assert not Trip.objects.exists()


def test_schema_errors_stay_422_with_translated_messages(people, persons, login, client):
    login(people["clerk"])
    body = {**payload(persons, 5), "departure_date": "tomorrow"}
    r = client.post("/api/trips/", body, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    item = r.json()["detail"][0]
    assert item["loc"][-1] == "departure_date" and item["msg"] == "不是有效日期，应为 YYYY-MM-DD。"
    r = client.post("/api/trips/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["detail"][0]["msg"] == "Not a valid date; use YYYY-MM-DD."
