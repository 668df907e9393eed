from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import UserSession
from apps.audit.models import AuditEvent

from .conftest import UA, login_page

pytestmark = pytest.mark.django_db


def test_idle_session_expires(client, make_user):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and not settings.SESSION_SAVE_EVERY_REQUEST
    make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    key = client.session.session_key
    assert client.get(reverse("accounts:profile")).status_code == 200
    # Signing in set the expiry to now + 30 minutes.
    expiry = Session.objects.get(session_key=key).expire_date
    assert timedelta(minutes=29) < expiry - timezone.now() <= timedelta(minutes=30)
    # 31 minutes of inactivity later (moved into the past in the database), the session is gone.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_active_session_slides_at_most_once_a_minute(client, make_user):
    from apps.accounts.middleware import SESSION_TOUCH_KEY

    make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    key = client.session.session_key
    assert client.get(reverse("accounts:profile")).status_code == 200  # first page: may save (2FA answer)
    # Within a minute of the last save, a request does not write the session row.
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == soon
    # 25 minutes into a 30-minute idle limit, the user is still active: the request renews the expiry.
    session = client.session
    session[SESSION_TOUCH_KEY] -= 25 * 60
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(reverse("accounts:profile")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert timedelta(minutes=29) < expiry - timezone.now() <= timedelta(minutes=30)


def test_login_creates_tracked_session_and_last_seen_updates(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t", REMOTE_ADDR="10.0.0.8")
    row = UserSession.objects.get(user=user)
    assert (row.session_key, row.ip, row.user_agent) == (client.session.session_key, "10.0.0.8", UA)
    old = timezone.now() - timedelta(minutes=5)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=old)
    client.get(reverse("accounts:profile"))
    row.refresh_from_db()
    assert row.last_seen_at > old + timedelta(minutes=4)


def test_session_list_and_forced_logout(admin_client, make_user):
    staff = make_user("keyuan_t", roles=["division_staff"], full_name="许文静")
    victim = Client()
    login_page(victim, "keyuan_t", REMOTE_ADDR="10.0.0.9")
    assert victim.get(reverse("accounts:profile")).status_code == 200

    html = admin_client.get(reverse("accounts:session_list")).content.decode()
    assert "许文静" in html and "10.0.0.9" in html and "强制下线" in html

    row = UserSession.objects.get(user=staff)
    response = admin_client.post(reverse("accounts:session_end", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.ended_at and row.ended_by.username == "anquan_t"
    assert not Session.objects.filter(session_key=row.session_key).exists()
    assert AuditEvent.objects.filter(action="accounts.session_end").exists()

    response = victim.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    listed = admin_client.get(reverse("accounts:session_list")).context["page_obj"].object_list
    assert staff not in [s.user for s in listed]


def test_ended_row_signs_out_even_if_session_survives(client, make_user):
    """If the row says ended (e.g. a cache-backed session survived), the middleware signs the request out."""
    user = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    UserSession.objects.filter(user=user).update(ended_at=timezone.now(), ended_by=user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_cannot_end_own_current_session(admin_client, secadmin):
    row = UserSession.objects.get(user=secadmin)
    response = admin_client.post(reverse("accounts:session_end", args=[row.pk]), follow=True)
    assert "不能强制结束自己当前的会话" in response.content.decode()
    row.refresh_from_db()
    assert row.ended_at is None


def test_password_change_keeps_session_tracked(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    response = client.post(
        reverse("accounts:change_password"),
        {
            "old_password": "Waiban-Test-2026!",
            "new_password1": "Yunlong-Lake-77",
            "new_password2": "Yunlong-Lake-77",
        },
    )
    assert response.status_code == 302
    assert UserSession.objects.filter(
        user=user, session_key=client.session.session_key, ended_at=None
    ).exists()
