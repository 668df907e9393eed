from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import ApiToken
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_token_created_on_page_is_shown_once_and_works(admin_client, make_user, client, units):
    clerk = make_user("zhuanban_t", roles=["unit_clerk"], unit=units["徐州市商务局"], full_name="魏海燕")
    response = admin_client.post(
        reverse("accounts:token_create"), {"user": clerk.pk, "name": "财政系统对接", "expires_in_days": 30}
    )
    assert response.status_code == 200
    key = response.context["key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash_key(key) and key not in (token.key_hash, token.prefix)
    assert AuditEvent.objects.filter(action="accounts.token_create").exists()
    # The list never shows the key.
    assert key not in admin_client.get(reverse("accounts:token_list")).content.decode()

    me = client.get("/api/accounts/me", **bearer(key))
    assert me.status_code == 200
    data = me.json()
    assert data["username"] == "zhuanban_t" and data["roles"] == ["unit_clerk"]
    assert "casework.apply" in data["permissions"]
    assert data["scope"]["unit_ids"] == [units["徐州市商务局"].pk]
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = admin_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 401
    assert AuditEvent.objects.filter(action="accounts.token_revoke").exists()


def test_expired_and_bogus_tokens_are_refused(secadmin, make_user, client):
    user = make_user(roles=["division_staff"])
    token, key = services.token_create(
        by=secadmin, user=user, name="x", expires_at=timezone.now() + timedelta(days=1)
    )
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 401
    assert client.get("/api/accounts/me", **bearer("wb_not-a-token")).status_code == 401
    assert client.get("/api/accounts/me").status_code == 401


def test_token_of_deactivated_user_is_refused(secadmin, make_user, client):
    user = make_user(roles=["division_staff"])
    _token, key = services.token_create(by=secadmin, user=user, name="x")
    services.user_set_active(obj=user, by=secadmin, active=False)
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 401


def test_token_for_admin_role_is_not_stopped_by_2fa(secadmin, make_user, client):
    _token, key = services.token_create(by=secadmin, user=secadmin, name="运维")
    response = client.get("/api/accounts/users", **bearer(key))
    assert response.status_code == 200
    assert "anquan_t" in {u["username"] for u in response.json()}


def test_users_endpoint_needs_manage_users(make_user, client):
    client.force_login(make_user(roles=["division_staff"]))
    assert client.get("/api/accounts/users").status_code == 403


def test_session_auth_for_browser(make_user, client, divisions):
    client.force_login(make_user("keyuan_t", roles=["division_staff"], division=divisions["outbound"]))
    data = client.get("/api/accounts/me").json()
    assert data["scope"]["division_ids"] == [divisions["outbound"].pk]
    assert data["scope"]["all"] is False


def test_token_form_refuses_past_expiry(secadmin, make_user):
    from apps.core.errors import ServiceError

    with pytest.raises(ServiceError):
        services.token_create(
            by=secadmin, user=make_user(), name="x", expires_at=timezone.now() - timedelta(days=1)
        )
