"""Sister cities in Chromium, every step by clicking: the real partner list with its sources; an
establishment case from the clerk's application through the office's approval and the external chain
(city government → provincial FAO → CPAFFC) into the register; a base-level twinning case to approval;
a demo trip linked to a partner's activity log; the world map drawn offline with the partners on it
(screenshot checked pixel by pixel)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partners_demo(live_server, transactional_db):
    """Office, units, demo accounts, routing, the case types and the shipped partners (live_server
    first, as in test_shell); one departed trip to Japan to link."""
    from apps.accounts import demo as accounts_demo
    from apps.casework.demo import load_routing
    from apps.casework.models import CaseType
    from apps.org import demo as org_demo
    from apps.org.models import Division
    from apps.partners.migrations_data import ensure_case_types
    from apps.partners.services import shipped_partners_load
    from apps.reference.models import Country
    from apps.trips.migrations_data import ensure_case_type
    from apps.trips.models import Leg, Trip

    office = org_demo.load_office()
    units = org_demo.load_units()
    accounts_demo.load(office=office, units=units)
    load_routing({d.code: d for d in Division.objects.all()})
    ensure_case_types()
    ensure_case_type()
    shipped_partners_load()
    from apps.accounts.models import User

    clerk = User.objects.get(username="zhuanban_jy")
    today = timezone.localdate()
    trip = Trip.objects.create(
        case_type=CaseType.objects.get(code="trip"),
        title="赴日本半田市开展友好城市教育交流",
        applicant_unit=clerk.unit,
        created_by=clerk,
        state="closed",
        stage="closed",
        reference="徐外出〔2026〕0101",
        division=Division.objects.get(code="outbound"),
        departure_date=today - dt.timedelta(days=30),
        return_date=today - dt.timedelta(days=25),
        actual_departure_date=today - dt.timedelta(days=30),
        actual_return_date=today - dt.timedelta(days=25),
    )
    Leg.objects.create(trip=trip, country=Country.objects.get(iso2="JP"), city="半田")
    return trip


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)
    assert "/accounts/login" not in page.url, f"{username} could not sign in"


def act(page, name, **fields):
    form = page.locator(f"form[data-action={name}]")
    for field, value in fields.items():
        form.locator(f"[name={field}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_partner_list_cases_activity_and_map(page, live_server, partners_demo):
    today = timezone.localdate().isoformat()

    # the register: the real list with its sources (office staff)
    switch_user(page, live_server, "keyuan_oz")
    page.get_by_role("button", name="友好城市与国别").click()
    page.locator('[data-nav="partners"]').click()
    table = page.locator("[data-testid=partner-table]")
    expect(table).to_contain_text("圣艾蒂安")
    expect(table).to_contain_text("1984-03-27")
    expect(table).to_contain_text("afcloire.org")
    expect(table).to_contain_text("霍克斯湾大区")
    expect(table).not_to_contain_text("Newport")

    # 1. establishment: the clerk applies …
    switch_user(page, live_server, "zhuanban_jy")
    page.get_by_role("button", name="友好城市与国别").click()
    page.locator('[data-nav="partner_cases"]').click()
    page.locator("[data-testid=new-establishment]").click()
    page.fill("#id_partner_name_zh", "奥胡斯")
    page.fill("#id_partner_name_local", "Aarhus")
    page.select_option("#id_country", label="丹麦")
    page.fill("#id_intent_signed_on", "2025-03-01")
    page.fill("#id_exchanges_summary", "教育、文化代表团互访")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("草稿")
    case_url = page.url
    act(page, "submit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    # … the Europe division reviews, the leader approves …
    switch_user(page, live_server, "keyuan_oz")
    page.goto(case_url)
    act(page, "claim")
    act(page, "forward_for_approval")
    switch_user(page, live_server, "zhuren")
    page.goto(case_url)
    act(page, "approve")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")
    # … and the external approvals are recorded one by one, each with its document number and date
    switch_user(page, live_server, "keyuan_oz")
    page.goto(case_url)
    expect(page.locator("[data-testid=letter-link]")).to_be_visible()
    act(page, "record_city_approval", date=today)  # no number: refused, on the page
    expect(page.locator("[data-testid=case-error]")).to_contain_text("文号")
    act(page, "record_city_approval", number="徐政复〔2026〕18号", date=today)
    expect(page.locator("[data-testid=case-stage]")).to_have_text("已获市政府同意")
    act(page, "record_province_review", number="苏外复〔2026〕7号", date=today)
    act(page, "record_cpaffc_approval", number="友协〔2026〕3号", date=today)
    expect(page.locator("[data-testid=case-stage]")).to_have_text("全国友协已批准")
    external = page.locator("[data-testid=external]")
    for number in ("徐政复〔2026〕18号", "苏外复〔2026〕7号", "友协〔2026〕3号"):
        expect(external).to_contain_text(number)
    page.locator("[data-testid=established-partner]").click()
    expect(page.locator("[data-testid=source]")).to_contain_text("友协〔2026〕3号")
    expect(page.locator("[data-testid=activity]")).to_contain_text("缔结友好城市关系")

    # 2. base-level twinning: a school with one in Handa
    switch_user(page, live_server, "zhuanban_jy")
    page.goto(f"{live_server.url}/partners/cases/")
    page.locator("[data-testid=new-twinning]").click()
    page.select_option("#id_partner", label="半田市（日本）")
    page.select_option("#id_institution_kind", label="学校")
    page.fill("#id_local_institution", "徐州市第一中学")
    page.fill("#id_foreign_institution", "半田市立中学")
    page.fill("#id_line_authority", "徐州市教育局")
    page.fill("#id_line_authority_number", "徐教外〔2026〕5号")
    page.fill("#id_line_authority_date", today)
    page.get_by_role("button", name="保存草稿").click()
    twin_url = page.url
    act(page, "submit")
    switch_user(page, live_server, "keyuan_my")
    page.goto(twin_url)
    act(page, "claim")
    act(page, "forward_for_approval")
    switch_user(page, live_server, "zhuren")
    page.goto(twin_url)
    act(page, "approve")
    switch_user(page, live_server, "keyuan_my")
    page.goto(twin_url)
    act(page, "record_twinning_approval", date=today, number="苏外〔2026〕9号")
    expect(page.locator("[data-testid=case-error]")).to_contain_text("批准机关")  # said, typed kept
    expect(page.locator("#number-record_twinning_approval")).to_have_value("苏外〔2026〕9号")
    act(
        page,
        "record_twinning_approval",
        authority="江苏省人民政府外事办公室",
        number="苏外〔2026〕9号",
        date=today,
    )
    expect(page.locator("[data-testid=case-stage]")).to_have_text("已获批准并登记")
    act(page, "close")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")

    # 3. Handa's activity log: the twinning, and a demo trip linked by its reference
    page.goto(f"{live_server.url}/partners/")
    page.get_by_role("link", name="半田市").click()
    form = page.locator("[data-testid=link-form]")
    form.locator("[name=reference]").fill(partners_demo.reference)
    form.get_by_role("button", name="登记").click()
    activity = page.locator("[data-testid=activity]")
    expect(activity).to_contain_text(partners_demo.reference)
    expect(activity).to_contain_text("赴日本半田市开展友好城市教育交流")
    expect(activity).to_contain_text("半田市立中学")

    # 4. the map, offline (the page fixture fails on any request leaving 127.0.0.1)
    page.goto(f"{live_server.url}/partners/map/")
    world = page.locator("[data-testid=world-map]")
    expect(world).to_have_attribute("data-rendered", "true")
    page.wait_for_timeout(500)
    expect(page.locator("[data-testid=map-note]")).to_contain_text("审图号")
    shot = world.screenshot()
    _assert_map_drawn(shot)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path="var/partners-map-1366.png", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="var/partners-map-390.png", full_page=False)


def _assert_map_drawn(png: bytes) -> None:
    """The map has land (the pale fill and borders), and red partner dots."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = img.size
    red = land = 0
    for x in range(0, w, 2):
        for y in range(0, h, 2):
            r, g, b = img.getpixel((x, y))
            if r > 150 and g < 90 and b < 90:
                red += 1
            elif abs(r - 0xEE) < 12 and abs(g - 0xF3) < 12 and abs(b - 0xFB) < 12:
                land += 1
    assert land > 2000, f"no land drawn ({land} pale pixels)"
    assert red > 20, f"no partner dots ({red} red pixels)"
