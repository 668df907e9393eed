"""An honorary citizen nomination walked through the API only, from the nomination to the ceremony and
the public list (tests/browser/test_i13_flows.py walks it by clicking)."""

import datetime as dt

from django.urls import reverse

from apps.honours import conf


def _post(c, url, body=None):
    return c.post(url, body or {}, content_type="application/json")


def test_nomination_to_ceremony_through_the_api(people, login, client):
    clerk = login(people["clerk"])
    r = _post(
        clerk,
        "/api/honours/",
        {
            "nominee_name": "Hans MUSTERMANN",
            "nationality": "DE",
            "employer": "某中德合资企业",
            "supervising_body": "徐州市教育局",
            "working_since": "2015-01-01",
            "contributions": "长期推动中德职业教育合作。",
            "consent_publicity": True,
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["conditions_met"] and r.json()["consent_publicity"]
    r = _post(clerk, f"/api/honours/{pk}/transitions/submit")
    assert r.status_code == 200 and r.json()["state"] == "submitted", r.content

    staff = login(people["staff"], c=type(client)())
    assert _post(staff, f"/api/honours/{pk}/transitions/claim").status_code == 200
    for body in conf.REVIEW_BODIES.value:  # every body of the review panel gives its opinion
        r = _post(
            staff,
            f"/api/honours/{pk}/opinions",
            {"body": body, "member_name": "评审成员", "agrees": True, "opinion": "同意推荐"},
        )
        assert r.status_code == 201, r.content
    r = _post(staff, f"/api/honours/{pk}/transitions/forward_to_city")
    assert r.status_code == 200, r.content
    r = _post(
        staff, f"/api/honours/{pk}/transitions/record_city_approval", {"reference": "徐政复〔2026〕5号"}
    )
    assert r.status_code == 200 and r.json()["state"] == "approved", r.content
    r = _post(staff, f"/api/honours/{pk}/transitions/record_ceremony", {"ceremony_on": str(dt.date.today())})
    assert r.status_code == 200, r.content

    final = clerk.get(f"/api/honours/{pk}").json()
    assert final["state"] == "closed" and final["transitions"] == [], final
    assert [n["id"] for n in staff.get("/api/honours/").json()] == [pk]
    stats = staff.get("/api/honours/stats").json()
    assert [(s["year"], s["country"], s["country_label"], s["n"]) for s in stats] == [
        (dt.date.today().year, "DE", "德国", 1)
    ]
    # consented to publicity: on the public list of honorary citizens
    assert "Hans MUSTERMANN" in type(client)().get(reverse("honours:public_list")).content.decode()
