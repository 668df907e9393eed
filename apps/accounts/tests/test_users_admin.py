"""The security administrator's user pages and the rules enforced in services."""

import pytest
from django.test import override_settings
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import Role, User
from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Huaihai-Road-88"


def role_ids(*codes):
    return [r.pk for r in Role.objects.filter(code__in=codes)]


def post_user(client, **data):
    base = {
        "username": "newuser",
        "full_name": "林思远",
        "phone": "",
        "title": "",
        "email": "",
        "password": GOOD_PASSWORD,
    }
    base.update(data)
    return client.post(reverse("accounts:user_create"), base)


def test_create_user_with_unit_role(admin_client, units):
    response = post_user(admin_client, unit=units["徐州市商务局"].pk, roles=role_ids("unit_clerk"))
    assert response.status_code == 302
    user = User.objects.get(username="newuser")
    assert user.unit == units["徐州市商务局"] and user.role_codes == {"unit_clerk"}
    assert user.check_password(GOOD_PASSWORD) and not user.is_superuser and user.password_changed_at
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.changes["roles"][1] == ["unit_clerk"]
    assert GOOD_PASSWORD not in str(event.changes)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-1", "太短"),
        ("password123", "太常见"),
        ("newuser2026x", "太相似"),
        ("1234567890123", "只包含数字"),
    ],
)
def test_password_policy_rejections_keep_typed_values(admin_client, units, password, message):
    response = post_user(
        admin_client, password=password, unit=units["徐州市商务局"].pk, roles=role_ids("traveller")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="林思远"' in html and 'value="newuser"' in html
    assert not User.objects.filter(username="newuser").exists()


def test_three_admin_roles_cannot_be_combined(admin_client):
    response = post_user(admin_client, roles=role_ids("sysadmin", "secauditor"))
    assert response.status_code == 400
    assert "三员分立" in response.content.decode()
    assert not User.objects.filter(username="newuser").exists()


def test_admin_role_cannot_be_combined_with_business_role(admin_client, divisions):
    response = post_user(
        admin_client, division=divisions["outbound"].pk, roles=role_ids("secauditor", "division_staff")
    )
    assert "管理员角色不能与业务角色同时授予" in response.content.decode()


def test_unit_role_needs_unit_and_office_role_needs_division(admin_client, units, divisions):
    response = post_user(admin_client, roles=role_ids("unit_signatory"))
    assert "需要选择所属单位" in response.content.decode()
    response = post_user(admin_client, roles=role_ids("division_head"), unit=units["徐州市商务局"].pk)
    assert "需要选择所属处室" in response.content.decode()
    response = post_user(
        admin_client,
        roles=role_ids("traveller"),
        unit=units["徐州市商务局"].pk,
        division=divisions["outbound"].pk,
    )
    assert "不能同时属于两者" in response.content.decode()


def test_clerk_limit_per_unit(admin_client, make_user, units):
    unit = units["徐州市商务局"]
    make_user(roles=["unit_clerk"], unit=unit)
    make_user(roles=["unit_clerk"], unit=unit)
    make_user(roles=["unit_clerk"], unit=unit, is_active=False)  # inactive clerks do not count
    response = post_user(admin_client, unit=unit.pk, roles=role_ids("unit_clerk"))
    assert response.status_code == 400
    assert "每个单位最多 2 名" in response.content.decode()
    # Another unit is fine.
    assert (
        post_user(admin_client, unit=units["徐州市教育局"].pk, roles=role_ids("unit_clerk")).status_code
        == 302
    )


@override_settings(WAIBAN={"MAX_CLERKS_PER_UNIT": 1, "LIST_PAGE_SIZE": 25})
def test_clerk_limit_is_configurable(secadmin, make_user, units):
    make_user(roles=["unit_clerk"], unit=units["徐州市商务局"])
    with pytest.raises(ServiceError) as err:
        services.user_create(
            by=secadmin,
            username="c2",
            full_name="周二",
            password=GOOD_PASSWORD,
            roles=Role.objects.filter(code="unit_clerk"),
            unit=units["徐州市商务局"],
        )
    assert err.value.code == "clerk_limit"


def test_reactivating_a_clerk_respects_the_limit(secadmin, make_user, units):
    unit = units["徐州市商务局"]
    old = make_user(roles=["unit_clerk"], unit=unit, is_active=False)
    make_user(roles=["unit_clerk"], unit=unit)
    make_user(roles=["unit_clerk"], unit=unit)
    with pytest.raises(ServiceError):
        services.user_set_active(obj=old, by=secadmin, active=True)
    old.refresh_from_db()
    assert not old.is_active


def test_secadmin_cannot_change_own_roles(admin_client, secadmin):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[secadmin.pk]),
        {"full_name": "陶安", "roles": role_ids("secadmin", "sysadmin")},
    )
    assert "三员分立" in response.content.decode() or "不能修改自己的角色" in response.content.decode()
    response = admin_client.post(
        reverse("accounts:user_edit", args=[secadmin.pk]), {"full_name": "陶安", "roles": []}
    )
    assert "不能修改自己的角色" in response.content.decode()
    assert set(secadmin.roles.values_list("code", flat=True)) == {"secadmin"}


