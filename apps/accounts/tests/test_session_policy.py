"""等保 level 3 sessions: an absolute lifetime besides the idle timeout; optionally one session per user."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import UserSession
from apps.audit.models import AuditEvent

from .conftest import login_page

pytestmark = pytest.mark.django_db


def waiban(**values):
    return override_settings(WAIBAN={**settings.WAIBAN, **values})


def test_session_ends_after_absolute_lifetime_however_active(client, make_user):
    assert settings.WAIBAN["SESSION_ABSOLUTE_HOURS"] == 12
    user = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    assert client.get(reverse("accounts:profile")).status_code == 200
    # Active all day (the idle expiry keeps sliding), but signed in 12 hours and a minute ago.
    UserSession.objects.filter(user=user).update(started_at=timezone.now() - timedelta(hours=12, minutes=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?ended=expired")
    page = client.get(response["Location"]).content.decode()
    assert "超过 12 小时的最长时限" in page
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out for good
    row = UserSession.objects.get(user=user)
    assert row.ended_at and row.end_reason == "expired"
    event = AuditEvent.objects.get(action="accounts.session_expire")
    assert event.actor == user and event.extra["limit_hours"] == "12"


def test_absolute_lifetime_is_a_setting_and_applies_to_the_api(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    with waiban(SESSION_ABSOLUTE_HOURS=1):
        login_page(client, "keyuan_t")
        UserSession.objects.filter(user=user).update(started_at=timezone.now() - timedelta(minutes=59))
        assert client.get("/api/accounts/me").status_code == 200
        UserSession.objects.filter(user=user).update(started_at=timezone.now() - timedelta(minutes=61))
        response = client.get("/api/accounts/me")
    assert response.status_code == 401
    assert "1 小时" in response.json()["detail"]


def test_single_session_a_new_sign_in_ends_the_other_and_says_why(make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    first, second = Client(), Client()
    with waiban(SINGLE_SESSION=True):
        login_page(first, "keyuan_t", REMOTE_ADDR="10.0.0.1")
        assert first.get(reverse("accounts:profile")).status_code == 200
        login_page(second, "keyuan_t", REMOTE_ADDR="10.0.0.2")
        assert second.get(reverse("accounts:profile")).status_code == 200
        response = first.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?ended=replaced")
        assert "已在其他地方登录" in first.get(response["Location"]).content.decode()
        assert first.get(reverse("accounts:profile")).status_code == 302
        assert second.get(reverse("accounts:profile")).status_code == 200
    ended = UserSession.objects.get(user=user, ip="10.0.0.1")
    assert ended.end_reason == "replaced" and ended.ended_at
    assert UserSession.objects.get(user=user, ip="10.0.0.2").ended_at is None
    event = AuditEvent.objects.get(action="accounts.session_replace")
    assert event.actor == user and event.extra["ended"][0]["ip"] == "10.0.0.1"


def test_several_sessions_allowed_by_default(make_user):
    assert settings.WAIBAN["SINGLE_SESSION"] is False
    make_user("keyuan_t", roles=["division_staff"])
    first, second = Client(), Client()
    login_page(first, "keyuan_t")
    login_page(second, "keyuan_t")
    assert first.get(reverse("accounts:profile")).status_code == 200
    assert second.get(reverse("accounts:profile")).status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.session_replace").exists()


def test_api_writes_over_the_session_need_the_csrf_token(make_user):
    """A cookie-authenticated API write without the CSRF token is refused (ASVS 13.2.3); with it, done."""
    user = make_user("keyuan_t", roles=["division_staff"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    refused = browser.post("/api/accounts/tokens", {"name": "对接"}, content_type="application/json")
    assert refused.status_code == 403
    assert not user.api_tokens.exists()
    browser.get(reverse("accounts:profile"))  # the page sets the CSRF cookie
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    done = browser.post(
        "/api/accounts/tokens", {"name": "对接"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert done.status_code == 201
    assert user.api_tokens.count() == 1
