import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_role_list_shows_builtin_roles(admin_client):
    html = admin_client.get(reverse("accounts:role_list")).content.decode()
    for name in ("外事专办员", "单位签批人", "安全审计员", "系统管理员"):
        assert name in html


def test_create_custom_role_with_custom_scope(admin_client, units):
    response = admin_client.post(
        reverse("accounts:role_create"),
        {
            "code": "health_watch",
            "name": "卫健口联络员",
            "name_en": "Health liaison",
            "permissions": ["casework.view"],
            "data_scope": "custom",
            "scope_units": [units["徐州市卫生健康委员会"].pk],
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(code="health_watch")
    assert role.permissions == ["casework.view"] and not role.is_builtin and not role.admin_kind
    assert list(role.scope_units.all()) == [units["徐州市卫生健康委员会"]]
    assert AuditEvent.objects.filter(action="accounts.role_create").exists()


def test_custom_scope_needs_a_selection(admin_client):
    response = admin_client.post(
        reverse("accounts:role_create"), {"code": "x1", "name": "X", "data_scope": "custom"}
    )
    assert "至少要选择一个单位或处室" in response.content.decode()


def test_business_role_cannot_take_admin_permissions(admin_client):
    response = admin_client.post(
        reverse("accounts:role_create"),
        {
            "code": "sneaky",
            "name": "越权",
            "data_scope": "self",
            "permissions": ["casework.view", "accounts.manage_users"],
        },
    )
    assert response.status_code == 400
    assert "业务角色不能拥有管理员权限" in response.content.decode()
    assert not Role.objects.filter(code="sneaky").exists()


def test_edit_builtin_role_keeps_code_and_admin_kind(admin_client):
    role = Role.objects.get(code="division_head")
    response = admin_client.post(
        reverse("accounts:role_edit", args=[role.pk]),
        {
            "code": "hacked",
            "name": "处长",
            "data_scope": "own",
            "requires_2fa": "on",
            "permissions": ["casework.view", "casework.review"],
        },
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.code == "division_head" and role.requires_2fa
    assert role.permissions == ["casework.review", "casework.view"]
    event = AuditEvent.objects.get(action="accounts.role_update")
    assert event.changes["requires_2fa"] == [False, True]


def test_admin_role_keeps_2fa_and_its_own_permissions(admin_client):
    role = Role.objects.get(code="secadmin")
    response = admin_client.post(
        reverse("accounts:role_edit", args=[role.pk]),
        {
            "name": "安全管理员",
            "data_scope": "self",
            "permissions": ["accounts.manage_users", "audit.view"],
        },
    )
    assert "三员分立" in response.content.decode()
    response = admin_client.post(
        reverse("accounts:role_edit", args=[role.pk]),
        {
            "name": "安全管理员",
            "data_scope": "self",
            "permissions": [
                "accounts.manage_users",
                "accounts.manage_roles",
                "accounts.manage_sessions",
                "accounts.manage_tokens",
            ],
        },
    )  # requires_2fa unticked: the field is disabled, stays on
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.requires_2fa and role.admin_kind == "security"
