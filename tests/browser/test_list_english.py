"""The case list read in English, in Chromium: the unit filter (a searchable picker of every unit) offers
the units by their English names, a unit found by typing is chosen with Enter, and the list then keeps
it — at desktop and phone widths, in view and not covered."""

import pytest
from playwright.sync_api import expect

from .helpers import seen
from .test_i13_flows import SHOTS, switch_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_office(live_server, transactional_db):
    from apps.accounts import demo as accounts
    from apps.org import demo as org

    office, units = org.load()
    accounts.load(office=office, units=units)
    return units


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_the_unit_filter_offers_english_names_in_english(page, live_server, demo_office, width, height):
    switch_user(page, live_server, "keyuan")
    page.goto(f"{live_server.url}/cases/")
    page.locator("[data-testid=language-switch] [data-language=en]").first.click()
    page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": width, "height": height})  # the switch is in the phone's menu

    picker = page.locator("form.wb-filters > div", has=page.locator("select[name=unit]"))
    assert picker.locator("select[name=unit] option", has_text="Xuzhou Education Bureau").count() == 1
    assert picker.locator("select[name=unit] option", has_text="徐州市教育局").count() == 0
    picker.locator(".ts-control").click()
    picker.locator(".ts-dropdown").wait_for(state="visible")
    page.keyboard.type("Education")
    option = picker.locator(".ts-dropdown .option", has_text="Xuzhou Education Bureau").first
    expect(option).to_be_visible()
    option.scroll_into_view_if_needed()
    assert seen(option), "the unit found is not in view"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/list-unit-filter-en-{width}.png", full_page=False)
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.locator("form.wb-filters button[type=submit]").click()
    picker = page.locator("form.wb-filters > div", has=page.locator("select[name=unit]"))
    chosen = picker.locator(".ts-control .item")
    expect(chosen).to_have_text("Xuzhou Education Bureau")
    assert "unit=" in page.url
    expect(page.locator("[data-testid=empty]")).to_be_visible()  # no case of that unit in the demo office
