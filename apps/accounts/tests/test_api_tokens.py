"""An integrating system's token through the API: the security administrator, signed in, creates it (the
key once), the system uses it, the administrator revokes it; a token cannot mint tokens."""

import pytest
from django.test import Client

from apps.accounts.models import ApiToken
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_create_use_and_revoke_a_token(admin_client, secadmin, make_user, units):
    system = make_user("finance_sync", roles=["unit_clerk"], unit=units["徐州市教育局"])
    r = admin_client.post(
        "/api/accounts/tokens",
        {"user_id": system.pk, "name": "与财政系统对接", "expires_in_days": 30},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    out = r.json()
    key = out["key"]
    assert key.startswith("wb_") and out["active"] and out["user"] == "finance_sync" and out["expires_at"]
    assert not ApiToken.objects.filter(key_hash=key).exists()  # only the digest is stored
    assert AuditEvent.objects.filter(action="accounts.token_create").count() == 1
    listed = admin_client.get("/api/accounts/tokens").json()
    assert [t["prefix"] for t in listed] == [out["prefix"]] and "key" not in listed[0]

    integration = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert integration.get("/api/accounts/me").json()["username"] == "finance_sync"
    # a token (even one acting for a security administrator) cannot mint tokens
    admin_key = ApiToken.generate_key()
    ApiToken.objects.create(
        user=secadmin,
        name="t",
        prefix=admin_key[3:11],
        key_hash=ApiToken.hash_key(admin_key),
        created_by=secadmin,
    )
    r = Client(HTTP_AUTHORIZATION=f"Bearer {admin_key}").post(
        "/api/accounts/tokens", {"user_id": system.pk, "name": "x"}, content_type="application/json"
    )
    assert r.status_code == 403

    r = admin_client.post(f"/api/accounts/tokens/{out['id']}/revoke")
    assert r.status_code == 200 and r.json()["active"] is False
    assert integration.get("/api/accounts/me").status_code == 401
    assert admin_client.post(f"/api/accounts/tokens/{out['id']}/revoke").status_code == 400


def test_only_the_security_administrator_manages_tokens(client, login, make_user):
    login(make_user("clerk", roles=["unit_clerk"]))
    assert client.get("/api/accounts/tokens").status_code == 403
    r = client.post("/api/accounts/tokens", {"user_id": 1, "name": "x"}, content_type="application/json")
    assert r.status_code == 403


def test_the_openapi_description_says_how_to_get_a_token(client):
    description = client.get("/api/openapi.json").json()["info"]["description"]
    assert "POST /api/accounts/tokens" in description and "Authorization: Bearer" in description
