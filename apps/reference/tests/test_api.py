"""The reference API: any authenticated user; bad input answers 422 with a message, never 500."""

import pytest

pytestmark = pytest.mark.django_db

BASE = "/api/reference"


def test_anonymous_gets_401(client):
    assert client.get(f"{BASE}/countries").status_code == 401
    assert client.get(f"{BASE}/workdays/add?start=2026-02-13&n=1").status_code == 401


def test_countries_with_filters(clerk_client):
    data = clerk_client.get(f"{BASE}/countries").json()
    assert len(data) == 249
    assert data[0]["name_zh"].startswith("阿")
    tw = next(c for c in data if c["iso2"] == "TW")
    assert (
        tw["kind"] == "region_of_china" and tw["is_trip_destination"] is False and tw["name_zh"] == "中国台湾"
    )
    europe = clerk_client.get(f"{BASE}/countries", {"continent": "europe"}).json()
    assert {"DE", "FR", "GB"} <= {c["iso2"] for c in europe} and "JP" not in {c["iso2"] for c in europe}
    found = clerk_client.get(f"{BASE}/countries", {"q": "香港"}).json()
    assert [c["iso2"] for c in found] == ["HK"] and found[0]["kind"] == "sar"
    dest = clerk_client.get(f"{BASE}/countries", {"destinations": "true"}).json()
    assert "TW" not in {c["iso2"] for c in dest} and "CN" not in {c["iso2"] for c in dest}


def test_country_label_in_english(clerk_client):
    data = clerk_client.get(f"{BASE}/countries", {"q": "JP"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data[0]["label"] == "Japan"  # label follows the request language
    assert data[0]["name_en"] == "Japan"


def test_calendar_year(clerk_client):
    data = clerk_client.get(f"{BASE}/calendar/2026").json()
    assert data["configured"] is True and data["status"] == "published"
    days = {d["date"]: d for d in data["days"]}
    assert days["2026-02-14"]["kind"] == "workday" and days["2026-02-15"]["name"] == "春节"
    data = clerk_client.get(f"{BASE}/calendar/2027").json()
    assert data["configured"] is False and data["status"] == "not_configured" and data["days"] == []
    assert "仅按周末" in data["status_label"]
    assert clerk_client.get(f"{BASE}/calendar/99999").status_code == 422


def test_workdays_add_and_between(clerk_client):
    data = clerk_client.get(f"{BASE}/workdays/add", {"start": "2026-02-13", "n": "1"}).json()
    assert data["result"] == "2026-02-14" and data["warnings"] == []
    data = clerk_client.get(f"{BASE}/workdays/add", {"start": "2026-12-30", "n": "5"}).json()
    assert data["result"] == "2027-01-06"
    assert len(data["warnings"]) == 1 and "2027" in data["warnings"][0]
    data = clerk_client.get(f"{BASE}/workdays/between", {"start": "2025-09-30", "end": "2025-10-09"}).json()
    assert data["working_days"] == 1
    data = clerk_client.get(f"{BASE}/workdays/between", {"start": "2025-10-09", "end": "2025-09-30"}).json()
    assert data["working_days"] == -1


@pytest.mark.parametrize(
    "query",
    [
        "/workdays/add?start=2026-13-01&n=1",
        "/workdays/add?start=yesterday&n=1",
        "/workdays/add?n=1",
        "/workdays/add?start=2026-01-01&n=abc",
        "/workdays/add?start=2026-01-01&n=99999999",
        "/workdays/add?start=9999-12-30&n=5000",
        "/workdays/between?start=2026-01-01&end=2026-02-30",
        "/workdays/between?start=2026-01-01",
    ],
)
def test_malformed_input_is_422_with_message(clerk_client, query):
    resp = clerk_client.get(BASE + query)
    assert resp.status_code == 422
    assert resp.json()["detail"]


def test_bearer_token_works(clerk):
    from django.test import Client

    from apps.accounts.models import ApiToken

    key = ApiToken.generate_key()
    ApiToken.objects.create(user=clerk, name="t", key_hash=ApiToken.hash_key(key), created_by=clerk)
    resp = Client().get(
        f"{BASE}/workdays/between?start=2026-02-13&end=2026-02-24", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert resp.status_code == 200 and resp.json()["working_days"] == 2
