import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts.models import LoginLog

from .conftest import UA, login_page

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录外事业务系统" in response.content.decode()


def test_successful_login_is_logged_with_ip_and_user_agent(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    response = login_page(client, "keyuan_t", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    log = LoginLog.objects.get(outcome="success")
    assert (log.username, log.user, log.ip, log.user_agent) == ("keyuan_t", user, "10.1.2.3", UA)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_failed_login_is_logged_and_form_shows_error(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    response = login_page(client, "keyuan_t", "wrong-password-1", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert 'value="keyuan_t"' in response.content.decode()  # what the user typed is kept
    log = LoginLog.objects.get()
    assert (log.outcome, log.user, log.ip, log.user_agent) == ("failure", user, "10.9.8.7", UA)


def test_unknown_username_failure_is_logged_without_user(client, db):
    login_page(client, "nobody", "whatever-123")
    log = LoginLog.objects.get()
    assert (log.outcome, log.username, log.user) == ("failure", "nobody", None)


def test_lockout_after_failure_limit(client, make_user):
    make_user("keyuan_t", roles=["division_staff"])
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login_page(client, "keyuan_t", "wrong-password-1").status_code == 200
    response = login_page(client, "keyuan_t", "wrong-password-1")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # Even the right password is refused while locked.
    response = login_page(client, "keyuan_t")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert LoginLog.objects.filter(outcome="failure").count() == limit - 1
    assert LoginLog.objects.filter(outcome="locked").count() == 2
    assert not LoginLog.objects.filter(outcome="success").exists()


def test_logout_is_post_only_and_logged(client, make_user):
    make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert LoginLog.objects.filter(outcome="logout", username="keyuan_t").exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_inactive_user_cannot_log_in(client, make_user):
    make_user("gone", roles=["division_staff"], is_active=False)
    response = login_page(client, "gone")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_sets_preferred_language_cookie(client, make_user):
    make_user("keyuan_t", roles=["division_staff"], language="en")
    response = login_page(client, "keyuan_t")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_log_page_filters_and_rejects_bad_dates(client, make_user, verified_login):
    auditor = make_user("shenji_t", roles=["auditor"])
    make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t", "wrong-password-1")
    client.force_login(auditor)
    url = reverse("accounts:login_log")
    page = client.get(url, {"outcome": "failure"}).content.decode()
    assert "keyuan_t" in page
    page = client.get(url, {"username": "nobody-like-this"}).content.decode()
    assert "没有符合条件的记录" in page
    response = client.get(url, {"date_from": "2026-13-45"})
    assert response.status_code == 200
    assert "请输入有效的日期" in response.content.decode()
    response = client.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()
