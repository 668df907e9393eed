"""A foreign delegation's visit in Chromium, every step by clicking: a unit's clerk files it, adds the
delegation and the hosts, plans talks with the table's end towards the door; 涉外管理处 claims it and
forwards it, the leader approves; the clerk opens the seating plan (the guests on the right as one
enters) and prints it and the programme to PDF; after the visit the summary is written and the case
is closed. Screenshots of the main pages at desktop and phone widths go to the test's tmp folder."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "法国圣艾蒂安市青年代表团来访"


@pytest.fixture
def visits_demo(live_server, transactional_db):
    from apps.accounts import demo as accounts_demo
    from apps.casework.demo import load_routing
    from apps.org import demo as org_demo
    from apps.visits import demo as visits_demo
    from apps.visits.models import Leader
    from apps.visits.services import case_type

    office, units = org_demo.load()
    accounts_demo.load(office=office, units=units)
    load_routing({d.code: d for d in office.divisions.all()})
    case_type()
    visits_demo._staff_user()
    from apps.partners.models import Partner
    from apps.reference.models import Country

    Partner.objects.get_or_create(
        name_zh="圣艾蒂安市",
        defaults={
            "country": Country.objects.get(iso2="FR"),
            "category": "friendship",
            "division": office.divisions.get(code="europe_africa_oceania"),
        },
    )
    return Leader.objects.create(name="王建平", title="市长", rank=40)


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)
    assert "/accounts/login" not in page.url, f"{username} could not sign in"


def save(page):
    with page.expect_navigation():
        page.locator("[data-testid=save]").click()
    expect(page.locator(".invalid-feedback")).to_have_count(0)


def act(page, name, comment=""):
    form = page.locator(f"form[data-action={name}]")
    expect(form).to_be_visible()
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def add_person(page, side, name, rank, *, name_en="", title="", leader=None, role=""):
    page.locator("[data-testid=participant-new]").click()
    page.select_option("select[name=side]", side)
    page.fill("input[name=name]", name)
    page.fill("input[name=name_en]", name_en)
    page.fill("input[name=title]", title)
    page.select_option("select[name=rank]", str(rank))
    if role:
        page.select_option("select[name=role]", role)
    if leader:
        page.select_option("select[name=leader]", label=leader)
    save(page)
    expect(page.locator("[data-testid=participants]")).to_contain_text(name)


def test_visit_from_filing_to_summary_in_the_browser(page, live_server, visits_demo, tmp_path):
    from apps.reference.models import Country
    from apps.visits.models import Visit

    france = Country.objects.get(iso2="FR")
    arrival = timezone.localdate() + dt.timedelta(days=12)

    # --- the unit's clerk files the visit ---------------------------------------------------------
    switch_user(page, live_server, "zhuanban_jy")
    page.goto(f"{live_server.url}/visits/")
    page.locator("[data-testid=visit-new]").click()
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=level]", "important")
    page.select_option("select[name=guest_country]", str(france.pk))
    page.fill("input[name=head_name]", "Louis Fontaine")
    page.select_option("select[name=partner]", label="圣艾蒂安市")
    page.fill("input[name=arrival_date]", arrival.isoformat())
    page.fill("input[name=departure_date]", (arrival - dt.timedelta(days=1)).isoformat())
    with page.expect_navigation():
        page.locator("[data-testid=save]").click()
    # a mistake is explained on the form, and what was typed is kept
    expect(page.locator("[data-field=departure_date] .invalid-feedback")).to_contain_text(
        "离开日期不能早于抵达日期"
    )
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    page.fill("input[name=departure_date]", (arrival + dt.timedelta(days=1)).isoformat())
    save(page)
    expect(page.locator("[data-testid=case-state]")).to_have_text("草稿")

    add_person(page, "host", "王建平", 40, title="市长", leader="市长 王建平")
    add_person(page, "host", "周立群", 50, title="市外办主任")
    add_person(page, "host", "杨思远", 80, title="翻译", role="interpreter")
    add_person(page, "guest", "路易·方丹", 50, name_en="Louis Fontaine", title="副市长")
    add_person(page, "guest", "卡米尔·鲁", 60, name_en="Camille Roux", title="市议员")

    page.locator("[data-testid=event-new]").click()
    page.select_option("select[name=kind]", "talks")
    page.fill("input[name=title]", "青年交流合作会谈")
    page.fill("input[name=title_en]", "Talks on youth exchanges")
    page.fill("input[name=date]", arrival.isoformat())
    page.fill("input[name=start]", "10:00")
    page.fill("input[name=end]", "11:00")
    page.fill("input[name=venue]", "市政府第二会议室")
    page.select_option("select[name=door]", "end")
    for box in page.locator("input[name=participants]").all():
        box.check()
    save(page)
    expect(page.locator("[data-testid=programme]")).to_contain_text("青年交流合作会谈")
    act(page, "submit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    visit = Visit.objects.get(title=TITLE)
    assert visit.division.code == "foreign_affairs"  # important visitors: 涉外管理处

    # --- 涉外管理处 claims and forwards; the leader approves -----------------------------------------
    switch_user(page, live_server, "keyuan_sw")
    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    act(page, "claim")
    act(page, "forward_for_approval", "接待方案符合规定，建议批准")
    switch_user(page, live_server, "zhuren")
    page.goto(f"{live_server.url}/visits/")
    page.get_by_role("link", name=TITLE).click()
    act(page, "approve")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")

    # --- the clerk opens the seating plan and prints it and the programme ---------------------------
    switch_user(page, live_server, "zhuanban_jy")
    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(tmp_path / "visit_detail_desktop.png"), full_page=True)
    page.locator("[data-testid=seating-link]").first.click()
    expect(page.locator("[data-testid=seating-svg]")).to_be_visible()
    expect(page.locator("[data-testid=seating-ok]")).to_be_visible()
    expect(page.locator("[data-testid=rules]")).to_contain_text("宾客居右")
    # the guests on the right as one enters: in the picture (door at the bottom) the guest principal
    # sits right of the host principal
    g = page.locator("g[data-seat=G1] circle").bounding_box()
    h = page.locator("g[data-seat=H1] circle").bounding_box()
    assert g["x"] > h["x"]
    i = page.locator("g[data-seat=HI1] circle").bounding_box()
    assert i["y"] > h["y"]  # the interpreter on the host principal's right (down the table)
    page.screenshot(path=str(tmp_path / "seating_desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "seating_phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.locator("[data-testid=print-seating]").click()
    expect(page.locator("[data-testid=print-page]")).to_contain_text("会谈座次图")
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "seating.pdf"), format="A4")
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    page.locator("[data-testid=print-programme]").click()
    expect(page.locator("[data-testid=print-page]")).to_contain_text("青年交流合作会谈")
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "programme.pdf"), format="A4")
    page.emulate_media(media="screen")

    from apps.trips.tests.pdftext import pdf_text

    def squeezed(path):  # CJK glyphs come out with spaces between them
        return "".join(pdf_text(path).split())

    seating_text = squeezed(tmp_path / "seating.pdf")
    assert "路易·方丹" in seating_text and "LouisFontaine" in seating_text and "会谈座次图" in seating_text
    programme_text = squeezed(tmp_path / "programme.pdf")
    assert "青年交流合作会谈" in programme_text and "市政府第二会议室" in programme_text

    # --- after the visit: the summary, then the division closes it ----------------------------------
    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    page.locator("[data-testid=summary-edit]").click()
    page.fill("textarea[name=summary_outcomes]", "双方同意明年互派青年代表团。")
    page.fill("textarea[name=summary_follow_up]", "市教育局：制定互访方案，三月底前")
    save(page)
    expect(page.locator("[data-testid=summary]")).to_contain_text("互派青年代表团")
    # the partner city's activity log has the visit, by reference
    expect(page.locator("[data-testid=partner-logged]")).to_contain_text("圣艾蒂安市")
    from apps.partners.models import PartnerActivity

    assert PartnerActivity.objects.filter(case_id=visit.pk, partner__name_zh="圣艾蒂安市").count() == 1
    # a follow-up task with its deadline, assigned on the page
    due = timezone.localdate() + dt.timedelta(days=40)
    form = page.locator("[data-testid=follow-up-form]")
    form.locator("input[name=task]").fill("制定青年互访方案")
    form.locator("input[name=responsible]").fill("市教育局")
    form.locator("input[name=due_date]").fill(due.isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=follow-ups]")).to_contain_text("制定青年互访方案")
    expect(page.locator("[data-testid=follow-ups]")).to_contain_text(due.isoformat())
    expect(page.locator("[data-testid=follow-ups]")).to_contain_text("个工作日")
    switch_user(page, live_server, "keyuan_sw")
    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    act(page, "close")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "visit_detail_phone.png"), full_page=True)
    import shutil

    for name in (
        "visit_detail_desktop.png",
        "seating_desktop.png",
        "seating_phone.png",
        "visit_detail_phone.png",
        "seating.pdf",
        "programme.pdf",
    ):
        shutil.copy(tmp_path / name, f"/tmp/visits_{name}")
