"""The password policy of 等保2.0 level 3 (GB/T 22239-2019 8.1.4.1 身份鉴别), as settings.

* complexity: at least ``WAIBAN["PASSWORD_MIN_LENGTH"]`` characters (12) from at least
  ``WAIBAN["PASSWORD_MIN_CLASSES"]`` of the four classes upper-case letters, lower-case letters, digits
  and other characters (3) — ``MinimumLengthValidator`` and ``CharacterClassesValidator``;
* history: none of the last ``WAIBAN["PASSWORD_HISTORY"]`` passwords again (5); their hashes are kept
  in ``PasswordHistory`` — ``PasswordHistoryValidator``, whose ``password_changed`` Django calls
  whenever a password is saved;
* expiry: a password older than ``WAIBAN["PASSWORD_MAX_AGE_DAYS"]`` (90; 0 = never) must be changed at
  the next sign-in, with a warning ``WAIBAN["PASSWORD_WARN_DAYS"]`` (14) days before;
* an account an administrator created, or whose password an administrator reset, changes it at its
  first sign-in (``User.must_change_password``).

The validators are Django ``AUTH_PASSWORD_VALIDATORS`` (settings), so every form and service that calls
``password_validation.validate_password`` applies them. Settings are read when used (tests override them).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULTS = {
    "PASSWORD_MIN_LENGTH": 12,
    "PASSWORD_MIN_CLASSES": 3,
    "PASSWORD_HISTORY": 5,
    "PASSWORD_MAX_AGE_DAYS": 90,
    "PASSWORD_WARN_DAYS": 14,
}


def policy(name: str) -> int:
    return int(getattr(settings, "WAIBAN", {}).get(name, DEFAULTS[name]))


def _classes(password: str) -> int:
    upper = any("A" <= c <= "Z" for c in password)
    lower = any("a" <= c <= "z" for c in password)
    digit = any("0" <= c <= "9" for c in password)
    other = any(not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9") for c in password)
    return upper + lower + digit + other


class MinimumLengthValidator:
    """At least ``min_length`` characters (default ``WAIBAN["PASSWORD_MIN_LENGTH"]``)."""

    def __init__(self, min_length: int | None = None):
        self._min_length = min_length

    @property
    def min_length(self) -> int:
        return self._min_length or policy("PASSWORD_MIN_LENGTH")

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码太短，至少需要 %(n)d 个字符。") % {"n": self.min_length}, code="password_too_short"
            )

    def get_help_text(self):
        return _("至少 %(n)d 个字符。") % {"n": self.min_length}


class CharacterClassesValidator:
    """Characters from at least ``min_classes`` of: upper-case letters, lower-case letters, digits,
    other characters (default ``WAIBAN["PASSWORD_MIN_CLASSES"]``)."""

    def __init__(self, min_classes: int | None = None):
        self._min_classes = min_classes

    @property
    def min_classes(self) -> int:
        return min(4, self._min_classes or policy("PASSWORD_MIN_CLASSES"))

    def validate(self, password, user=None):
        if _classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}


class PasswordHistoryValidator:
    """Not one of the user's last ``count`` passwords (default ``WAIBAN["PASSWORD_HISTORY"]``, 0 = off).

    Compared with the kept hashes (and the current password), never with a stored password in clear.
    """

    def __init__(self, count: int | None = None):
        self._count = count

    @property
    def count(self) -> int:
        return self._count if self._count is not None else policy("PASSWORD_HISTORY")

    def _recent(self, user) -> list[str]:
        from .models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count]
        )
        current = getattr(user, "password", "")
        if current and current not in hashes:
            hashes.insert(0, current)
        return hashes[: self.count]

    def validate(self, password, user=None):
        if self.count <= 0 or user is None or not getattr(user, "pk", None):
            return
        for encoded in self._recent(user):
            if check_password(password, encoded):
                raise ValidationError(
                    _("不能使用最近 %(n)d 次用过的密码，请换一个新密码。") % {"n": self.count},
                    code="password_reused",
                )

    def password_changed(self, password, user):
        """Keep the new password's hash (Django calls this after saving a user whose password was set)."""
        from .models import PasswordHistory

        if not user.pk or not user.has_usable_password():
            return
        latest = PasswordHistory.objects.filter(user=user).values_list("password", flat=True).first()
        if latest != user.password:
            PasswordHistory.objects.create(user=user, password=user.password)
        keep = max(self.count, 1)
        old = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()

    def get_help_text(self):
        return _("不能与最近 %(n)d 次用过的密码相同。") % {"n": self.count}


