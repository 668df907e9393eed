"""Gifts: the threshold, the declaration deadline and its reminders on the holiday calendar, hand-in and
approval; the leaders' calendar and its private iCalendar feed, parsed by the icalendar library."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.audit.models import AuditEvent
from apps.casework.models import Notification
from apps.core.errors import ServiceError
from apps.visits import selectors, services
from apps.visits.models import CalendarEntry, Gift, Leader

pytestmark = pytest.mark.django_db
D = dt.date


def gift(by, unit, **kw):
    data = {
        "direction": "received",
        "visit": None,
        "event": None,
        "description": "景泰蓝花瓶",
        "counterpart": "圣艾蒂安市政府",
        "counterpart_country": None,
        "person": "李主任",
        "on_date": D(2026, 9, 1),
        "returned_on": None,
        "value": Decimal("800"),
        "is_cash": False,
        "photo": None,
        "budget": "",
        "notes": "",
    }
    data.update(kw)
    return services.gift_create(by=by, unit=unit, data=data)


# --- the deadline on the holiday calendar ------------------------------------------------------------
def test_threshold_boundary():
    due = services.declaration_due
    assert due(on_date=D(2026, 3, 2), returned_on=None, value=Decimal("199.99"), is_cash=False) is None
    assert due(on_date=D(2026, 3, 2), returned_on=None, value=Decimal("200"), is_cash=False) == D(2026, 4, 2)
    # cash and securities always
    assert due(on_date=D(2026, 3, 2), returned_on=None, value=Decimal("50"), is_cash=True) == D(2026, 4, 2)


def test_deadline_moves_past_national_day_and_reminders_skip_the_mid_autumn_holiday():
    # one month after 2026-09-01 is 2026-10-01, inside 国庆节 (10-01 … 10-07): the next working day
    due = services.declaration_due(
        on_date=D(2026, 9, 1), returned_on=None, value=Decimal("800"), is_cash=False
    )
    assert due == D(2026, 10, 8)
    # 5 and 1 working days before: 中秋节 09-25 … 09-27 and the holiday week are not counted
    assert services.reminder_days(due) == [D(2026, 9, 23), D(2026, 9, 30)]


def test_received_abroad_counts_from_the_return_home():
    # returned 2026-01-15 → 2026-02-15, inside 春节 (02-15 … 02-23): 02-24
    due = services.declaration_due(
        on_date=D(2026, 1, 10), returned_on=D(2026, 1, 15), value=Decimal("300"), is_cash=False
    )
    assert due == D(2026, 2, 24)


def test_reminders_on_the_days_before_and_every_working_day_overdue(people, unit):
    g = gift(people["clerk"], unit)
    assert g.declaration_due == D(2026, 10, 8)
    assert services.gift_reminders(today=D(2026, 9, 22)) == 0
    assert services.gift_reminders(today=D(2026, 9, 23)) == 1
    assert services.gift_reminders(today=D(2026, 9, 23)) == 0  # never twice a day
    assert services.gift_reminders(today=D(2026, 10, 3)) == 0  # a holiday
    assert services.gift_reminders(today=D(2026, 9, 30)) == 1
    assert services.gift_reminders(today=D(2026, 10, 9)) == 1  # overdue
    texts = list(Notification.objects.filter(recipient=people["clerk"]).values_list("text", flat=True))
    assert any("2026-10-08 前申报" in t for t in texts) and any("已过" in t for t in texts)
    services.gift_declare(gift=g, by=people["clerk"])
    assert services.gift_reminders(today=D(2026, 10, 12)) == 0
    assert AuditEvent.objects.filter(action="visits.gift_remind").count() == 3


def test_hand_in_cash_only_to_the_treasury_and_only_after_declaration(people, unit):
    g = gift(people["clerk"], unit, is_cash=True, value=Decimal("1000"), description="现金")
    with pytest.raises(ServiceError, match="先申报"):
        services.gift_hand_in(gift=g, by=people["staff"], handed_in_on=D(2026, 9, 10), disposition="treasury")
    services.gift_declare(gift=g, by=people["clerk"])
    with pytest.raises(ServiceError, match="国库"):
        services.gift_hand_in(gift=g, by=people["staff"], handed_in_on=D(2026, 9, 10), disposition="kept")
    with pytest.raises(PermissionDenied):
        services.gift_hand_in(gift=g, by=people["clerk"], handed_in_on=D(2026, 9, 10), disposition="treasury")
    services.gift_hand_in(gift=g, by=people["staff"], handed_in_on=D(2026, 9, 10), disposition="treasury")
    g.refresh_from_db()
    assert g.disposition == "treasury"


def test_gifts_given_need_approval_by_a_leader_not_the_registrar(people, unit):
    g = gift(people["clerk"], unit, direction="given", description="徐州汉画像石拓片", budget="外事接待费")
    assert g.declaration_due is None
    with pytest.raises(PermissionDenied):
        services.gift_approve(gift=g, by=people["staff"])
    services.gift_approve(gift=g, by=people["leader"])
    g.refresh_from_db()
    assert g.approved_by == people["leader"]


def test_gifts_given_are_approved_within_the_units_yearly_budget(people, unit, login, settings):
    first = gift(people["clerk"], unit, direction="given", value=Decimal("600"))
    second = gift(people["clerk"], unit, direction="given", value=Decimal("500"))
    c = login(people["leader"])
    # no budget configured: the page says so, and nothing is checked
    body = c.get(reverse("visits:gift_detail", args=[first.pk])).content.decode()
    assert "赠礼预算：未配置" in body
    settings.WAIBAN = {**settings.WAIBAN, "VISITS_GIFT_GIVE_BUDGET": 1000}
    body = c.get(reverse("visits:gift_detail", args=[first.pk])).content.decode()
    assert "2026 年赠礼预算 1000 元" in body and "超出预算" not in body
    services.gift_approve(gift=first, by=people["leader"])
    # 600 approved + 500 > 1000: refused with the numbers and the regulation; the page marks it
    body = c.get(reverse("visits:gift_detail", args=[second.pk])).content.decode()
    assert "尚余 400" in body and "超出预算" in body, body[
        body.find("gift-budget") : body.find("gift-budget") + 300
    ]
    with pytest.raises(ServiceError) as err:
        services.gift_approve(gift=second, by=people["leader"])
    assert "超出预算" in str(err.value) and "第六条" in str(err.value)
    r = c.post(reverse("visits:gift_action", args=[second.pk, "approve"]))
    assert r.status_code == 400 and "超出预算" in r.content.decode()
    # exactly the remainder fits (the boundary); another year has its own budget
    exact = gift(people["clerk"], unit, direction="given", value=Decimal("400"))
    services.gift_approve(gift=exact, by=people["leader"])
    next_year = gift(people["clerk"], unit, direction="given", value=Decimal("900"), on_date=D(2027, 1, 4))
    services.gift_approve(gift=next_year, by=people["leader"])


def test_gift_scope_and_pages(login, people, unit, other_unit):
    mine = gift(people["clerk"], unit)
    theirs = gift(people["other_clerk"], other_unit, description="外单位礼品")
    assert set(selectors.gift_list(user=people["clerk"])) == {mine}
    c = login(people["clerk"])
    assert c.get(reverse("visits:gift_detail", args=[theirs.pk])).status_code == 404
    body = c.get(reverse("visits:gift_detail", args=[mine.pk])).content.decode()
    assert "2026-10-08" in body and "2026-09-23" in body
    body = c.get(reverse("visits:gift_list") + "?open=true").content.decode()
    assert "景泰蓝花瓶" in body and "外单位礼品" not in body
    r = c.post(
        reverse("visits:gift_new"),
        {
            "direction": "received",
            "unit": unit.pk,
            "description": "茶具",
            "counterpart": "x",
            "person": "y",
            "on_date": "2026-13-01",
            "value": "abc",
        },
    )
    assert r.status_code == 200 and "茶具" in r.content.decode()
    body = c.get(reverse("visits:gift_report") + "?year=2026").content.decode()
    assert "景泰蓝花瓶" in body and "外单位礼品" not in body


# --- the calendar and its feed -----------------------------------------------------------------------
def entry(leader, by, start, hours=1, title="会见外宾"):
    s = timezone.make_aware(start)
    return services.entry_save(
        by=by,
        data={
            "leader": leader,
            "title": title,
            "starts_at": s,
            "ends_at": s + dt.timedelta(hours=hours),
            "location": "市政府",
            "source": "manual",
            "notes": "",
        },
    )


def test_calendar_conflicts_and_week_view(login, people, make_user):
    mayor = Leader.objects.create(name="王市长", title="市长", rank=40)
    vice = Leader.objects.create(name="陈副市长", title="副市长", rank=50)
    a = entry(mayor, people["staff"], dt.datetime(2026, 12, 8, 9))
    b = entry(mayor, people["staff"], dt.datetime(2026, 12, 8, 9, 30), title="出席国际会议")
    c = entry(vice, people["staff"], dt.datetime(2026, 12, 8, 9))
    assert selectors.calendar_conflicts([a, b, c]) == {a.pk, b.pk}
    with pytest.raises(ServiceError):
        entry(mayor, people["staff"], dt.datetime(2026, 12, 8, 9), hours=0)
    with pytest.raises(PermissionDenied):
        entry(mayor, people["clerk"], dt.datetime(2026, 12, 9, 9))
    cl = login(people["staff"])
    body = cl.get(reverse("visits:calendar") + "?start=2026-12-08").content.decode()
    assert "出席国际会议" in body and "时间冲突" in body
    body = cl.get(reverse("visits:calendar") + "?start=2026-12-08&print=1").content.decode()
    assert "外事活动周计划" in body
    body = cl.get(reverse("visits:calendar") + "?start=2026-12-01&view=month").content.decode()
    assert "出席国际会议" in body
    # a leader with a login sees only their own calendar; a unit clerk sees none
    mayor_user = make_user("mayor")
    mayor.user = mayor_user
    mayor.save()
    own = login(mayor_user, c=cl.__class__())
    body = own.get(reverse("visits:calendar") + "?start=2026-12-08").content.decode()
    assert "出席国际会议" in body and "陈副市长" not in body
    assert login(people["clerk"], c=cl.__class__()).get(reverse("visits:calendar")).status_code == 403


def test_ical_feed_parsed_by_icalendar_only_the_owners_events_revocable(client, login, people):
    mayor = Leader.objects.create(name="王市长", title="市长", rank=40)
    vice = Leader.objects.create(name="陈副市长", title="副市长", rank=50)
    soon = timezone.localtime().replace(microsecond=0, second=0, tzinfo=None) + dt.timedelta(days=2)
    mine = entry(mayor, people["staff"], soon, title="会见法国代表团")
    entry(vice, people["staff"], soon, title="副市长的活动")
    c = login(people["staff"])
    r = c.post(reverse("visits:feeds"), {"leader": mayor.pk})
    assert r.status_code == 302
    token = services.FeedToken.objects.get(user=people["staff"], leader=mayor)
    body = c.get(reverse("visits:feeds")).content.decode()
    assert token.token in body
    anon = client.__class__()
    r = anon.get(reverse("visits_feed:ical", args=[token.token]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["会见法国代表团"]
    ev = events[0]
    assert ev.decoded("DTSTART") == mine.starts_at and str(ev["LOCATION"]) == "市政府"
    assert str(cal["X-WR-CALNAME"]).endswith("外事日程")
    assert AuditEvent.objects.filter(action="visits.feed_read").count() == 1
    # a wrong token and a revoked one: 404, nothing of the calendar
    assert anon.get(reverse("visits_feed:ical", args=["nope"])).status_code == 404
    r = c.post(reverse("visits:feed_revoke", args=[token.pk]))
    assert r.status_code == 302
    r = anon.get(reverse("visits_feed:ical", args=[token.token]))
    assert r.status_code == 404 and "会见" not in r.content.decode()
    # a user who loses the permission loses the feed
    t2 = services.feed_token_create(by=people["staff"], leader=mayor)
    people["staff"].is_active = False
    people["staff"].save()
    assert anon.get(reverse("visits_feed:ical", args=[t2.token])).status_code == 404


def test_programme_events_appear_in_the_leaders_calendar(make_visit, people, leader_rec):
    from .conftest import add_people
    from .test_flow import event_data

    visit = make_visit()
    p = add_people(visit, people["clerk"], leader=leader_rec)
    e = services.event_save(
        visit=visit, by=people["clerk"], data=event_data(visit), participants=[p["h1"], p["g1"]]
    )
    assert CalendarEntry.objects.filter(leader=leader_rec, event=e, cancelled_at__isnull=True).count() == 1
    services.event_save(
        visit=visit, by=people["clerk"], event=e, data=event_data(visit), participants=[p["g1"]]
    )
    assert CalendarEntry.objects.filter(leader=leader_rec, event=e, cancelled_at__isnull=True).count() == 0
    with pytest.raises(ServiceError):
        services.entry_save(by=people["staff"], entry=CalendarEntry.objects.get(event=e), data={})
    assert Gift.objects.count() == 0


def test_gift_reminders_command(people, unit):
    from io import StringIO

    from django.core.management import call_command

    gift(people["clerk"], unit)
    out = StringIO()
    call_command("gift_reminders", "--date", "2026-09-23", stdout=out)
    assert "1 reminder(s) sent" in out.getvalue()