def test_edit_user_is_audited_with_before_and_after(admin_client, make_user, divisions):
    staff = make_user("keyuan_t", roles=["division_staff"], division=divisions["outbound"], full_name="许文")
    response = admin_client.post(
        reverse("accounts:user_edit", args=[staff.pk]),
        {
            "full_name": "许文静",
            "division": divisions["americas_asia"].pk,
            "roles": role_ids("division_head"),
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.division == divisions["americas_asia"] and staff.role_codes == {"division_head"}
    event = AuditEvent.objects.get(action="accounts.user_update")
    assert event.changes["full_name"] == ["许文", "许文静"]
    assert event.changes["roles"] == [["division_staff"], ["division_head"]]


def test_deactivate_and_reactivate_never_delete(admin_client, make_user, client, django_user_model):
    from django.test import Client

    staff = make_user("keyuan_t", roles=["division_staff"])
    other = Client()
    other.force_login(staff)
    response = admin_client.post(reverse("accounts:user_set_active", args=[staff.pk]), {"active": "0"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    assert other.get(reverse("accounts:profile")).status_code == 302  # signed out everywhere
    admin_client.post(reverse("accounts:user_set_active", args=[staff.pk]), {"active": "1"})
    staff.refresh_from_db()
    assert staff.is_active
    assert {"accounts.user_deactivate", "accounts.user_reactivate"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_cannot_deactivate_self(admin_client, secadmin):
    response = admin_client.post(
        reverse("accounts:user_set_active", args=[secadmin.pk]), {"active": "0"}, follow=True
    )
    assert "不能停用自己的账号" in response.content.decode()
    secadmin.refresh_from_db()
    assert secadmin.is_active


def test_reset_password(admin_client, make_user):
    staff = make_user("keyuan_t", roles=["division_staff"])
    url = reverse("accounts:user_reset_password", args=[staff.pk])
    response = admin_client.post(url, {"password1": "abc", "password2": "abc"})
    assert "太短" in response.content.decode()
    response = admin_client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.password_reset")
    assert GOOD_PASSWORD not in str(event.changes)


def test_user_list_search_by_pinyin_and_filters(admin_client, make_user, units, divisions):
    make_user("u_zhang", roles=["division_staff"], division=divisions["outbound"], full_name="张伟")
    make_user("u_li", roles=["traveller"], unit=units["徐州市中心医院"], full_name="李娜")
    url = reverse("accounts:user_list")
    for q in ("张伟", "zhangwei", "ZW", "zhang wei", "u_zh"):
        html = admin_client.get(url, {"q": q}).content.decode()
        assert "u_zhang" in html and "u_li" not in html, q
    html = admin_client.get(url, {"unit": units["徐州市卫生健康委员会"].pk}).content.decode()
    assert "u_li" in html and "u_zhang" not in html  # unit filter includes sub-units
    html = admin_client.get(url, {"role": Role.objects.get(code="division_staff").pk}).content.decode()
    assert "u_zhang" in html and "u_li" not in html
    html = admin_client.get(url, {"division": divisions["outbound"].pk, "active": "1"}).content.decode()
    assert "u_zhang" in html


def test_user_list_is_paginated(admin_client, make_user):
    for i in range(30):
        make_user(f"bulk{i:02d}")
    response = admin_client.get(reverse("accounts:user_list"))
    assert len(response.context["page_obj"].object_list) == 25
    response = admin_client.get(reverse("accounts:user_list"), {"page": 2})
    assert response.context["page_obj"].number == 2


def test_unknown_user_is_404(admin_client):
    assert admin_client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404


def test_no_superuser_through_ui(admin_client, units):
    post_user(admin_client, unit=units["徐州市商务局"].pk, roles=role_ids("traveller"), is_superuser="on")
    assert User.objects.get(username="newuser").is_superuser is False