def _remember_first_password(sender, instance, created, raw=False, **kwargs):
    """``post_save`` of a new user: keep the first password's hash too (``UserManager.create_user``
    hashes it without ``set_password``, so Django does not call ``password_changed`` for it)."""
    if created and not raw and instance.has_usable_password():
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=instance, password=instance.password)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    post_save.connect(
        _remember_first_password, sender=get_user_model(), dispatch_uid="accounts.first_password"
    )


def policy_text() -> str:
    """The policy in one sentence, for the help text under a new-password field."""
    parts = [
        _("至少 %(n)d 个字符") % {"n": policy("PASSWORD_MIN_LENGTH")},
        _("包含大写字母、小写字母、数字、符号中的至少 %(n)d 类")
        % {"n": min(4, policy("PASSWORD_MIN_CLASSES"))},
        _("不能是常见密码，不能与用户名或姓名相似"),
    ]
    if policy("PASSWORD_HISTORY") > 0:
        parts.append(_("不能与最近 %(n)d 次用过的密码相同") % {"n": policy("PASSWORD_HISTORY")})
    return _("，").join(parts) + _("。")


# --- expiry and forced change --------------------------------------------------------------------------

INITIAL = "initial"  # created or reset by an administrator: change at first sign-in
EXPIRED = "expired"


def expires_at(user):
    """When ``user``'s password expires (None: never — expiry is off or the account has no password)."""
    days = policy("PASSWORD_MAX_AGE_DAYS")
    if days <= 0 or not user.has_usable_password():
        return None
    changed = user.password_changed_at or user.date_joined
    return changed + timedelta(days=days) if changed else None


def change_reason(user) -> str | None:
    """Why ``user`` must change their password before anything else (``INITIAL``, ``EXPIRED``), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.must_change_password:
        return INITIAL
    end = expires_at(user)
    if end is not None and end <= timezone.now():
        return EXPIRED
    return None


def days_left(user) -> int | None:
    """Whole days until the password expires, when that is within the warning period; else None."""
    end = expires_at(user)
    if end is None:
        return None
    left = end - timezone.now()
    if timedelta(0) < left <= timedelta(days=policy("PASSWORD_WARN_DAYS")):
        return max(1, left.days + (1 if left.seconds else 0))
    return None


def reason_text(reason: str | None) -> str:
    if reason == INITIAL:
        return _("您的密码由管理员设置，首次登录须修改为只有您自己知道的新密码。")
    if reason == EXPIRED:
        return _("您的密码已超过 %(n)d 天未修改，已过期，请设置新密码后继续使用。") % {
            "n": policy("PASSWORD_MAX_AGE_DAYS")
        }
    return ""


EXEMPT_PREFIXES = ("/static/", "/i18n/", "/favicon.ico")
EXEMPT_NAMES = (
    "accounts:login",
    "accounts:logout",
    "accounts:change_password",
    "accounts:verify_2fa",
    "accounts:setup_2fa",
    "accounts:locked_out",
    "accounts:set_language",
)


def _exempt_paths() -> tuple[str, ...]:
    return tuple(reverse(name) for name in EXEMPT_NAMES)


class PasswordChangeRequiredMiddleware:
    """A signed-in user whose password expired, or was set by an administrator, may open nothing but
    the change-password page (and sign out) until they change it. After the two-factor gate, so the
    password is changed only by someone who also passed the second factor. API: 403 with the reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, "waiban_token_auth", False)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith(_exempt_paths())
        ):
            reason = change_reason(user)
            if reason:
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": reason_text(reason), "code": "password_change"}, status=403
                    )
                url = reverse("accounts:change_password")
                if request.method == "GET" and request.headers.get("HX-Request") != "true":
                    url = f"{url}?{urlencode({'next': request.get_full_path()})}"
                if request.headers.get("HX-Request") == "true":
                    response = HttpResponseRedirect(url)
                    response.status_code = 204
                    response["HX-Redirect"] = url
                    return response
                return HttpResponseRedirect(url)
        return self.get_response(request)
