"""A consular incident walked through the API only: opened, units tasked, a unit reports its task done,
the death-case checklist and the situation report, closed with a summary (the same services as the
pages; tests/browser/test_i13_flows.py walks it by clicking)."""

import datetime as dt


def _post(c, url, body=None):
    return c.post(url, body or {}, content_type="application/json")


def test_incident_from_opening_to_closing_through_the_api(people, login, client, unit):
    staff = login(people["staff"])
    r = _post(
        staff,
        "/api/incidents/",
        {
            "title": "法籍人员在徐意外死亡",
            "direction": "inbound",
            "kind": "death",
            "severity": "major",
            "occurred_on": str(dt.date.today()),
            "place": "徐州市某区",
            "country": "FR",
            "persons": "Jean DUPONT（生成的姓名），法国，普通护照",
            "summary": "在徐旅游期间意外死亡。",
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["state"] != "closed"

    due = str(dt.date.today() + dt.timedelta(days=3))
    r = _post(
        staff,
        f"/api/incidents/{pk}/tasks",
        {"unit_id": unit.pk, "description": "协助家属办理后事", "due_date": due},
    )
    assert r.status_code == 201, r.content
    task = r.json()["tasks"][0]
    assert task["unit"] == unit.name and task["done_on"] is None

    # the tasked unit's clerk is now inside the circle and reports the task done
    clerk = login(people["clerk"], c=type(client)())
    assert clerk.get(f"/api/incidents/{pk}").status_code == 200
    r = _post(clerk, f"/api/incidents/{pk}/tasks/{task['id']}/done", {"note": "已协助家属办理。"})
    assert r.status_code == 200, r.content
    assert r.json()["tasks"][0]["done_note"] == "已协助家属办理。"
    assert _post(clerk, f"/api/incidents/{pk}/close", {"summary": "x"}).status_code == 403

    r = _post(staff, f"/api/incidents/{pk}/entries", {"kind": "notification", "text": "已通报法国驻华使馆。"})
    assert r.status_code == 201, r.content
    r = _post(staff, f"/api/incidents/{pk}/checklist", {"key": "notify_mission", "done": True})
    assert r.status_code == 200 and r.json()["checklist"]["notify_mission"] == str(dt.date.today())
    assert _post(staff, f"/api/incidents/{pk}/checklist", {"key": "no_such_item"}).status_code == 400

    r = staff.get(f"/api/incidents/{pk}/report.pdf")  # 情况报告
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")

    version = staff.get(f"/api/incidents/{pk}").json()["version"]
    r = _post(
        staff, f"/api/incidents/{pk}/close", {"summary": "遗体已火化，骨灰由家属带回。", "version": version}
    )
    assert r.status_code == 200, r.content
    final = staff.get(f"/api/incidents/{pk}").json()
    assert final["state"] == "closed" and final["state_label"]
    assert (
        final["closing_summary"] == "遗体已火化，骨灰由家属带回。" and final["entries"][-1]["kind"] == "state"
    )
    assert _post(staff, f"/api/incidents/{pk}/entries", {"text": "结案后"}).status_code == 400
    assert staff.get(f"/api/incidents/{pk}/report.pdf?kind=closing").status_code == 200

    stats = staff.get("/api/incidents/stats").json()
    assert [(s["year"], s["country"], s["n"]) for s in stats] == [(dt.date.today().year, "FR", 1)]
    # outside the circle: no statistics either
    assert login(people["out_staff"], c=type(client)()).get("/api/incidents/stats").json() == []
