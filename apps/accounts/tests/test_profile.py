import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts.models import User
from apps.audit.models import AuditEvent

from .conftest import PASSWORD, login_page

pytestmark = pytest.mark.django_db


def test_profile_shows_membership_roles_and_scope(client, make_user, divisions):
    user = make_user("keyuan_t", roles=["division_staff"], division=divisions["outbound"], full_name="许文静")
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "许文静" in html and "出国来华管理处" in html and "处室工作人员" in html
    assert "本人创建或参与的记录" in html  # the data scope in words
    assert "启用双因素认证" in html


def test_change_password(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    url = reverse("accounts:change_password")
    response = client.post(
        url,
        {
            "old_password": "wrong-old-pw",
            "new_password1": "Yunlong-Lake-77",
            "new_password2": "Yunlong-Lake-77",
        },
    )
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode() or "您的旧密码不正确" in response.content.decode()
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "keyuan_t12", "new_password2": "keyuan_t12"}
    )
    assert response.status_code == 200
    assert "太相似" in response.content.decode()
    # Passwords are never echoed back into the page (Django's default), even on a validation error.
    assert 'value="keyuan_t12"' not in response.content.decode()
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "Yunlong-Lake-77", "new_password2": "Yunlong-Lake-77"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Yunlong-Lake-77") and user.password_changed_at
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    event = AuditEvent.objects.get(action="accounts.password_change")
    assert "Yunlong" not in str(event.changes) and event.actor == user


def test_language_preference(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    client.force_login(user)
    response = client.post(reverse("accounts:set_language"), {"language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=user.pk).language == "en"
    response = client.post(reverse("accounts:set_language"), {"language": "xx"}, follow=True)
    assert User.objects.get(pk=user.pk).language == "en"


def test_profile_in_english(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Change password" in html and "Two-factor authentication" in html
