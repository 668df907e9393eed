"""The API walks the same flow as the pages: register, apply for a group, send back, issue, close out."""

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import REG_DATA

pytestmark = pytest.mark.django_db


def _api(client, method, url, body=None):
    fn = getattr(client, method)
    return fn(url, body, content_type="application/json") if body is not None else fn(url)


def _group(n=3, **over):
    entry = timezone.localdate() + dt.timedelta(days=35)
    data = {
        "title": "邀请日本企业代表团考察",
        "purpose": "商务洽谈",
        "entry_date": entry.isoformat(),
        "stay_days": 5,
        "cities": "徐州",
        "visa_type": "M",
        "entries": "double",
        "validity_months": 6,
        "invitees": [
            {
                "name": f"Sample Name{i}",
                "sex": "M",
                "date_of_birth": "1970-01-0" + str(i + 1),
                "nationality": "JP",
                "passport_number": f"TZ00{i}1234",
                "passport_expiry": "2033-01-01",
            }
            for i in range(n)
        ],
    }
    data.update(over)
    return data


def test_the_flow_through_the_api(client, login, people):
    login(people["clerk"])
    r = _api(client, "post", "/api/invitations/registrations", {**REG_DATA})
    assert r.status_code == 201, r.content
    reg = r.json()
    r = _api(client, "post", "/api/invitations/", _group())
    assert r.status_code == 201, r.content
    inv = r.json()
    assert len(inv["invitees"]) == 3 and inv["invitees"][0]["passport_number_masked"].startswith("TZ")
    # not registered yet (pending): submission refused with the reason
    r = _api(client, "post", f"/api/invitations/{inv['id']}/transitions/submit", {})
    assert r.status_code == 400 and "备案" in r.json()["detail"]

    login(people["staff"])
    r = _api(client, "post", f"/api/invitations/registrations/{reg['id']}/review", {"decision": "approve"})
    assert r.status_code == 200 and r.json()["status"] == "approved"

    login(people["clerk"])
    r = _api(client, "post", f"/api/invitations/{inv['id']}/transitions/submit", {"version": inv["version"]})
    assert r.status_code == 200 and r.json()["state"] == "submitted"

    login(people["staff"])
    for name, body in (("claim", {}), ("send_back", {"comment": "请补充日程"})):
        r = _api(client, "post", f"/api/invitations/{inv['id']}/transitions/{name}", body)
        assert r.status_code == 200, r.content
    login(people["clerk"])
    r = _api(client, "put", f"/api/invitations/{inv['id']}", _group(itinerary="逐日日程"))
    assert r.status_code == 200, r.content
    r = _api(client, "post", f"/api/invitations/{inv['id']}/transitions/resubmit", {})
    assert r.status_code == 200 and r.json()["state"] == "in_review"
    # the applicant may not issue
    r = _api(client, "post", f"/api/invitations/{inv['id']}/transitions/issue", {})
    assert r.status_code == 403
    login(people["staff"])
    r = _api(client, "post", f"/api/invitations/{inv['id']}/transitions/issue", {})
    assert r.status_code == 200 and r.json()["stage"] == "issued"
    data = r.json()
    assert data["letter_number"] and data["verification_code"]

    login(people["clerk"])
    ids = [i["id"] for i in data["invitees"]]
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    outcomes = [{"invitee_id": ids[0], "came": True, "actual_entry": day, "actual_exit": day}] + [
        {"invitee_id": i, "came": False} for i in ids[1:]
    ]
    r = _api(client, "post", f"/api/invitations/{inv['id']}/close-out", {"outcomes": outcomes})
    assert r.status_code == 200 and r.json()["stage"] == "closed_out"
    assert [i["outcome"] for i in r.json()["invitees"]] == ["came", "not_came", "not_came"]

    # another unit sees nothing
    login(people["other_clerk"])
    assert _api(client, "get", f"/api/invitations/{inv['id']}").status_code == 404
    assert _api(client, "get", "/api/invitations/").json() == []


def test_api_refusals(client, login, people, registered):
    login(people["clerk"])
    r = _api(client, "post", "/api/invitations/", _group(invitees=[]))
    assert r.status_code == 400 and "被邀请人" in r.json()["detail"]
    bad = _group()
    bad["invitees"][0]["nationality"] = "ZZ"
    r = _api(client, "post", "/api/invitations/", bad)
    assert r.status_code == 400 and "国籍" in r.json()["detail"]
    r = _api(client, "post", "/api/invitations/", _group(stay_days=181))
    assert r.status_code == 201
    r = _api(client, "post", f"/api/invitations/{r.json()['id']}/transitions/submit", {})
    assert r.status_code == 400 and "180" in r.json()["detail"]
