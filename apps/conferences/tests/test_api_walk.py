"""An international conference walked through the API only, from the request to its closing summary:
the same services as the pages (tests/browser/test_i13_flows.py walks it by clicking)."""

import datetime as dt


def _post(c, url, body=None):
    return c.post(url, body or {}, content_type="application/json")


def test_conference_from_request_to_summary_through_the_api(people, login, client):
    start = dt.date.today() + dt.timedelta(days=200)
    clerk = login(people["clerk"])
    r = _post(
        clerk,
        "/api/conferences/",
        {
            "title": "淮海国际教育合作研讨会",
            "name_en": "Huaihai International Education Cooperation Seminar",
            "start_date": str(start),
            "end_date": str(start + dt.timedelta(days=2)),
            "venue": "徐州",
            "organiser": "徐州市教育局",
            "total_participants": 150,
            "foreign_participants": 40,
            "countries": ["FR", "DE", "JP"],
            "contact_name": "王会务",
            "contact_phone": "0516-80000000",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    pk = body["id"]
    assert body["state"] == "draft" and "submit" in body["transitions"]
    r = _post(clerk, f"/api/conferences/{pk}/transitions/submit", {"version": body["version"]})
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "submitted" and r.json()["approving_level"] == "province"

    staff = login(people["staff"], c=type(client)())
    assert _post(staff, f"/api/conferences/{pk}/transitions/claim").status_code == 200
    r = _post(staff, f"/api/conferences/{pk}/transitions/forward_to_approver")
    assert r.status_code == 200, r.content
    assert r.json()["forwarded_reference"].startswith("徐外会报〔")
    r = _post(
        staff, f"/api/conferences/{pk}/transitions/record_approval", {"reference": "苏外复〔2026〕21号"}
    )
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "approved" and r.json()["approval_reference"] == "苏外复〔2026〕21号"

    # the organiser files the post-conference summary: the request is done
    r = _post(
        clerk,
        f"/api/conferences/{pk}/transitions/file_summary",
        {"actual_total": 142, "actual_foreign": 38, "actual_countries": 3, "summary": "会议顺利举行。"},
    )
    assert r.status_code == 200, r.content
    final = clerk.get(f"/api/conferences/{pk}").json()
    assert final["state"] == "closed" and final["transitions"] == [], final
    assert (final["actual_total"], final["actual_foreign"], final["actual_countries"]) == (142, 38, 3)
    assert _post(clerk, f"/api/conferences/{pk}/transitions/submit", {}).status_code in (400, 403, 409)

    # the list and its statistics by year and country, as on the page
    assert [x["id"] for x in staff.get("/api/conferences/").json()] == [pk]
    stats = staff.get("/api/conferences/stats").json()
    assert sorted((s["year"], s["country"], s["n"]) for s in stats) == [
        (start.year, "DE", 1),
        (start.year, "FR", 1),
        (start.year, "JP", 1),
    ]
    assert {s["country_label"] for s in stats} == {"法国", "德国", "日本"}
    other = login(people["other_clerk"], c=type(client)())
    assert other.get("/api/conferences/stats").json() == []  # the data scope applies
