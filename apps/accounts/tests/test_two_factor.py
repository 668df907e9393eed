import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.audit.models import AuditEvent

from .conftest import login_page, totp_code

pytestmark = pytest.mark.django_db


def test_sysadmin_must_enrol_then_gets_access(client, make_user):
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    response = login_page(client, "xitong_t")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup_2fa"))
    # Any other page sends them back to set-up.
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup_2fa"))

    # An administrator's first enrolment starts with the one-time code of the security administrator.
    page = client.get(reverse("accounts:setup_2fa"))
    assert "启用码" in page.content.decode() and "<svg" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=sysadmin).exists()
    from apps.accounts.enrolment import code_issue

    _row, code = code_issue(user=sysadmin, by=make_user("anquan_t", roles=["secadmin"]))
    client.post(reverse("accounts:setup_2fa"), {"enrolment_code": code})

    page = client.get(reverse("accounts:setup_2fa"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )  # QR rendered inline, no external service
    device = TOTPDevice.objects.get(user=sysadmin, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")

    wrong = client.post(
        reverse("accounts:setup_2fa"), {"otp_token": "000000" if totp_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # django-otp slows down guessing after a wrong code

    response = client.post(reverse("accounts:setup_2fa"), {"otp_token": totp_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.2fa_enable", actor=sysadmin).exists()


def test_verify_flow_after_fresh_login(client, make_user):
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    device = TOTPDevice.objects.create(user=sysadmin, name="phone", confirmed=True)
    response = login_page(client, "xitong_t")
    assert response["Location"].startswith(reverse("accounts:verify_2fa"))
    response = client.get(reverse("accounts:profile"))
    assert response["Location"].startswith(reverse("accounts:verify_2fa"))
    bad = client.post(reverse("accounts:verify_2fa"), {"otp_token": "12345a"})
    assert "验证码是 6 位数字" in bad.content.decode()
    response = client.post(
        reverse("accounts:verify_2fa"), {"otp_token": totp_code(device), "next": "/accounts/profile/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_optional_2fa_user_with_device_must_verify(client, make_user):
    staff = make_user("keyuan_t", roles=["division_staff"])
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = login_page(client, "keyuan_t")
    assert response["Location"].startswith(reverse("accounts:verify_2fa"))


def test_user_without_2fa_requirement_is_not_redirected(client, make_user):
    make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_role_can_require_2fa(client, make_user):
    from apps.accounts.models import Role

    Role.objects.filter(code="division_head").update(requires_2fa=True)
    make_user("chuzhang_t", roles=["division_head"])
    response = login_page(client, "chuzhang_t")
    assert response["Location"].startswith(reverse("accounts:setup_2fa"))


def test_remove_device_refused_when_role_requires_it(client, make_user, verified_login):
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    verified_login(client, sysadmin)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "不能移除验证器" in page
    response = client.post(reverse("accounts:remove_2fa"), follow=True)
    assert "不能移除验证器" in response.content.decode()
    assert TOTPDevice.objects.filter(user=sysadmin).exists()


def test_remove_device_when_optional(client, make_user, verified_login):
    staff = make_user("keyuan_t", roles=["division_staff"])
    verified_login(client, staff)
    response = client.post(reverse("accounts:remove_2fa"), follow=True)
    assert "双因素认证已关闭" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(action="accounts.2fa_disable").exists()


def test_unverified_admin_gets_json_403_on_api(client, make_user):
    make_user("xitong_t", roles=["sysadmin"])
    login_page(client, "xitong_t")
    response = client.get("/api/accounts/me")
    assert response.status_code == 403


def test_no_device_answer_is_remembered_until_a_device_is_added(client, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    page = "/"
    first = client.get(page)
    assert first.status_code in (200, 302) and not first.get("Location", "").startswith("/accounts/2fa")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == first.status_code
    assert not [q for q in ctx.captured_queries if "otp_totp" in q["sql"] or "otp_static" in q["sql"]]
    # A device enrolled elsewhere (another session, the administrator): this password-only session
    # must now present a code.
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify_2fa"))
