"""A visit from filing to summary through the services and the engine; routing; scope; programme,
conflicts, seating edits with warnings; the calendar follows the programme."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.casework import services as cw
from apps.core.errors import ConflictError, ServiceError
from apps.visits import selectors, services
from apps.visits.models import CalendarEntry

from .conftest import add_people

pytestmark = pytest.mark.django_db


def event_data(visit, **kw):
    base = {
        "kind": "talks",
        "title": "会谈",
        "title_en": "Talks",
        "date": visit.arrival_date,
        "start": dt.time(9, 0),
        "end": dt.time(10, 0),
        "venue": "市政府第一会议室",
        "venue_en": "",
        "interpreters": "",
        "vehicles": "",
        "dietary": "",
        "dress": "",
        "press": "",
        "door": "long_side",
        "table_size": None,
        "hosted_by_guest": False,
    }
    return {**base, **kw}


def walk_to_approval(visit, people):
    cw.transition(case=visit, name="submit", by=people["clerk"])
    visit.refresh_from_db()
    cw.transition(case=visit, name="claim", by=people["staff"])
    cw.transition(case=visit, name="forward_for_approval", by=people["staff"])
    cw.transition(case=visit, name="approve", by=people["leader"])
    visit.refresh_from_db()
    return visit


def test_filing_to_summary(make_visit, people, leader_rec, divisions):
    visit = make_visit()
    p = add_people(visit, people["clerk"], leader=leader_rec)
    talks = services.event_save(
        visit=visit, by=people["clerk"], data=event_data(visit), participants=list(p.values())
    )
    visit = walk_to_approval(visit, people)
    assert visit.state == "approved"
    assert visit.division == divisions["foreign_affairs"]  # important visitors: 涉外管理处
    assert visit.reference.startswith("徐外接")
    # the leader's calendar has the talks
    entry = CalendarEntry.objects.get(event=talks)
    assert entry.leader == leader_rec and "会谈" in entry.title
    # the plan of the talks follows the rules
    plan = selectors.seating_plan(talks)
    assert plan.seat_of(str(p["g1"].pk)).x == plan.seat_of(str(p["h1"].pk)).x
    # no close without the summary
    with pytest.raises(ServiceError):
        cw.transition(case=visit, name="close", by=people["staff"])
    services.summary_save(
        visit=visit,
        by=people["clerk"],
        data={
            "summary_outcomes": "签署友好交流备忘录",
            "summary_agreements": "教育合作备忘录",
            "summary_follow_up": "",
        },
    )
    visit.refresh_from_db()
    cw.transition(case=visit, name="close", by=people["staff"])
    visit.refresh_from_db()
    assert visit.state == "closed"


def test_general_visits_go_to_the_division_of_their_region(make_visit, people, divisions):
    visit = make_visit(level="general")
    cw.transition(case=visit, name="submit", by=people["clerk"])
    visit.refresh_from_db()
    assert visit.division == divisions["europe_africa_oceania"]


def test_scope_units_see_only_their_own(make_visit, people, other_unit):
    mine = make_visit()
    theirs = make_visit("商务局接待", by=people["other_clerk"], unit_=other_unit)
    ids = set(selectors.visit_list(user=people["clerk"]).values_list("pk", flat=True))
    assert mine.pk in ids and theirs.pk not in ids
    with pytest.raises(Http404):
        selectors.visit_get(user=people["clerk"], pk=theirs.pk)
    # the other unit may not plan my visit
    with pytest.raises(PermissionDenied):
        services.event_save(visit=mine, by=people["other_clerk"], data=event_data(mine))


def test_event_outside_the_visit_dates_is_refused(make_visit, people):
    visit = make_visit()
    with pytest.raises(ServiceError, match="来访期间"):
        services.event_save(
            visit=visit,
            by=people["clerk"],
            data=event_data(visit, date=visit.departure_date + dt.timedelta(days=1)),
        )
    with pytest.raises(ServiceError, match="结束时间"):
        services.event_save(visit=visit, by=people["clerk"], data=event_data(visit, end=dt.time(8, 0)))


def test_conflicts_leader_and_venue_double_booked(make_visit, people, leader_rec, other_unit):
    a = make_visit()
    pa = add_people(a, people["clerk"], leader=leader_rec)
    ea = services.event_save(
        visit=a, by=people["clerk"], data=event_data(a), participants=[pa["h1"], pa["g1"]]
    )
    b = make_visit("另一来访")
    pb = add_people(b, people["clerk"], leader=leader_rec)
    eb = services.event_save(
        visit=b,
        by=people["clerk"],
        data=event_data(b, start=dt.time(9, 30), end=dt.time(11, 0)),
        participants=[pb["h1"], pb["hi"]],
    )
    found = selectors.conflicts_for(eb)
    assert any("场地冲突" in f for f in found)
    assert any("市领导冲突" in f and "王市长" in f for f in found)
    # not overlapping: no conflict
    services.event_save(
        visit=b,
        by=people["clerk"],
        event=eb,
        data=event_data(b, start=dt.time(10, 0), end=dt.time(11, 0)),
        participants=[pb["h1"]],
    )
    assert selectors.conflicts_for(eb) == []
    assert ea.pk


def test_conflicts_interpreter_in_two_places_and_shown_on_the_page(make_visit, people, login):
    a = make_visit()
    pa = add_people(a, people["clerk"])
    services.event_save(
        visit=a, by=people["clerk"], data=event_data(a, venue="甲会议室"), participants=[pa["hi"], pa["g1"]]
    )
    b = make_visit("另一来访")
    pb = add_people(b, people["clerk"])  # the same interpreter (孙译员) is booked for this visit too
    eb = services.event_save(
        visit=b,
        by=people["clerk"],
        data=event_data(b, venue="乙会议室", start=dt.time(9, 59), end=dt.time(11, 0)),
        participants=[pb["hi"], pb["g1"]],
    )
    found = selectors.conflicts_for(eb)
    assert found == ["译员冲突：孙译员 同时参加“会谈”"]
    from django.urls import reverse

    body = login(people["clerk"]).get(reverse("visits:detail", args=[b.pk])).content.decode()
    assert "译员冲突：孙译员" in body
    # back to back (ends when the other starts): no conflict
    services.event_save(
        visit=b,
        by=people["clerk"],
        event=eb,
        data=event_data(b, venue="乙会议室", start=dt.time(10, 0), end=dt.time(11, 0)),
        participants=[pb["hi"], pb["g1"]],
    )
    assert selectors.conflicts_for(eb) == []


def test_programme_version_and_stale_edit(make_visit, people):
    visit = make_visit()
    e = services.event_save(visit=visit, by=people["clerk"], data=event_data(visit))
    visit.refresh_from_db()
    v = visit.programme_version
    services.event_save(
        visit=visit, by=people["clerk"], event=e, data=event_data(visit, title="会谈（改）"), version=0
    )
    visit.refresh_from_db()
    assert visit.programme_version == v + 1
    with pytest.raises(ConflictError):
        services.event_save(visit=visit, by=people["clerk"], event=e, data=event_data(visit), version=0)


def test_seating_edit_is_kept_and_warned_then_reset(make_visit, people):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    e = services.event_save(
        visit=visit, by=people["clerk"], data=event_data(visit, kind="meeting"), participants=list(p.values())
    )
    plan = selectors.seating_plan(e)
    g1 = plan.seat_of(str(p["g1"].pk)).key
    g2 = plan.seat_of(str(p["g2"].pk)).key
    warnings = services.seating_swap(visit=visit, by=people["clerk"], event=e, seat_a=g1, seat_b=g2)
    assert warnings and "杜邦" in str(warnings[0].text)
    e.refresh_from_db()
    assert selectors.seating_plan(e).seat_of(str(p["g2"].pk)).key == g1
    with pytest.raises(ConflictError):
        services.seating_swap(visit=visit, by=people["clerk"], event=e, seat_a=g1, seat_b=g2, version=0)
    services.seating_reset(visit=visit, by=people["clerk"], event=e)
    e.refresh_from_db()
    assert selectors.seating_plan(e).seat_of(str(p["g1"].pk)).key == g1


def test_equal_rank_guests_ordered_by_notification_date(make_visit, people):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    e = services.event_save(
        visit=visit, by=people["clerk"], data=event_data(visit, kind="photo"), participants=list(p.values())
    )
    plan = selectors.seating_plan(e)
    # 杜邦 was notified first: the senior seat of the two equal-rank councillors
    assert plan.seat_of(str(p["g2"].pk)).seniority < plan.seat_of(str(p["g3"].pk)).seniority


def test_follow_ups_with_deadlines_after_the_summary(make_visit, people, login):
    from django.urls import reverse
    from django.utils import timezone

    visit = walk_to_approval(make_visit(), people)
    due = timezone.localdate() + dt.timedelta(days=14)
    with pytest.raises(ServiceError):
        services.follow_up_add(
            visit=visit, by=people["clerk"], data={"task": "", "responsible": "x", "due_date": due}
        )
    with pytest.raises(PermissionDenied):
        services.follow_up_add(
            visit=visit, by=people["other_clerk"], data={"task": "t", "responsible": "x", "due_date": due}
        )
    c = login(people["clerk"])
    r = c.post(
        reverse("visits:follow_up_add", args=[visit.pk]),
        {"task": "制定互访方案", "responsible": "市教育局", "due_date": due.isoformat()},
    )
    assert r.status_code == 302
    body = c.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "制定互访方案" in body and "个工作日" in body
    item = visit.follow_ups.get()
    # the case closes; the unit still ticks the task off
    services.summary_save(visit=visit, by=people["clerk"], data={"summary_outcomes": "成果"})
    visit.refresh_from_db()
    cw.transition(case=visit, name="close", by=people["staff"])
    visit.refresh_from_db()
    r = c.post(reverse("visits:follow_up_done", args=[visit.pk, item.pk]))
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None


def test_api_seating_and_swap(make_visit, people, login):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    e = services.event_save(
        visit=visit, by=people["clerk"], data=event_data(visit, kind="meeting"), participants=list(p.values())
    )
    c = login(people["clerk"])
    url = f"/api/visits/{visit.pk}/events/{e.pk}/seating"
    r = c.get(url)
    assert r.status_code == 200 and r.json()["warnings"] == []
    r = c.post(
        url + "/swap", {"seat_a": "G1", "seat_b": "G2", "version": e.version}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["warnings"] and any("杜邦" in w for w in r.json()["warnings"])
    r = c.post(url + "/swap", {"seat_a": "G1", "seat_b": "G2", "version": 0}, content_type="application/json")
    assert r.status_code == 409
    other = login(people["other_clerk"], c=c.__class__())
    assert other.get(url).status_code == 404
