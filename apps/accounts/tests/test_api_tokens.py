"""API tokens (security review, finding 1): nobody obtains another person's authority through a token.

Before: the security administrator created a token for any user (e.g. the office director) and then
approved trips and revealed ID numbers as that user, the audit showing the director as the actor; tokens
skipped two-factor sign-in and never expired. Now a user creates tokens only for themself, no
administrator account may hold or use one, tokens expire, and every action taken with a token is audited
with the token's name.
"""

import pytest
from django.test import Client

from apps.accounts import services
from apps.accounts.models import ApiToken
from apps.audit.models import AuditEvent
from apps.core.errors import Forbidden

pytestmark = pytest.mark.django_db


def _forge(user, name="forged"):
    """A token row for ``user`` written straight into the database (what an older version allowed)."""
    key = ApiToken.generate_key()
    ApiToken.objects.create(
        user=user, name=name, prefix=key[3:11], key_hash=ApiToken.hash_key(key), created_by=user
    )
    return key


def test_a_user_creates_uses_and_revokes_their_own_token_through_the_api(client, login, make_user, units):
    system = make_user("finance_sync", roles=["unit_clerk"], unit=units["徐州市教育局"])
    login(system)
    r = client.post(
        "/api/accounts/tokens",
        {"name": "与财政系统对接", "expires_in_days": 30},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    out = r.json()
    key = out["key"]
    assert key.startswith("wb_") and out["active"] and out["user"] == "finance_sync" and out["expires_at"]
    assert not ApiToken.objects.filter(key_hash=key).exists()  # only the digest is stored
    listed = client.get("/api/accounts/tokens").json()
    assert [t["prefix"] for t in listed] == [out["prefix"]] and "key" not in listed[0]

    integration = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert integration.get("/api/accounts/me").json()["username"] == "finance_sync"
    # a token cannot mint tokens
    r = integration.post("/api/accounts/tokens", {"name": "x"}, content_type="application/json")
    assert r.status_code == 403

    r = client.post(f"/api/accounts/tokens/{out['id']}/revoke")
    assert r.status_code == 200 and r.json()["active"] is False
    assert integration.get("/api/accounts/me").status_code == 401


def test_nobody_creates_a_token_for_someone_else(client, login, make_user, secadmin, verified_login):
    director = make_user("zhuren_t", roles=["office_leader"])
    # The old way (the administrator naming the user) is gone from the API …
    verified_login(client, secadmin)
    r = client.post(
        "/api/accounts/tokens", {"user_id": director.pk, "name": "x"}, content_type="application/json"
    )
    assert r.status_code == 403
    # … and from the service: a token always belongs to whoever creates it.
    with pytest.raises(Forbidden):
        services.token_create(by=secadmin, name="运维")
    assert not ApiToken.objects.exists()


def test_administrator_accounts_cannot_use_tokens_at_all(secadmin, make_user):
    sysadmin = make_user("xitong_t", roles=["sysadmin"])
    for admin in (secadmin, sysadmin):
        key = _forge(admin)
        assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/accounts/me").status_code == 401


def test_the_security_administrator_sees_and_revokes_every_token_but_holds_none(
    client, make_user, secadmin, verified_login
):
    clerk = make_user("clerk_t", roles=["unit_clerk"])
    token, _key = services.token_create(by=clerk, name="对接")
    verified_login(client, secadmin)
    assert [t["prefix"] for t in client.get("/api/accounts/tokens").json()] == [token.prefix]
    assert client.post(f"/api/accounts/tokens/{token.pk}/revoke").status_code == 200
    # Another business user neither sees nor revokes it.
    other = make_user("other_t", roles=["unit_clerk"])
    services.token_create(by=other, name="mine")
    c = Client()
    c.force_login(other)
    assert [t["name"] for t in c.get("/api/accounts/tokens").json()] == ["mine"]
    assert c.post(f"/api/accounts/tokens/{token.pk}/revoke").status_code == 404


def test_every_action_with_a_token_is_audited_via_the_token(make_user, units):
    from apps.people.tests.factories import PersonFactory

    unit = units["徐州市教育局"]
    clerk = make_user("clerk_v", roles=["unit_clerk"], unit=unit)
    person = PersonFactory(unit=unit)
    token, key = services.token_create(by=clerk, name="人事系统对接")
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(f"/api/people/{person.pk}/reveal")
    assert answer.status_code == 200
    event = AuditEvent.objects.get(action="sensitive.view", actor=clerk)
    assert event.extra["via_token"] == f"人事系统对接 ({token.prefix}…)"


def test_the_openapi_description_says_how_to_get_a_token(client):
    description = client.get("/api/openapi.json").json()["info"]["description"]
    assert "POST /api/accounts/tokens" in description and "Authorization: Bearer" in description
    assert "管理员账号不能持有令牌" in description
