"""An administrator account's first TOTP enrolment needs a one-time code from the security administrator."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services
from apps.accounts.enrolment import code_issue, hash_code
from apps.accounts.models import EnrolmentCode
from apps.audit.models import AuditEvent
from apps.core.errors import Forbidden, ServiceError

from .conftest import login_page, totp_code

pytestmark = pytest.mark.django_db


def enter(client, code):
    return client.post(reverse("accounts:setup_2fa"), {"enrolment_code": code})


def test_admin_cannot_enrol_without_a_code(client, make_user):
    auditor = make_user("shenjiyuan_t", roles=["secauditor"])
    login_page(client, "shenjiyuan_t")
    page = client.get(reverse("accounts:setup_2fa"))
    html = page.content.decode()
    assert page.status_code == 200 and "安全管理员为您签发的一次性启用码" in html
    assert "<svg" not in html and not TOTPDevice.objects.filter(user=auditor).exists()  # no key shown
    # Posting a code from an authenticator straight away does not enrol anything.
    client.post(reverse("accounts:setup_2fa"), {"otp_token": "123456"})
    assert not TOTPDevice.objects.filter(user=auditor, confirmed=True).exists()
    # Nor does the service, whoever calls it.
    device = services.totp_pending(user=auditor)
    with pytest.raises(Forbidden, match="启用码"):
        services.totp_confirm(user=auditor, device=device, token=totp_code(device))
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:setup_2fa"))


def test_security_admin_issues_a_code_shown_once_and_stored_hashed(admin_client, make_user, secadmin):
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    edit = admin_client.get(reverse("accounts:user_edit", args=[sysadmin.pk])).content.decode()
    assert "签发双因素认证启用码" in edit
    response = admin_client.post(reverse("accounts:enrolment_code_issue", args=[sysadmin.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    code = response.context["code"]
    assert code in response.content.decode() and len(code.replace("-", "")) == 12
    row = EnrolmentCode.objects.get(user=sysadmin)
    assert row.code_hash == hash_code(code) and code not in row.code_hash and row.issued_by == secadmin
    assert timedelta(minutes=29) < row.expires_at - timezone.now() <= timedelta(minutes=30)
    event = AuditEvent.objects.get(action="accounts.enrolment_code_issue")
    assert event.actor == secadmin and event.target_id == str(sysadmin.pk) and code not in str(event.changes)

    # The administrator enrols with it.
    client = Client()
    login_page(client, "xitong_t")
    response = enter(client, code.lower().replace("-", " "))  # typed loosely
    assert response.status_code == 302
    page = client.get(reverse("accounts:setup_2fa"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=sysadmin, confirmed=False)
    assert client.post(reverse("accounts:setup_2fa"), {"otp_token": totp_code(device)}).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.enrolment_code_use", actor=sysadmin).exists()
    enabled = AuditEvent.objects.get(action="accounts.2fa_enable", actor=sysadmin)
    assert enabled.extra["enrolment_code"] == row.pk
    # Enrolled: no code is needed or issued any more.
    edit = admin_client.get(reverse("accounts:user_edit", args=[sysadmin.pk])).content.decode()
    assert "签发双因素认证启用码" not in edit


def test_code_is_single_use_short_lived_and_the_newest_only(make_user, secadmin):
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    _row, first = code_issue(user=sysadmin, by=secadmin)
    _row, second = code_issue(user=sysadmin, by=secadmin)  # the first stops working
    a = Client()
    login_page(a, "xitong_t")
    refused = enter(a, first)
    assert refused.status_code == 400
    assert "启用码不正确、已使用或已过期" in refused.content.decode()
    assert 'value="' + first + '"' in refused.content.decode()  # what was typed is kept
    assert enter(a, second).status_code == 302
    b = Client()
    login_page(b, "xitong_t")
    assert enter(b, second).status_code == 400  # used
    row, expired = code_issue(user=sysadmin, by=secadmin)
    EnrolmentCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert enter(b, expired).status_code == 400
    assert enter(b, "ABCD-EFGH-JKLM").status_code == 400
    assert AuditEvent.objects.filter(action="accounts.enrolment_code_reject", actor=sysadmin).count() == 4


def test_who_may_issue_and_for_whom(make_user, secadmin):
    with pytest.raises(Forbidden, match="不能为自己签发"):
        code_issue(user=secadmin, by=secadmin)
    staff = make_user("keyuan_t", roles=["division_staff"])
    with pytest.raises(ServiceError, match="只有系统管理员"):
        code_issue(user=staff, by=secadmin)
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        code_issue(user=secadmin, by=sysadmin)  # only the security administrator
    TOTPDevice.objects.create(user=sysadmin, name="phone", confirmed=True)
    with pytest.raises(ServiceError, match="已启用双因素认证"):
        code_issue(user=sysadmin, by=secadmin)


def test_first_security_admin_gets_a_code_from_the_console(make_user, capsys):
    first = make_user("anquan_first", roles=["secadmin"])
    call_command("enrolment_code", "anquan_first")
    out = capsys.readouterr().out
    code = out.split(": ", 1)[1].split()[0]
    assert EnrolmentCode.objects.get(user=first, issued_by=None).code_hash == hash_code(code)
    event = AuditEvent.objects.get(action="accounts.enrolment_code_issue")
    assert event.actor is None and event.extra["by_operator"] is True


def test_business_user_enrols_without_a_code(client, make_user):
    staff = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    page = client.get(reverse("accounts:setup_2fa"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert client.post(reverse("accounts:setup_2fa"), {"otp_token": totp_code(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
