"""The API does what the pages do, with the same services, permissions and refusals: participants,
the programme (conflicts, versions, cancelling), seating reset, the programme document, the summary with
its follow-up tasks and the partner's activity log, gifts (approval, hand-in, report) and the leaders'
calendar (entries through the calendar's FilterSet, manual entries, private feeds)."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.visits import services
from apps.visits.models import CalendarEntry, FeedToken, Gift, Leader

from .conftest import add_people
from .test_flow import event_data, walk_to_approval

pytestmark = pytest.mark.django_db
J = "application/json"


def person(**kw):
    return {"side": "guest", "name": "马丁", "name_en": "Jean Martin", "rank": 50, **kw}


def event_body(visit, **kw):
    return {
        "kind": "talks",
        "title": "会谈",
        "date": visit.arrival_date.isoformat(),
        "start": "09:00",
        "end": "10:00",
        "venue": "市政府第一会议室",
        **kw,
    }


def test_participants_through_the_api_as_on_the_page(make_visit, people, login, leader_rec):
    visit = make_visit()
    c = login(people["clerk"])
    base = f"/api/visits/{visit.pk}/participants"
    r = c.post(base, person(), content_type=J)
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert r.json()["rank_label"] == "副厅局级"
    # a host with a diplomatic rank is refused as on the form; an unknown side too; what is kept is kept
    r = c.post(base, person(side="host", diplomatic_rank="ambassador"), content_type=J)
    assert r.status_code == 400 and "外交衔级只适用于外方" in r.json()["detail"]
    r = c.post(base, person(side="nobody"), content_type=J)
    assert r.status_code == 400 and "所属方" in r.json()["detail"]
    r = c.post(base, person(side="host", name="王市长", leader_id=leader_rec.pk), content_type=J)
    assert r.status_code == 201 and r.json()["leader_id"] == leader_rec.pk
    r = c.put(f"{base}/{pid}", person(title="副市长", rank=40), content_type=J)
    assert r.status_code == 200 and r.json()["title"] == "副市长"
    assert [p["name"] for p in c.get(base).json()] == ["马丁", "王市长"]  # guests first, as the page
    r = c.post(f"{base}/{pid}/remove")
    assert r.status_code == 200 and [p["name"] for p in r.json()] == ["王市长"]
    # another unit does not see the visit; a division that does not own it may not plan it
    other = login(people["other_clerk"], c=c.__class__())
    assert other.post(base, person(), content_type=J).status_code == 404
    geo = login(people["geo_staff"], c=c.__class__())
    assert geo.get(base).status_code == 404
    staff = login(people["staff"], c=c.__class__())
    r = staff.post(base, person(), content_type=J)
    assert r.status_code == 404  # a draft is the unit's own until it is submitted


def test_programme_through_the_api_conflicts_versions_cancel(make_visit, people, login, leader_rec):
    visit = make_visit()
    p = add_people(visit, people["clerk"], leader=leader_rec)
    other = make_visit("另一来访")
    q = add_people(other, people["clerk"], leader=leader_rec)
    services.event_save(
        visit=other,
        by=people["clerk"],
        data=event_data(other, date=visit.arrival_date, venue="别处"),
        participants=[q["h1"]],
    )
    c = login(people["clerk"])
    base = f"/api/visits/{visit.pk}/events"
    ids = [p["h1"].pk, p["g1"].pk, p["hi"].pk]
    r = c.post(base, event_body(visit, participant_ids=ids, door="end"), content_type=J)
    assert r.status_code == 201, r.content
    ev = r.json()
    assert ev["door"] == "end" and sorted(ev["participant_ids"]) == sorted(ids)
    assert any("市领导冲突" in x for x in ev["conflicts"])  # the mayor is in the other visit's talks
    # the leader's calendar follows
    assert CalendarEntry.objects.filter(event_id=ev["id"], leader=leader_rec).exists()
    # refusals: end before start, a date outside the visit, a person of another visit, a bad kind
    bad = [
        (event_body(visit, start="10:00", end="09:00"), "结束时间应晚于开始时间"),
        (event_body(visit, date=(visit.arrival_date - dt.timedelta(days=3)).isoformat()), "来访期间"),
        (event_body(visit, participant_ids=[q["g1"].pk]), "本来访登记的人员"),
        (event_body(visit, kind="party"), "活动类型无效"),
    ]
    for body, said in bad:
        r = c.post(base, body, content_type=J)
        assert r.status_code == 400 and said in r.json()["detail"], (body, r.content)
    # an edit with the version read, then a stale one
    url = f"{base}/{ev['id']}"
    stale = ev["version"]
    r = c.put(
        url, event_body(visit, participant_ids=ids, title="正式会谈", version=ev["version"]), content_type=J
    )
    assert r.status_code == 200 and r.json()["title"] == "正式会谈"
    assert r.json()["flags"] == ["法国", "中国"]  # bilateral, hosted by the Chinese side
    ev = r.json()
    multi = event_body(visit, participant_ids=ids, flag_layout="column", flag_countries=["FR", "AT"])
    r = c.put(url, {**multi, "version": ev["version"]}, content_type=J)
    assert r.status_code == 200 and r.json()["flags"] == ["中国", "奥地利", "法国"]
    ev = r.json()
    r = c.put(url, {**multi, "flag_layout": "circle", "version": ev["version"]}, content_type=J)
    assert r.status_code == 400 and "国旗排列" in r.json()["detail"]
    r = c.put(url, {**multi, "flag_countries": [], "version": ev["version"]}, content_type=J)
    assert r.status_code == 400 and "参加国" in r.json()["detail"]
    r = c.put(url, event_body(visit, participant_ids=ids, version=stale), content_type=J)
    assert r.status_code == 409
    visit.refresh_from_db()
    assert visit.programme_version >= 3
    # seating: swap then reset
    seat = f"{url}/seating"
    plan = c.get(seat).json()
    assert plan["edited"] is False
    r = c.post(f"{seat}/swap", {"seat_a": "H1", "seat_b": "G1", "version": plan["version"]}, content_type=J)
    assert r.status_code == 200 and r.json()["edited"] and r.json()["warnings"]
    r = c.post(f"{seat}/reset")
    assert r.status_code == 200 and not r.json()["edited"] and r.json()["warnings"] == []
    # the order of introductions: hosts first, then guests, without the interpreter
    intro = c.get(f"/api/visits/{visit.pk}/introductions").json()
    assert [i["name"] for i in intro] == ["王市长", "李主任", "赵处长", "马丁", "杜邦", "勒布朗"]
    # cancelling takes it out of the programme and the calendar; twice is refused
    r = c.post(f"{url}/cancel")
    assert r.status_code == 200 and r.json()["cancelled"]
    assert c.post(f"{url}/cancel").status_code == 400
    assert c.get(base).json() == []
    assert not CalendarEntry.objects.filter(event_id=ev["id"], cancelled_at__isnull=True).exists()
    # the programme document only after approval
    r = c.post(f"/api/visits/{visit.pk}/programme/issue")
    assert r.status_code == 400 and "获批后" in r.json()["detail"]


def test_visit_update_and_summary_with_follow_ups_and_partner_log(
    make_visit, people, login, divisions, france
):
    from apps.partners.models import Partner, PartnerActivity

    partner = Partner.objects.create(
        name_zh="圣艾蒂安市",
        country=france,
        category="friendship",
        division=divisions["europe_africa_oceania"],
    )
    visit = make_visit()
    c = login(people["clerk"])
    body = {
        "title": visit.title,
        "level": "important",
        "guest_country": "FR",
        "arrival_date": visit.arrival_date.isoformat(),
        "departure_date": visit.departure_date.isoformat(),
        "partner_id": partner.pk,
        "version": visit.version,
    }
    r = c.put(f"/api/visits/{visit.pk}", body, content_type=J)
    assert r.status_code == 200 and r.json()["partner"] == str(partner)
    assert c.put(f"/api/visits/{visit.pk}", body, content_type=J).status_code == 409
    r = c.put(f"/api/visits/{visit.pk}", {**body, "version": None, "guest_country": "XX"}, content_type=J)
    assert r.status_code == 400 and "XX" in r.json()["detail"]
    # no summary before approval
    summary = {"summary_outcomes": "双方同意互派青年代表团", "summary_agreements": "青年交流备忘录"}
    r = c.put(f"/api/visits/{visit.pk}/summary", summary, content_type=J)
    assert r.status_code == 403
    visit.refresh_from_db()
    walk_to_approval(visit, people)
    r = c.put(f"/api/visits/{visit.pk}/summary", {"summary_outcomes": " "}, content_type=J)
    assert r.status_code == 400 and "来访成果" in r.json()["detail"]
    r = c.put(f"/api/visits/{visit.pk}/summary", summary, content_type=J)
    assert r.status_code == 200 and r.json()["summary_filed_at"]
    # the partner's activity log has the visit by reference (one entry, following the summary)
    log = PartnerActivity.objects.get(partner=partner, case_id=visit.pk)
    assert log.kind == "visit_in" and "互派青年代表团" in log.summary
    c.put(f"/api/visits/{visit.pk}/summary", {**summary, "summary_outcomes": "签署备忘录"}, content_type=J)
    assert PartnerActivity.objects.filter(partner=partner, case_id=visit.pk).count() == 1
    assert "签署备忘录" in PartnerActivity.objects.get(partner=partner, case_id=visit.pk).summary
    assert AuditEvent.objects.filter(action="partners.activity_link").count() == 2
    # follow-up tasks with deadlines
    due = timezone.localdate() + dt.timedelta(days=30)
    fu = f"/api/visits/{visit.pk}/follow-ups"
    r = c.post(
        fu, {"task": "制定互访方案", "responsible": "市教育局", "due_date": due.isoformat()}, content_type=J
    )
    assert r.status_code == 201 and r.json()["due_date"] == due.isoformat()
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    r = c.post(fu, {"task": "x", "responsible": "y", "due_date": past}, content_type=J)
    assert r.status_code == 400 and "完成期限" in r.json()["detail"]
    items = c.get(fu).json()
    assert len(items) == 1 and items[0]["working_days_left"] > 0
    r = c.post(f"{fu}/{items[0]['id']}/done")
    assert r.status_code == 200 and r.json()["done"]
    assert c.post(f"{fu}/{items[0]['id']}/done").status_code == 400
    other = login(people["other_clerk"], c=c.__class__())
    assert (
        other.post(
            fu, {"task": "x", "responsible": "y", "due_date": due.isoformat()}, content_type=J
        ).status_code
        == 404
    )


def test_gifts_through_the_api(people, login, unit, other_unit):
    c = login(people["clerk"])
    body = {
        "direction": "received",
        "description": "景泰蓝花瓶",
        "counterpart": "圣艾蒂安市政府",
        "counterpart_country": "FR",
        "person": "王主任",
        "on_date": "2026-09-10",
        "value": "800.00",
    }
    r = c.post("/api/visits/gifts/", body, content_type=J)
    assert r.status_code == 201, r.content
    g = r.json()
    # one month later, moved past the National Day holiday to the next working day
    assert g["declaration_due"] == "2026-10-10" or g["declaration_due"] > "2026-10-09"
    assert g["reminder_days"] and all(d < g["declaration_due"] for d in g["reminder_days"])
    # refusals: a unit the clerk may not record for, a negative value (422 by the schema), a bad direction
    r = c.post("/api/visits/gifts/", {**body, "unit_id": other_unit.pk}, content_type=J)
    assert r.status_code == 400
    assert c.post("/api/visits/gifts/", {**body, "value": "-1"}, content_type=J).status_code == 422
    r = c.post("/api/visits/gifts/", {**body, "direction": "bought"}, content_type=J)
    assert r.status_code == 400 and "类别" in r.json()["detail"]
    # hand-in: only after the declaration, only by the office's gift managers, cash only to the treasury
    staff = login(people["staff"], c=c.__class__())
    hand = {"handed_in_on": timezone.localdate().isoformat(), "disposition": "displayed"}
    r = c.post(f"/api/visits/gifts/{g['id']}/hand-in", hand, content_type=J)
    assert r.status_code == 403
    r = staff.post(f"/api/visits/gifts/{g['id']}/hand-in", hand, content_type=J)
    assert r.status_code == 404  # the clerk's unit's gift is outside 涉外管理处's scope until it is its own
    assert c.post(f"/api/visits/gifts/{g['id']}/declare").status_code == 200
    gift = Gift.objects.get(pk=g["id"])
    Gift.objects.filter(pk=gift.pk).update(division=people["staff"].division)
    r = staff.post(f"/api/visits/gifts/{g['id']}/hand-in", {**hand, "disposition": "nowhere"}, content_type=J)
    assert r.status_code == 400 and "处理方式" in r.json()["detail"]
    r = staff.post(f"/api/visits/gifts/{g['id']}/hand-in", hand, content_type=J)
    assert r.status_code == 200 and r.json()["disposition_label"] == "陈列展示"
    # a gift to give: approved by an office leader, not by the one who registered it; given gifts only
    given = c.post(
        "/api/visits/gifts/", {**body, "direction": "given", "budget": "外事接待费"}, content_type=J
    )
    gid = given.json()["id"]
    assert given.json()["declaration_due"] is None
    assert c.post(f"/api/visits/gifts/{gid}/approve").status_code == 403
    assert c.post(f"/api/visits/gifts/{g['id']}/approve").status_code == 403
    boss = login(people["leader"], c=c.__class__())
    r = boss.post(f"/api/visits/gifts/{gid}/approve")
    assert r.status_code == 200 and r.json()["approved"]
    assert boss.post(f"/api/visits/gifts/{gid}/approve").status_code == 400
    assert boss.post(f"/api/visits/gifts/{g['id']}/approve").status_code == 400
    # the yearly report as on its page
    r = boss.get("/api/visits/gifts/report?year=2026")
    assert r.status_code == 200
    rep = r.json()
    assert rep["received"] == 1 and rep["given"] == 1 and rep["declared"] == 1 and rep["source"]
    assert boss.get("/api/visits/gifts/report?year=1900").status_code == 422


def test_calendar_through_the_api(people, login, make_user):
    mayor = Leader.objects.create(name="王市长", title="市长", rank=40)
    vice = Leader.objects.create(name="陈副市长", title="副市长", rank=50)
    own = make_user("mayor_login", roles=[])
    Leader.objects.filter(pk=mayor.pk).update(user=own)
    sec = login(people["staff"])
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    at = dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(9))
    body = {
        "leader_id": mayor.pk,
        "title": "出席国际友城论坛",
        "starts_at": at.isoformat(),
        "ends_at": (at + dt.timedelta(hours=2)).isoformat(),
        "location": "会展中心",
        "source": "conference",
    }
    r = sec.post("/api/visits/calendar/entries", body, content_type=J)
    assert r.status_code == 201, r.content
    first = r.json()
    r = sec.post(
        "/api/visits/calendar/entries",
        {**body, "title": "会见日本客人", "starts_at": (at + dt.timedelta(hours=1)).isoformat()},
        content_type=J,
    )
    assert r.status_code == 201 and r.json()["clash"]
    sec.post("/api/visits/calendar/entries", {**body, "leader_id": vice.pk}, content_type=J)
    # refusals: end before start, a visit's entry made by hand, an unknown leader
    bad = {**body, "ends_at": (at - dt.timedelta(hours=1)).isoformat()}
    assert sec.post("/api/visits/calendar/entries", bad, content_type=J).status_code == 400
    r = sec.post("/api/visits/calendar/entries", {**body, "source": "visit"}, content_type=J)
    assert r.status_code == 400 and "来源无效" in r.json()["detail"]
    assert (
        sec.post("/api/visits/calendar/entries", {**body, "leader_id": 999999}, content_type=J).status_code
        == 400
    )
    r = sec.put(
        f"/api/visits/calendar/entries/{first['id']}", {**body, "title": "友城论坛开幕式"}, content_type=J
    )
    assert r.status_code == 200 and r.json()["title"] == "友城论坛开幕式"
    # the week (default) for the secretariat: every leader; the conflicts marked
    rows = sec.get("/api/visits/calendar/entries").json()
    assert len(rows) == 3 and sum(x["clash"] for x in rows) == 2
    rows = sec.get(f"/api/visits/calendar/entries?leader={vice.pk}").json()
    assert [x["leader"] for x in rows] == ["陈副市长"]
    nxt = monday + dt.timedelta(days=7)
    assert sec.get(f"/api/visits/calendar/entries?start={nxt}&end={nxt + dt.timedelta(days=7)}").json() == []
    # an invalid range: 422 with the message, never a wider list
    r = sec.get(f"/api/visits/calendar/entries?start={nxt}&end={monday}")
    assert r.status_code == 422 and "结束日期" in str(r.json())
    r = sec.get(f"/api/visits/calendar/entries?start={monday}&end={monday + dt.timedelta(days=100)}")
    assert r.status_code == 422
    # the leader sees their own calendar only, and cannot write it; a unit clerk not at all
    me = login(own, c=sec.__class__())
    rows = me.get("/api/visits/calendar/entries").json()
    assert {x["leader"] for x in rows} == {"王市长"} and not any(x["editable"] for x in rows)
    assert me.get(f"/api/visits/calendar/entries?leader={vice.pk}").status_code == 422
    assert [x["name"] for x in me.get("/api/visits/calendar/leaders").json()] == ["王市长"]
    assert me.post("/api/visits/calendar/entries", body, content_type=J).status_code == 403
    clerk = login(people["clerk"], c=sec.__class__())
    assert clerk.get("/api/visits/calendar/entries").status_code == 403
    # private feeds: own leader only; revoke once; someone else's token is not found
    r = me.post("/api/visits/calendar/feeds", {"leader_id": vice.pk}, content_type=J)
    assert r.status_code == 400
    r = me.post("/api/visits/calendar/feeds", {"leader_id": mayor.pk}, content_type=J)
    assert r.status_code == 201 and r.json()["url"].endswith(".ics")
    fid = r.json()["id"]
    assert sec.post(f"/api/visits/calendar/feeds/{fid}/revoke").status_code == 404
    assert me.post(f"/api/visits/calendar/feeds/{fid}/revoke").json()["revoked"]
    assert me.post(f"/api/visits/calendar/feeds/{fid}/revoke").status_code == 400
    assert FeedToken.objects.get(pk=fid).revoked_at is not None
    assert AuditEvent.objects.filter(action__in=["visits.feed_create", "visits.feed_revoke"]).count() == 2
