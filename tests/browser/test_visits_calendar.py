"""The leaders' foreign-affairs calendar in Chromium: the vendored FullCalendar widget (no CDN) shows the
week and the month from the calendar's JSON API, marks the conflicting engagements and says so above the
calendar, switches to a list at phone width, prints the week plan; without JavaScript the server-drawn
grid is there instead. A leader with a login sees only their own engagements. Screenshots at 1366 px
and 390 px go to the test's tmp folder (and /tmp/visits_calendar_*.png)."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_shell import DEMO_PASSWORD
from .test_visits_flow import switch_user, visits_demo  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def week(visits_demo, make_user):  # noqa: F811
    from apps.visits.models import CalendarEntry, Leader

    mayor = visits_demo
    vice = Leader.objects.create(name="陈海燕", title="副市长", rank=50)
    # the mayor's own login: no role of the office, only the link to the leader's record
    mayor.user = make_user("shizhang", password=DEMO_PASSWORD)
    mayor.save()
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    wed = monday + dt.timedelta(days=2)

    def entry(leader, title, start, end, **kw):
        return CalendarEntry.objects.create(
            leader=leader, title=title, starts_at=start, ends_at=end, location="市政府", **kw
        )

    entry(mayor, "会见法国圣艾蒂安市代表团", at(wed, 9), at(wed, 10, 30))
    entry(mayor, "出席国际友城论坛", at(wed, 10), at(wed, 11, 30), source="conference")
    entry(vice, "会谈日本代表团", at(wed, 14), at(wed, 15, 30))
    return {"monday": monday, "wed": wed}


def test_the_calendar_widget_week_month_phone_print_and_no_js(page, browser, live_server, week, tmp_path):
    switch_user(page, live_server, "keyuan_sw")  # 涉外管理处 staff: the secretariat's calendar code
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/visits/calendar/")
    cal = page.locator("[data-testid=fullcalendar]")
    expect(cal.locator(".fc-timegrid")).to_be_visible()  # the week view of the vendored widget
    events = cal.locator("[data-testid=calendar-event]")
    expect(events).to_have_count(3)
    for i in range(3):
        expect(events.nth(i)).to_be_visible()
    # the conflicting engagements are marked, and the page says so
    expect(cal.locator(".fc-event.wb-cal-clash")).to_have_count(2)
    expect(cal.locator(".wb-cal-clash").first).to_contain_text("时间冲突")
    expect(page.locator("[data-testid=calendar-clash]")).to_be_visible()
    # the server-drawn grid is the fallback only
    expect(page.locator("[data-testid=calendar-fallback]")).to_be_hidden()
    box = events.first.bounding_box()
    assert box["width"] > 40 and box["height"] > 30, box
    page.screenshot(path=str(tmp_path / "week_desktop.png"), full_page=True)

    # the month view
    cal.locator(".fc-dayGridMonth-button").click()
    expect(cal.locator(".fc-daygrid")).to_be_visible()
    expect(cal.locator("[data-testid=calendar-event]")).to_have_count(3)
    expect(cal.locator("[data-testid=calendar-event]").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "month_desktop.png"), full_page=True)
    # the next month has none of them; back to the week
    cal.locator(".fc-next-button").click()
    expect(cal.locator("[data-testid=calendar-event]")).to_have_count(0)
    expect(page.locator("[data-testid=calendar-clash]")).to_be_hidden()
    cal.locator(".fc-today-button").click()
    cal.locator(".fc-timeGridWeek-button").click()
    expect(cal.locator("[data-testid=calendar-event]")).to_have_count(3)

    # the printable week plan of the week shown
    with page.expect_navigation():
        page.locator("[data-testid=print-week]").click()
    plan = page.locator("[data-testid=print-page]")
    expect(plan).to_contain_text("外事活动周计划")
    expect(plan).to_contain_text("出席国际友城论坛")
    expect(plan).to_contain_text("时间冲突")
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "week_plan.pdf"), format="A4")
    page.emulate_media(media="screen")
    from apps.trips.tests.pdftext import pdf_text

    text = "".join(pdf_text(tmp_path / "week_plan.pdf").split())
    assert "会见法国圣艾蒂安市代表团" in text and "会谈日本代表团" in text

    # at phone width: a list of the week, every engagement readable
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/visits/calendar/")
    expect(cal.locator(".fc-list")).to_be_visible()
    events = cal.locator("[data-testid=calendar-event]")
    expect(events).to_have_count(3)
    for i in range(3):
        expect(events.nth(i)).to_be_visible()
        b = events.nth(i).bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 390 + 1, b
    page.screenshot(path=str(tmp_path / "week_phone.png"), full_page=True)

    # the mayor's own login: only the mayor's engagements
    switch_user(page, live_server, "shizhang")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/visits/calendar/")
    expect(cal.locator("[data-testid=calendar-event]")).to_have_count(2)
    expect(cal).not_to_contain_text("会谈日本代表团")

    # without JavaScript: the server-drawn grid
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    try:
        nojs = context.new_page()
        nojs.goto(f"{live_server.url}/accounts/login/")
        nojs.fill("input[name=username]", "keyuan_sw")
        nojs.fill("input[name=password]", DEMO_PASSWORD)
        with nojs.expect_navigation():
            nojs.locator("[data-testid=login-form] button[type=submit]").click()
        nojs.goto(f"{live_server.url}/visits/calendar/")
        expect(nojs.locator("[data-testid=calendar-fallback]")).to_be_visible()
        expect(nojs.locator("[data-testid=calendar-entry]")).to_have_count(3)
        expect(nojs.locator("[data-testid=calendar-clash]")).to_be_visible()
    finally:
        context.close()
    for name in ("week_desktop.png", "month_desktop.png", "week_phone.png", "week_plan.pdf"):
        shutil.copy(tmp_path / name, f"/tmp/visits_calendar_{name}")
