"""Every page: anonymous → login; signed in without the permission → 403."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROTECTED = [
    ("accounts:user_list", [], "accounts.manage_users"),
    ("accounts:user_create", [], "accounts.manage_users"),
    ("accounts:user_edit", ["USER"], "accounts.manage_users"),
    ("accounts:user_reset_password", ["USER"], "accounts.manage_users"),
    ("accounts:role_list", [], "accounts.manage_roles"),
    ("accounts:role_create", [], "accounts.manage_roles"),
    ("accounts:role_edit", ["ROLE"], "accounts.manage_roles"),
    ("accounts:session_list", [], "accounts.manage_sessions"),
    ("accounts:login_log", [], "audit.view_logins"),
]
POST_ONLY = [
    ("accounts:user_set_active", ["USER"]),
    ("accounts:session_end", ["SESSION"]),
]
LOGIN_ONLY = ["accounts:profile", "accounts:change_password", "accounts:setup_2fa", "accounts:verify_2fa"]


@pytest.fixture
def objects(make_user, secadmin):
    from apps.accounts import services
    from apps.accounts.models import Role, UserSession

    target = make_user("target_u", roles=["division_staff"])
    token, _key = services.token_create(by=target, name="t")
    session = UserSession.objects.create(session_key="k" * 32, user=target)
    return {
        "USER": target.pk,
        "ROLE": Role.objects.get(code="traveller").pk,
        "TOKEN": token.pk,
        "SESSION": session.pk,
    }


def _url(name, args, objects):
    return reverse(name, args=[objects[a] for a in args])


@pytest.mark.parametrize(("name", "args", "perm"), PROTECTED)
def test_anonymous_is_sent_to_login(client, objects, name, args, perm):
    response = client.get(_url(name, args, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "args", "perm"), PROTECTED)
def test_without_permission_is_403(client, make_user, objects, name, args, perm):
    # The traveller, the auditor and the sysadmin lack account-management codes.
    client.force_login(make_user(roles=["traveller", "unit_signatory"], unit=None))
    assert client.get(_url(name, args, objects)).status_code == 403


@pytest.mark.parametrize(("name", "args", "perm"), PROTECTED)
def test_with_permission_is_200(admin_client, make_user, client, objects, name, args, perm, verified_login):
    if perm == "audit.view_logins":
        client.force_login(make_user(roles=["auditor"]))
        admin_client = client
    assert admin_client.get(_url(name, args, objects)).status_code == 200


@pytest.mark.parametrize(("name", "args"), POST_ONLY)
def test_post_actions_deny_without_permission(client, make_user, objects, name, args):
    url = _url(name, args, objects)
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(make_user(roles=["auditor"]))
    assert client.post(url).status_code == 403


def test_auditor_cannot_manage_users_but_reads_login_log(client, make_user):
    client.force_login(make_user(roles=["auditor"]))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:login_log")).status_code == 200


def test_secauditor_reads_login_log_only(client, make_user, verified_login):
    verified_login(client, make_user(roles=["secauditor"]))
    assert client.get(reverse("accounts:login_log")).status_code == 200
    assert client.get(reverse("accounts:user_list")).status_code == 403


@pytest.mark.parametrize("name", LOGIN_ONLY)
def test_login_only_pages_redirect_anonymous(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_missing_objects_are_404(admin_client):
    for name in ("accounts:user_edit", "accounts:role_edit"):
        assert admin_client.get(reverse(name, args=[987654])).status_code == 404
    assert admin_client.post(reverse("accounts:token_revoke", args=[987654])).status_code == 404
