"""First two-factor enrolment of an administrator account only with a one-time enrolment code.

An account holding an administration role (三员: system administrator, security administrator, security
auditor) that has no authenticator yet may enrol one only after entering an enrolment code issued for it
by a security administrator (``code_issue``): random, shown once, stored as its SHA-256, valid
``WAIBAN["ENROLMENT_CODE_MINUTES"]`` minutes (30), used once (``code_accept``), the newest one only.
Issue, use and every rejected attempt are audited. Without it, someone who learnt an administrator's
initial password cannot bind their own authenticator to the account.

A security administrator cannot issue a code for themself. The first security administrator of a new
installation gets theirs from the server's operator: ``manage.py enrolment_code <username>``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.errors import Forbidden, ServiceError
from apps.core.permissions import require

from .models import EnrolmentCode, User

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
LENGTH = 12  # 60 bits
SESSION_KEY = "_waiban_enrolment_code"


def minutes() -> int:
    return int(getattr(settings, "WAIBAN", {}).get("ENROLMENT_CODE_MINUTES", 30))


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def generate() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def required(user) -> bool:
    """An administrator account without a confirmed authenticator must present an enrolment code."""
    from django_otp import user_has_device

    return bool(user.admin_kind) and not user_has_device(user, confirmed=True)


@transaction.atomic
def code_issue(*, user: User, by: User | None) -> tuple[EnrolmentCode, str]:
    """Issue a code for ``user`` (``by`` None: the server's operator, ``manage.py enrolment_code``);
    earlier unused codes of the user stop working. Returns the row and the code, shown once."""
    if by is not None:
        require(by, "accounts.manage_users")
        if by.pk == user.pk:
            raise Forbidden(_("不能为自己签发启用码，请由另一名安全管理员签发。"), code="own_code")
    if not user.is_active:
        raise ServiceError(_("该账号已停用，不能签发启用码。"), code="inactive")
    if not user.admin_kind:
        raise ServiceError(
            _("只有系统管理员、安全管理员、安全审计员账号首次启用双因素认证时需要启用码。"), code="not_admin"
        )
    if not required(user):
        raise ServiceError(_("该账号已启用双因素认证，不需要启用码。"), code="enrolled")
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = generate()
    obj = EnrolmentCode.objects.create(
        user=user,
        code_hash=hash_code(code),
        issued_by=by,
        issued_at=now,
        expires_at=now + timedelta(minutes=minutes()),
    )
    record(
        action=AuditAction.ACCOUNTS_ENROLMENT_CODE_ISSUE,
        target=user,
        actor=by,
        changes={"enrolment_code": [None, "***"]},
        extra={"expires_at": obj.expires_at.isoformat(), "by_operator": by is None},
    )
    return obj, code


def code_accept(*, request, user: User, code: str) -> EnrolmentCode:
    """Check and spend ``code`` for ``user``; remembered in the session for the enrolment that follows.
    A wrong, used, expired or superseded code is refused (and the attempt audited)."""
    now = timezone.now()
    obj = (
        EnrolmentCode.objects.filter(code_hash=hash_code(code), user=user).first()
        if normalise(code)
        else None
    )
    spent = (
        obj is not None
        and obj.revoked_at is None
        and obj.expires_at > now
        and EnrolmentCode.objects.filter(pk=obj.pk, used_at__isnull=True, revoked_at__isnull=True).update(
            used_at=now
        )
        == 1
    )
    if not spent:
        record(
            action=AuditAction.ACCOUNTS_ENROLMENT_CODE_REJECT,
            target=user,
            actor=user,
            extra={"known_code": obj is not None},
        )
        raise ServiceError(
            _("启用码不正确、已使用或已过期。请向安全管理员申请新的启用码。"), code="enrolment_code"
        )
    obj.used_at = now
    record(
        action=AuditAction.ACCOUNTS_ENROLMENT_CODE_USE,
        target=user,
        actor=user,
        changes={"enrolment_code": ["***", None]},
        extra={"issued_by": obj.issued_by.username if obj.issued_by_id else None},
    )
    request.session[SESSION_KEY] = obj.pk
    return obj


def accepted(request, user: User) -> EnrolmentCode | None:
    """The code this session spent for ``user``, while enrolment with it is still open."""
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return EnrolmentCode.objects.filter(
        pk=pk, user=user, used_at__gt=timezone.now() - timedelta(minutes=minutes())
    ).first()


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)
