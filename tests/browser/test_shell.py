"""The UI shell in Chromium: every demo role signs in, sees its own navigation, switches to English and
finds no untranslated interface text; no request ever leaves 127.0.0.1 (asserted by the `page` fixture)."""

import base64
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DEMO_PASSWORD = "Waiban#2026demo"
ROLES = [
    "zhuren",
    "chuzhang",
    "keyuan",
    "zhuanban",
    "qianpi",
    "chufang",
    "shenji",
    "xitong",
    "anquan",
    "shenjiyuan",
]
# Interface chrome that must be translated (data such as people's names lives elsewhere on the page).
CHROME = "nav, h1, h2, h3, h4, label, button, th, .btn, .card-title, .breadcrumb"


@pytest.fixture
def demo(live_server, transactional_db):
    # Requested after live_server on purpose: set up the other way round, the serialized rollback of
    # the migrations' reference data does not happen between live-server tests.
    call_command("load_demo", verbosity=0)


def sign_in(page, live_server, username):
    from apps.accounts.models import User

    user = User.objects.get(username=username)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("[data-testid=login-form] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    if "/2fa/" in page.url:
        # Administration roles must use two-factor: enrol (setup) or verify with a TOTP code.
        if "setup" in page.url and page.locator("[data-testid=enrolment-code-form]").count():
            # An administrator's first enrolment: the one-time code the security administrator issued.
            from apps.accounts.enrolment import code_issue

            _row, code = code_issue(user=user, by=None)
            page.fill("input[name=enrolment_code]", code)
            page.locator("[data-testid=enrolment-code-form] button[type=submit]").click()
            page.wait_for_load_state("networkidle")
        if "setup" in page.url:
            # Read the key the page shows for manual entry, as a person would type it into an app.
            secret = page.locator("[data-testid=totp-secret]").inner_text().replace(" ", "").upper()
            key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        else:
            key = bytes.fromhex(TOTPDevice.objects.get(user=user, confirmed=True).key)
        page.fill("input[name=otp_token]", f"{totp(key):06d}")
        page.locator("[data-testid=setup-2fa-form], [data-testid=verify-2fa-form]").locator(
            "button[type=submit]"
        ).click()
        page.wait_for_load_state("networkidle")
    return user


def chrome_text(page) -> str:
    return "\n".join(page.locator(CHROME).all_inner_texts())


def test_each_role_sees_its_navigation_in_both_languages(browser, live_server, demo):
    """One test walks every role (the demo data is loaded once): a fresh browser context per role."""
    from tests.browser.helpers import new_page

    for username in ROLES:
        with new_page(browser) as page:
            check_role(page, live_server, username)


def check_role(page, live_server, username):
    from django.utils import translation

    from apps.web import navigation

    user = sign_in(page, live_server, username)
    assert "/accounts/login" not in page.url, f"{username} could not sign in"
    nav = page.locator("[data-testid=main-nav]").inner_text()
    with translation.override("zh-hans"):
        expected = [str(item.label) for group in navigation.menu_for(user) for item in group.items]
    assert expected, f"{username} has no navigation"
    for label in expected:
        assert label in nav or label in page.content(), f"{username}: menu item {label!r} missing"
    # Every link in the menu opens a page that works (no dead links, no error pages).
    hrefs = page.locator("[data-testid=main-nav] a[href^='/']").evaluate_all("els => els.map(e => e.href)")
    for href in dict.fromkeys(hrefs):
        response = page.request.get(href)
        assert response.status == 200, f"{username}: {href} answered {response.status}"

    # Switch to English with the switch on the page.
    page.locator("[data-testid=language-switch] [data-language=en]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    # Data may stay Chinese (the user's own name in the user menu); the interface may not.
    leftovers = CJK.findall(chrome_text(page).replace("简体中文", "").replace(user.full_name, ""))
    assert not leftovers, f"{username}: untranslated interface text in English: {''.join(leftovers)[:80]}"
    with translation.override("en"):
        for group in navigation.menu_for(user):
            for item in group.items:
                assert str(item.label) in page.content(), f"{username}: {item.label!r} missing in English"
    # On a phone the English shell still fits: the office's long English name wraps beside the menu
    # button (it once pushed every English page 300 px sideways at 390 px).
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{username}: the English page scrolls sideways by {overflow}px at 390 px"
    brand = page.locator(".wb-brand").bounding_box()
    toggler = page.locator(".navbar-toggler").bounding_box()
    assert brand["x"] >= 0 and brand["x"] + brand["width"] <= 390, f"{username}: brand outside the phone"
    assert brand["x"] + brand["width"] <= toggler["x"] or brand["y"] + brand["height"] <= toggler["y"], (
        f"{username}: the office's name covers the menu button"
    )
