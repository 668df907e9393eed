"""A foreign journalist walked through the API only: registered (the deadline computed), an interview
request refused without the interviewee's consent, consent recorded, submitted, agreed, linked to the
register and closed with its outcome (tests/browser/test_i13_flows.py walks it by clicking)."""

import datetime as dt


def _post(c, url, body=None):
    return c.post(url, body or {}, content_type="application/json")


def test_journalist_registered_and_interview_to_outcome_through_the_api(people, login, client):
    staff = login(people["staff"])
    r = _post(
        staff,
        "/api/journalists/",
        {
            "name": "Lukas MUSTERMANN",
            "nationality": "DE",
            "kind": "resident",
            "visa_kind": "J1",
            "media": "示例新闻社",
            "arrival_date": "2026-02-06",
        },
    )
    assert r.status_code == 201, r.content
    journalist = r.json()
    # 7 working days after Fri 02-06 across 春节 with the 调休 Saturday 02-14 worked: Tue 02-24
    assert journalist["deadlines"][0]["due"] == "2026-02-24"

    clerk = login(people["clerk"], c=type(client)())
    request = {
        "journalist_name": "Lukas MUSTERMANN",
        "media": "示例新闻社",
        "nationality": "DE",
        "visa_kind": "J1",
        "interviewee": "徐州某中学校长",
        "topic": "中德友好学校交流",
        "planned_date": str(dt.date.today() + dt.timedelta(days=10)),
    }
    r = _post(clerk, "/api/journalists/interviews", request)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = _post(clerk, f"/api/journalists/interviews/{pk}/transitions/submit")
    assert r.status_code == 400 and "第十七条" in r.json()["detail"]  # no consent on the record
    version = clerk.get(f"/api/journalists/interviews/{pk}").json()["version"]
    r = clerk.put(
        f"/api/journalists/interviews/{pk}",
        {**request, "consent_given": True, "consent_on": str(dt.date.today()), "version": version},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["consent_given"], r.content
    r = _post(clerk, f"/api/journalists/interviews/{pk}/transitions/submit")
    assert r.status_code == 200 and r.json()["state"] == "submitted", r.content

    assert _post(staff, f"/api/journalists/interviews/{pk}/transitions/claim").status_code == 200
    r = _post(staff, f"/api/journalists/interviews/{pk}/journalist", {"journalist_id": journalist["id"]})
    assert r.status_code == 200 and r.json()["journalist_id"] == journalist["id"], r.content
    r = _post(clerk, f"/api/journalists/interviews/{pk}/journalist", {"journalist_id": None})
    assert r.status_code == 403  # only the division links
    r = _post(staff, f"/api/journalists/interviews/{pk}/transitions/agree")
    assert r.status_code == 200 and r.json()["state"] == "approved", r.content

    r = _post(
        clerk,
        f"/api/journalists/interviews/{pk}/transitions/record_outcome",
        {"comment": "采访顺利，报道客观。"},
    )
    assert r.status_code == 200, r.content
    final = clerk.get(f"/api/journalists/interviews/{pk}").json()
    assert final["state"] == "closed" and final["transitions"] == [], final
    assert final["outcome"] == "采访顺利，报道客观。" and final["journalist_id"] == journalist["id"]

    stats = staff.get("/api/journalists/stats").json()
    assert [(s["year"], s["country"], s["country_label"], s["n"]) for s in stats] == [(2026, "DE", "德国", 1)]
