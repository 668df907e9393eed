"""等保 level 3 passwords: complexity, history, expiry with a warning, and a first-sign-in change."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.models import PasswordHistory, Role, User
from apps.audit.models import AuditEvent

from .conftest import PASSWORD, login_page

pytestmark = pytest.mark.django_db


def waiban(**values):
    return override_settings(WAIBAN={**settings.WAIBAN, **values})


def change(client, old, new):
    return client.post(
        reverse("accounts:change_password"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def messages_of(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as e:
        return e.messages
    return []


def test_complexity_three_of_four_classes_and_length():
    assert settings.WAIBAN["PASSWORD_MIN_CLASSES"] == 3 and settings.WAIBAN["PASSWORD_MIN_LENGTH"] == 12
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类。" in messages_of("yunlonghu2026")
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类。" in messages_of("YUNLONG-LAKE")
    assert messages_of("Yunlonghu2026") == []  # upper, lower, digits; 13 characters
    assert messages_of("yunlong-hu-26") == []  # lower, symbols, digits
    assert "密码太短，至少需要 12 个字符。" in messages_of("Yl-2026a")
    with waiban(PASSWORD_MIN_LENGTH=14, PASSWORD_MIN_CLASSES=4):
        assert "密码太短，至少需要 14 个字符。" in messages_of("Yunlonghu2026")
        assert "密码须包含大写字母、小写字母、数字、符号中的至少 4 类。" in messages_of("Yunlonghu20260")
        assert messages_of("Yunlong-Lake-2026") == []


def test_messages_in_english():
    with translation.override("en"):
        text = " ".join(messages_of("yunlonghu2026") + messages_of("Yl-2026a"))
    assert "at least 3 of" in text and "at least 12 characters" in text


def test_change_page_refuses_a_simple_password_and_keeps_the_form(client, make_user, login):
    user = make_user("keyuan_t", roles=["division_staff"])
    login(user)
    page = client.get(reverse("accounts:change_password")).content.decode()
    assert "大写字母、小写字母、数字、符号中的至少 3 类" in page and "最近 5 次" in page
    response = change(client, PASSWORD, "yunlonghu2026")
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_history_refuses_the_last_passwords_and_keeps_only_hashes(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t")
    with waiban(PASSWORD_HISTORY=3):
        assert change(client, PASSWORD, "Yunlong-Lake-01").status_code == 302
        response = change(client, "Yunlong-Lake-01", PASSWORD)  # back to the first one
        assert response.status_code == 200
        assert "不能使用最近 3 次用过的密码" in response.content.decode()
        assert change(client, "Yunlong-Lake-01", "Yunlong-Lake-01").status_code == 200  # the current one
        assert change(client, "Yunlong-Lake-01", "Yunlong-Lake-02").status_code == 302
        assert change(client, "Yunlong-Lake-02", "Yunlong-Lake-03").status_code == 302
        # PASSWORD is now 4 passwords back: allowed again
        assert change(client, "Yunlong-Lake-03", PASSWORD).status_code == 302
    hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True))
    assert len(hashes) == 3
    assert not any("Yunlong" in h or PASSWORD in h for h in hashes)
    user.refresh_from_db()
    assert hashes[0] == user.password


def test_expired_password_must_be_changed_at_sign_in(client, make_user):
    assert settings.WAIBAN["PASSWORD_MAX_AGE_DAYS"] == 90
    user = make_user("keyuan_t", roles=["division_staff"])
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    login_page(client, "keyuan_t")
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:change_password"))
    page = client.get(response["Location"]).content.decode()
    assert "已超过 90 天未修改，已过期" in page
    assert client.get("/api/accounts/me").status_code == 403
    assert AuditEvent.objects.filter(action="accounts.password_expired", actor=user).exists()
    response = client.post(
        response["Location"],
        {"old_password": PASSWORD, "new_password1": "Yunlong-Lake-77", "new_password2": "Yunlong-Lake-77"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_expiry_is_a_setting(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=400))
    with waiban(PASSWORD_MAX_AGE_DAYS=0):
        login_page(client, "keyuan_t")
        assert client.get(reverse("accounts:profile")).status_code == 200


def test_warning_days_before_expiry(client, make_user):
    user = make_user("keyuan_t", roles=["division_staff"])
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=80))
    login_page(client, "keyuan_t")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "您的密码将在 10 天后过期" in page
    assert 'data-testid="password-expires-at"' in page


def test_account_created_by_admin_changes_password_at_first_sign_in(admin_client, divisions):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "xinren",
            "full_name": "林思远",
            "password": "Huaihai-Road-88",
            "division": divisions["outbound"].pk,
            "roles": [Role.objects.get(code="division_staff").pk],
        },
    )
    assert response.status_code == 302
    newcomer = Client()
    login_page(newcomer, "xinren", "Huaihai-Road-88")
    response = newcomer.get("/")
    assert response["Location"].startswith(reverse("accounts:change_password"))
    page = newcomer.get(response["Location"]).content.decode()
    assert "首次登录须修改" in page
    response = newcomer.post(
        response["Location"],
        {
            "old_password": "Huaihai-Road-88",
            "new_password1": "Yunlong-Lake-77",
            "new_password2": "Yunlong-Lake-77",
        },
    )
    assert response.status_code == 302
    assert newcomer.get(reverse("accounts:profile")).status_code == 200
    assert User.objects.get(username="xinren").must_change_password is False
    # A reset by the administrator: changed again at the next sign-in.
    user = User.objects.get(username="xinren")
    admin_client.post(
        reverse("accounts:user_reset_password", args=[user.pk]),
        {"password1": "Pengzhou-Road-99", "password2": "Pengzhou-Road-99"},
    )
    again = Client()
    login_page(again, "xinren", "Pengzhou-Road-99")
    assert again.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:change_password"))
