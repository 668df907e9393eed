"""The check through the API: a recheck as the page does it (decided trips keep theirs, audited, only for
those who may recheck), every rule that ran with its details, and the facts check on country codes."""

import json

import pytest

from apps.audit.models import AuditEvent
from apps.trips.models import Trip

pytestmark = pytest.mark.django_db


def test_recheck_keeps_the_check_of_a_decided_trip(approved_trip, people, login):
    stored = Trip.objects.get(pk=approved_trip.pk)
    c = login(people["staff"])
    r = c.post(f"/api/trips/{stored.pk}/check", content_type="application/json")
    assert r.status_code == 400 and "保留决定时的检查结果" in r.json()["detail"]
    after = Trip.objects.get(pk=stored.pk)
    assert after.checked_at == stored.checked_at and after.last_check == stored.last_check
    assert not AuditEvent.objects.filter(action="trips.recheck").exists()


def test_recheck_of_an_open_trip_is_audited_and_only_for_who_may_recheck(make_trip, people, make_user, login):
    trip = make_trip()
    auditor = make_user("auditor", roles=["auditor"])
    r = login(auditor).post(f"/api/trips/{trip.pk}/check", content_type="application/json")
    assert r.status_code == 403
    r = login(people["clerk"]).post(f"/api/trips/{trip.pk}/check", content_type="application/json")
    assert r.status_code == 200
    event = AuditEvent.objects.get(action="trips.recheck")
    assert event.actor == people["clerk"]


def test_the_check_tells_passed_rules_from_rules_not_run(make_trip, people, login):
    trip = make_trip()
    c = login(people["clerk"])
    out = c.post(f"/api/trips/{trip.pk}/check", content_type="application/json").json()
    assert out["incomplete"] is False and out["checked_at"]
    results = {r["rule_id"]: r for r in out["results"]}
    days = results["days_abroad"]
    assert days["passed"] is True and days["details"]["days"] == 5 and days["title"] and days["citation"]
    # the failures are still listed as before, and only they
    for f in out["findings"]:
        assert not results[f["rule_id"]]["passed"] or f["severity"] == "not_configured"
    assert c.get(f"/api/trips/{trip.pk}/check").json()["results"] == out["results"]


# --- POST /api/regulations/check ------------------------------------------------------------------------
def _facts(*legs, **extra):
    return {
        "departure": "2026-09-01",
        "return_date": "2026-09-05",
        "today": "2026-06-01",
        "legs": [{"country": code} for code in legs],
        **extra,
    }


def _post(c, body, **headers):
    return c.post("/api/regulations/check", json.dumps(body), content_type="application/json", **headers)


def test_country_facts_come_from_the_server(people, login):
    c = login(people["clerk"])
    # the client says Ethiopia is in Europe and Latin America, Hong Kong a foreign country: ignored
    body = _facts("ET")
    body["legs"][0].update(continent="europe", is_latin_america=True, kind="country")
    out = _post(c, body).json()
    continent = next(f for f in out["findings"] if f["rule_id"] == "one_continent")
    assert continent["details"]["continents"] == ["africa"]
    hk = _post(c, _facts("hk")).json()
    assert any(f["rule_id"].startswith("hk") for f in hk["findings"]), [f["rule_id"] for f in hk["findings"]]
    assert not any(f["rule_id"] == "countries_max" for f in hk["findings"])


def test_unknown_codes_and_taiwan_are_refused_with_a_message(people, login):
    c = login(people["clerk"])
    r = _post(c, _facts("XX"))
    assert r.status_code == 400 and "XX" in r.json()["detail"] and r.json()["code"] == "country"
    r = _post(c, _facts("TW"))
    assert r.status_code == 400 and "台湾" in r.json()["detail"]
    r = _post(c, _facts("TW"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Taiwan" in r.json()["detail"]
    r = _post(c, _facts("JP", budget=[{"category": "lodging", "country": "XX", "amount": "1"}]))
    assert r.status_code == 400


@pytest.mark.parametrize("amount", ["1e999999", 1e300, "NaN", "-5"])
def test_numbers_are_bounded(people, login, amount):
    c = login(people["clerk"])
    body = _facts("JP", budget=[{"category": "lodging", "country": "JP", "amount": amount, "nights": 2}])
    r = _post(c, body)
    assert r.status_code == 422 and len(r.content) < 2000
    assert r.json()["detail"][0]["msg"]
    r = _post(c, _facts("JP", members=[{"person_id": 1, "trips_this_year": 10**30}]))
    assert r.status_code == 422 and len(r.content) < 2000
