"""The sign-in, forced password change and administrator enrolment pages in Chromium, at 1366×768 and on a
phone (390×844): each page's message, form and button are visible and nothing overflows sideways.
Screenshots go to test-results/account-security/."""

from pathlib import Path

import pytest
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "account-security"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
PASSWORD = "Waiban-Test-2026!"


def look(page, name: str, *selectors: str) -> None:
    """At both widths: the selectors are visible inside the viewport's width, the page does not scroll
    sideways; a full-page screenshot of each."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {label}"
        for selector in selectors:
            box = page.locator(selector).first.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"{name}: {selector} not shown at {label}"
            assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1, (
                f"{name}: {selector} outside the page at {label}"
            )
        page.screenshot(path=str(RESULTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])


def sign_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("[data-testid=login-form] button[type=submit]").click()


def test_sign_in_page_says_why_a_session_ended(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/?ended=replaced")
    assert "已在其他地方登录" in page.locator("[data-testid=session-ended]").inner_text()
    look(page, "login-replaced", "[data-testid=session-ended]", "[data-testid=login-form] button")
    page.goto(f"{live_server.url}/accounts/login/?ended=expired")
    assert "12 小时" in page.locator("[data-testid=session-ended]").inner_text()
    look(page, "login-expired", "[data-testid=session-ended]", "input[name=password]")


def test_first_sign_in_changes_the_password_set_by_the_administrator(page, live_server, make_user):
    user = make_user("xinren", roles=["division_staff"])
    type(user).objects.filter(pk=user.pk).update(must_change_password=True)
    sign_in(page, live_server, "xinren")
    page.goto(f"{live_server.url}/")
    assert "/accounts/profile/password/" in page.url
    assert "首次登录须修改" in page.locator("[data-testid=password-change-required]").inner_text()
    look(
        page, "change-password-forced", "[data-testid=password-change-required]", "input[name=new_password2]"
    )
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", "yunlonghu2026")
    page.fill("input[name=new_password2]", "yunlonghu2026")
    with page.expect_navigation():
        page.locator("[data-testid=change-password-form] button[type=submit]").click()
    assert "至少 3 类" in page.content()
    look(page, "change-password-refused", "[data-testid=change-password-form] .invalid-feedback")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", "Yunlong-Lake-77")
    page.fill("input[name=new_password2]", "Yunlong-Lake-77")
    with page.expect_navigation():
        page.locator("[data-testid=change-password-form] button[type=submit]").click()
    assert "/accounts/profile/password/" not in page.url
    assert "密码已修改" in page.content()


def test_administrator_enrols_only_with_the_enrolment_code(page, live_server, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.enrolment import code_issue

    admin = make_user("xitong_t", roles=["sysadmin"])
    sign_in(page, live_server, "xitong_t")
    assert "/accounts/2fa/setup/" in page.url
    look(page, "enrolment-code", "[data-testid=enrolment-code-needed]", "input[name=enrolment_code]")
    page.fill("input[name=enrolment_code]", "ABCD-EFGH-JKLM")
    with page.expect_navigation():
        page.locator("[data-testid=enrolment-code-form] button[type=submit]").click()
    assert "启用码不正确" in page.content()
    assert page.input_value("input[name=enrolment_code]") == "ABCD-EFGH-JKLM"
    look(page, "enrolment-code-refused", "input[name=enrolment_code]")
    _row, code = code_issue(user=admin, by=make_user("anquan_t", roles=["secadmin"]))
    page.fill("input[name=enrolment_code]", code)
    with page.expect_navigation():
        page.locator("[data-testid=enrolment-code-form] button[type=submit]").click()
    look(page, "enrolment-qr", "[data-testid=totp-qr]", "[data-testid=totp-secret]", "input[name=otp_token]")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page.fill("input[name=otp_token]", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.locator("[data-testid=setup-2fa-form] button[type=submit]").click()
    assert "双因素认证已启用" in page.content()


def test_security_administrator_issues_the_code(page, live_server, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    secadmin = make_user("anquan_t", roles=["secadmin"])
    device = TOTPDevice.objects.create(user=secadmin, name="phone", confirmed=True)
    target = make_user("shenjiyuan_t", roles=["secauditor"], full_name="殷思敏")
    sign_in(page, live_server, "anquan_t")
    page.fill("input[name=otp_token]", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.locator("[data-testid=verify-2fa-form] button[type=submit]").click()
    page.goto(f"{live_server.url}/accounts/users/{target.pk}/")
    look(page, "user-edit-issue-code", "[data-testid=issue-enrolment-code]")
    with page.expect_navigation():
        page.locator("[data-testid=issue-enrolment-code]").click()
    code = page.locator("[data-testid=enrolment-code]").inner_text()
    assert len(code.replace("-", "")) == 12
    look(page, "enrolment-code-issued", "[data-testid=enrolment-code]")
