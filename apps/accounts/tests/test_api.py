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


def test_token_created_on_page_is_shown_once_and_works(make_user, client, units):
    clerk = make_user("zhuanban_t", roles=["unit_clerk"], unit=units["徐州市商务局"], full_name="魏海燕")
    client.force_login(clerk)
    response = client.post(reverse("accounts:token_create"), {"name": "财政系统对接", "expires_in_days": 30})
    assert response.status_code == 200
    key = response.context["key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == clerk and token.created_by == clerk
    assert token.key_hash == ApiToken.hash_key(key) and key not in (token.key_hash, token.prefix)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert AuditEvent.objects.filter(action="accounts.token_create").exists()
    # The list never shows the key; the profile says how many tokens the user has.
    assert key not in client.get(reverse("accounts:token_list")).content.decode()
    assert "您有 1 个未吊销的接口令牌" in client.get(reverse("accounts:profile")).content.decode()

    api = client.__class__()
    me = api.get("/api/accounts/me", **bearer(key))
    assert me.status_code == 200
    data = me.json()
    assert data["username"] == "zhuanban_t" and data["roles"] == ["unit_clerk"]
    assert "casework.apply" in data["permissions"]
    assert data["scope"]["unit_ids"] == [units["徐州市商务局"].pk]
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api.get("/api/accounts/me", **bearer(key)).status_code == 401
    assert AuditEvent.objects.filter(action="accounts.token_revoke").exists()


def test_expired_and_bogus_tokens_are_refused(make_user, client):
    user = make_user(roles=["division_staff"])
    token, key = services.token_create(by=user, name="x", days=1)
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 401
    assert client.get("/api/accounts/me", **bearer("wb_not-a-token")).status_code == 401
    assert client.get("/api/accounts/me").status_code == 401


def test_token_of_deactivated_user_is_refused(secadmin, make_user, client):
    user = make_user(roles=["division_staff"])
    _token, key = services.token_create(by=user, name="x")
    services.user_set_active(obj=user, by=secadmin, active=False)
    assert client.get("/api/accounts/me", **bearer(key)).status_code == 401


def test_users_endpoint_needs_manage_users(make_user, client):
    client.force_login(make_user(roles=["division_staff"]))
    assert client.get("/api/accounts/users").status_code == 403


def test_session_auth_for_browser(make_user, client, divisions):
    client.force_login(make_user("keyuan_t", roles=["division_staff"], division=divisions["outbound"]))
    data = client.get("/api/accounts/me").json()
    assert data["scope"]["division_ids"] == [divisions["outbound"].pk]
    assert data["scope"]["all"] is False


def test_token_life_is_bounded_and_defaults_to_the_maximum(make_user, settings):
    from apps.core.errors import ServiceError

    settings.WAIBAN = {**settings.WAIBAN, "API_TOKEN_DAYS": 90}
    user = make_user(roles=["division_staff"])
    token, _key = services.token_create(by=user, name="x")
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    for days in (0, 91):
        with pytest.raises(ServiceError):
            services.token_create(by=user, name="x", days=days)
