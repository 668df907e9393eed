"""Every write about people, roles, sessions and tokens (audited; see docs/CONVENTIONS.md).

Rules enforced here, whatever the caller (page, API, command):

* 三员分立 — the three administration roles (``Role.admin_kind``) are never combined in one user, and
  an administration role is never combined with a business role;
* a unit has at most ``settings.WAIBAN["MAX_CLERKS_PER_UNIT"]`` active 外事专办员 (default 2);
* unit roles need a unit, office-division roles need a division, and nobody belongs to both;
* a security administrator cannot change their own roles, nor deactivate themselves;
* nobody becomes a superuser through the application.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.concurrency import check_unchanged
from apps.core.errors import Forbidden, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import roles as R
from .models import AdminKind, ApiToken, Role, User, UserSession
from .perms import PERMISSIONS
from .scope import forget

UNIT_ROLES = {R.UNIT_CLERK, R.UNIT_SIGNATORY, R.TRAVELLER}
DIVISION_ROLES = {R.DIVISION_HEAD, R.DIVISION_STAFF}

# Which permission codes each kind of role may hold (三员分立 applies to permissions, too: editing a
# role must not let one administrator do another's job).
ADMIN_FAMILY = {
    AdminKind.SYSTEM: {"org.manage", "reference.manage", "casework.configure"},
    AdminKind.SECURITY: {
        "accounts.manage_users",
        "accounts.manage_roles",
        "accounts.manage_sessions",
        "accounts.manage_tokens",
    },
    AdminKind.AUDIT: {"audit.view", "audit.view_logins", "audit.export"},
}
NOT_FOR_BUSINESS = ADMIN_FAMILY[AdminKind.SYSTEM] | ADMIN_FAMILY[AdminKind.SECURITY]


def max_clerks() -> int:
    return int(getattr(settings, "WAIBAN", {}).get("MAX_CLERKS_PER_UNIT", 2))


# --- snapshots for the audit log -----------------------------------------------------------------------


def user_snapshot(u: User) -> dict:
    return {
        "username": u.username,
        "full_name": u.full_name,
        "phone": u.phone,
        "title": u.title,
        "email": u.email,
        "unit": str(u.unit) if u.unit_id else None,
        "division": str(u.division) if u.division_id else None,
        "roles": sorted(u.roles.values_list("code", flat=True)) if u.pk else [],
        "is_active": u.is_active,
    }


def role_snapshot(r: Role) -> dict:
    return {
        "code": r.code,
        "name": r.name,
        "name_en": r.name_en,
        "description": r.description,
        "permissions": sorted(r.permissions or []),
        "data_scope": r.data_scope,
        "scope_units": sorted(str(u) for u in r.scope_units.all()) if r.pk else [],
        "scope_divisions": sorted(str(d) for d in r.scope_divisions.all()) if r.pk else [],
        "requires_2fa": r.requires_2fa,
        "admin_kind": r.admin_kind,
    }


# --- user assignment rules -----------------------------------------------------------------------------


def check_assignment(*, roles, unit, division, user: User | None = None) -> None:
    """Raise ``ServiceError`` if this combination of roles and membership breaks a rule."""
    roles = list(roles)
    codes = {r.code for r in roles}
    kinds = {r.admin_kind for r in roles if r.admin_kind}
    if len(kinds) > 1:
        raise ServiceError(
            _("三员分立：系统管理员、安全管理员、安全审计员不能由同一人兼任。"), code="admin_separation"
        )
    if kinds and any(not r.admin_kind for r in roles):
        raise ServiceError(_("三员分立：管理员角色不能与业务角色同时授予一个账号。"), code="admin_separation")
    if unit is not None and division is not None:
        raise ServiceError(_("一个账号只能属于一个处室或一个单位，不能同时属于两者。"), code="membership")
    if codes & UNIT_ROLES and unit is None:
        names = "、".join(r.name for r in roles if r.code in UNIT_ROLES)
        raise ServiceError(_("角色“%(roles)s”需要选择所属单位。") % {"roles": names}, code="membership")
    if codes & DIVISION_ROLES and division is None:
        names = "、".join(r.name for r in roles if r.code in DIVISION_ROLES)
        raise ServiceError(_("角色“%(roles)s”需要选择所属处室。") % {"roles": names}, code="membership")
    if R.UNIT_CLERK in codes and unit is not None and (user is None or user.is_active):
        from apps.org.models import Unit

        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # serialise concurrent assignments
        others = User.objects.filter(unit=unit, is_active=True, roles__code=R.UNIT_CLERK)
        if user is not None and user.pk:
            others = others.exclude(pk=user.pk)
        if others.distinct().count() >= max_clerks():
            raise ServiceError(
                _("%(unit)s 已有 %(n)d 名外事专办员，每个单位最多 %(max)d 名。")
                % {"unit": unit, "n": others.distinct().count(), "max": max_clerks()},
                code="clerk_limit",
            )


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        raise ServiceError(" ".join(e.messages), code="password") from e


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    full_name: str,
    password: str,
    roles=(),
    unit=None,
    division=None,
    phone: str = "",
    title: str = "",
    email: str = "",
) -> User:
    require(by, "accounts.manage_users")
    username = (username or "").strip()
    if not username:
        raise ServiceError(_("请填写用户名。"), code="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("用户名“%(u)s”已被使用。") % {"u": username}, code="username")
    roles = list(roles)
    check_assignment(roles=roles, unit=unit, division=division)

    def set_password(user: User) -> None:
        _validate_password(password, user)  # the policy compares it with the name just applied
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.must_change_password = True  # the administrator knows it: changed at first sign-in

    user = User(is_superuser=False, is_staff=False)
    data = {"username": username, "full_name": full_name, "phone": phone, "title": title, "email": email}
    model_update(
        instance=user,
        data={**data, "unit": unit, "division": division, "roles": roles},
        audit=user_snapshot,
        by=by,
        action=AuditAction.ACCOUNTS_USER_CREATE,
        before_save=set_password,
    )
    return user


@transaction.atomic
def user_update(
    *,
    obj: User,
    by,
    full_name: str,
    roles,
    unit=None,
    division=None,
    phone: str = "",
    title: str = "",
    email: str | None = None,
    edit_token: str | None = None,
) -> User:
    require(by, "accounts.manage_users")
    check_unchanged(obj, edit_token)
    obj = User.objects.select_for_update().get(pk=obj.pk)
    roles = list(roles)
    new_codes = sorted(r.code for r in roles)
    if obj.pk == by.pk and new_codes != sorted(obj.roles.values_list("code", flat=True)):
        raise ServiceError(_("安全管理员不能修改自己的角色，请由另一名安全管理员办理。"), code="own_roles")
    if obj.is_superuser:
        raise ServiceError(_("超级用户不能在系统界面中修改。"), code="superuser")
    check_assignment(roles=roles, unit=unit, division=division, user=obj)
    data = {"full_name": full_name, "phone": phone, "title": title, "unit": unit, "division": division}
    if email is not None:
        data["email"] = email
    model_update(
        instance=obj,
        data={**data, "roles": roles},
        audit=user_snapshot,
        by=by,
        action=AuditAction.ACCOUNTS_USER_UPDATE,
    )
    forget(obj)
    return obj


@transaction.atomic
def user_set_active(*, obj: User, by, active: bool) -> User:
    require(by, "accounts.manage_users")
    obj = User.objects.select_for_update().get(pk=obj.pk)
    if obj.pk == by.pk and not active:
        raise ServiceError(_("不能停用自己的账号。"), code="self")
    if obj.is_active == active:
        return obj
    if active and obj.has_role(R.UNIT_CLERK) and obj.unit_id:
        obj.is_active = True  # count as if active
        check_assignment(roles=obj.roles.all(), unit=obj.unit, division=obj.division, user=obj)
        obj.is_active = False
    model_update(
        instance=obj,
        data={"is_active": active},
        audit=user_snapshot,
        by=by,
        action=AuditAction.ACCOUNTS_USER_REACTIVATE if active else AuditAction.ACCOUNTS_USER_DEACTIVATE,
    )
    if not active:
        for s in UserSession.objects.filter(user=obj, ended_at__isnull=True):
            _end_session(s, by=by)
    return obj


@transaction.atomic
def user_reset_password(*, obj: User, by, password: str) -> User:
    require(by, "accounts.manage_users")
    obj = User.objects.select_for_update().get(pk=obj.pk)
    _validate_password(password, obj)
    obj.set_password(password)
    obj.password_changed_at = timezone.now()
    obj.must_change_password = True  # the administrator knows it: changed at the next sign-in
    obj.save(update_fields=["password", "password_changed_at", "must_change_password"])
    record(
        action=AuditAction.ACCOUNTS_PASSWORD_RESET, target=obj, changes={"password": ["***", "***"]}, actor=by
    )
    return obj


@transaction.atomic
def password_change(*, user: User, new_password: str) -> User:
    """The user changed their own password (the form checked the old one and the policy)."""
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    record(
        action=AuditAction.ACCOUNTS_PASSWORD_CHANGE,
        target=user,
        changes={"password": ["***", "***"]},
        actor=user,
    )
    return user


@transaction.atomic
def language_set(*, user: User, language: str) -> User:
    codes = {c for c, _n in settings.LANGUAGES}
    if language not in codes:
        raise ServiceError(_("不支持的语言。"), code="language")
    model_update(
        instance=user, data={"language": language}, by=user, action=AuditAction.ACCOUNTS_LANGUAGE_SET
    )
    return user


# --- roles ---------------------------------------------------------------------------------------------


def _check_role(*, permissions, admin_kind: str, requires_2fa: bool) -> list[str]:
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if unknown:
        raise ServiceError(_("未知的权限：%(p)s") % {"p": "、".join(unknown)}, code="permissions")
    if admin_kind:
        outside = sorted(set(permissions) - ADMIN_FAMILY[admin_kind])
        if outside:
            raise ServiceError(
                _("三员分立：该管理员角色不能拥有以下权限：%(p)s")
                % {"p": "、".join(str(PERMISSIONS[p]) for p in outside)},
                code="admin_separation",
            )
        if not requires_2fa:
            raise ServiceError(_("管理员角色必须启用双因素认证。"), code="requires_2fa")
    else:
        outside = sorted(set(permissions) & NOT_FOR_BUSINESS)
        if outside:
            raise ServiceError(
                _("三员分立：业务角色不能拥有管理员权限：%(p)s")
                % {"p": "、".join(str(PERMISSIONS[p]) for p in outside)},
                code="admin_separation",
            )
    return sorted(set(permissions))


@transaction.atomic
def role_create(
    *,
    by,
    code: str,
    name: str,
    name_en: str = "",
    description: str = "",
    permissions=(),
    data_scope: str = "self",
    scope_units=(),
    scope_divisions=(),
    requires_2fa: bool = False,
) -> Role:
    require(by, "accounts.manage_roles")
    code = (code or "").strip()
    if Role.objects.filter(code=code).exists():
        raise ServiceError(_("角色代码“%(c)s”已被使用。") % {"c": code}, code="code")
    perms = _check_role(permissions=list(permissions), admin_kind="", requires_2fa=requires_2fa)
    role = Role(code=code, admin_kind="", is_builtin=False, order=100 + Role.objects.count())
    model_update(
        instance=role,
        data=_role_values(
            name=name,
            name_en=name_en,
            description=description,
            permissions=perms,
            data_scope=data_scope,
            scope_units=scope_units,
            scope_divisions=scope_divisions,
            requires_2fa=requires_2fa,
        ),
        audit=role_snapshot,
        by=by,
        action=AuditAction.ACCOUNTS_ROLE_CREATE,
    )
    return role


def _role_values(*, data_scope, scope_units, scope_divisions, **values) -> dict:
    """A role's editable values; the custom unit and division lists only with the "custom" scope."""
    custom = data_scope == "custom"
    return {
        **values,
        "data_scope": data_scope,
        "scope_units": list(scope_units) if custom else [],
        "scope_divisions": list(scope_divisions) if custom else [],
    }


@transaction.atomic
def role_update(
    *,
    obj: Role,
    by,
    name: str,
    name_en: str = "",
    description: str = "",
    permissions=(),
    data_scope: str = "self",
    scope_units=(),
    scope_divisions=(),
    requires_2fa: bool = False,
    edit_token: str | None = None,
) -> Role:
    """Code and three-admin kind never change; everything else may."""
    require(by, "accounts.manage_roles")
    check_unchanged(obj, edit_token)
    obj = Role.objects.select_for_update().get(pk=obj.pk)
    perms = _check_role(permissions=list(permissions), admin_kind=obj.admin_kind, requires_2fa=requires_2fa)
    model_update(
        instance=obj,
        data=_role_values(
            name=name,
            name_en=name_en,
            description=description,
            permissions=perms,
            data_scope=data_scope,
            scope_units=scope_units,
            scope_divisions=scope_divisions,
            requires_2fa=requires_2fa,
        ),
        audit=role_snapshot,
        by=by,
        action=AuditAction.ACCOUNTS_ROLE_UPDATE,
    )
    return obj


# --- sessions ------------------------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _end_session(s: UserSession, *, by) -> None:
    _session_store()(session_key=s.session_key).delete()
    s.ended_at = timezone.now()
    s.ended_by = by
    s.save(update_fields=["ended_at", "ended_by"])


@transaction.atomic
def session_end(*, obj: UserSession, by) -> UserSession:
    require(by, "accounts.manage_sessions")
    obj = UserSession.objects.select_for_update().get(pk=obj.pk)
    if obj.ended_at:
        raise ServiceError(_("该会话已经结束。"), code="ended")
    _end_session(obj, by=by)
    record(
        action=AuditAction.ACCOUNTS_SESSION_END,
        target=obj.user,
        changes={"session": [obj.session_key[:8] + "…", None]},
        extra={"ip": obj.ip, "user_agent": obj.user_agent, "started_at": obj.started_at.isoformat()},
        actor=by,
    )
    return obj


def session_track(*, request, user) -> UserSession | None:
    """Called at sign-in: remember this browser session (not audited: the login log records it)."""
    from apps.core.context import client_ip

    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return None
    now = timezone.now()
    obj, _created = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "ip": client_ip(request),
            "started_at": now,
            "last_seen_at": now,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ended_at": None,
            "ended_by": None,
        },
    )
    return obj


def session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """The session key changed (password change cycles it): keep tracking the same session."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


# --- API tokens ----------------------------------------------------------------------------------------


def token_days() -> int:
    """The longest (and default) life of an API token in days (WAIBAN["API_TOKEN_DAYS"], 90)."""
    return int(settings.WAIBAN.get("API_TOKEN_DAYS", 90))


def may_use_tokens(user) -> bool:
    """Business users may hold API tokens (acting as themselves); no administrator account may (三员:
    an administrator's token would reach business data, or act without the admin's second factor)."""
    return bool(
        user.is_active and not user.is_superuser and not user.admin_kind and user.has_perm("casework.view")
    )


@transaction.atomic
def token_create(*, by, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A token for ``by`` themself — nobody creates a token that acts as someone else — valid ``days``
    (default and maximum ``token_days()``); returns it and the key, which is shown once and never stored.
    Created in a signed-in session, which for a role that requires it has passed two-factor sign-in."""
    if not may_use_tokens(by):
        raise Forbidden(_("管理员账号和停用的账号不能使用接口令牌。"), code="admin_token")
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("请填写令牌的用途。"), code="name")
    limit = token_days()
    days = limit if days is None else int(days)
    if not 1 <= days <= limit:
        raise ServiceError(_("有效天数应在 1 到 %(n)s 天之间。") % {"n": limit}, code="days")
    expires_at = timezone.now() + timedelta(days=days)
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=by,
        name=name[:100],
        prefix=key[3:11],
        key_hash=ApiToken.hash_key(key),
        created_by=by,
        expires_at=expires_at,
    )
    record(
        action=AuditAction.ACCOUNTS_TOKEN_CREATE,
        target=token,
        changes={
            "user": [None, by.username],
            "name": [None, token.name],
            "prefix": [None, token.prefix],
            "expires_at": [None, expires_at.isoformat()],
        },
        actor=by,
    )
    return token, key


@transaction.atomic
def token_revoke(*, obj: ApiToken, by) -> ApiToken:
    """The owner revokes their token; the security administrator may revoke anyone's (which grants
    nothing)."""
    if obj.user_id != by.pk:
        require(by, "accounts.manage_tokens")
    obj = ApiToken.objects.select_for_update().get(pk=obj.pk)
    if obj.revoked_at:
        raise ServiceError(_("该令牌已被吊销。"), code="revoked")
    obj.revoked_at = timezone.now()
    obj.save(update_fields=["revoked_at"])
    record(
        action=AuditAction.ACCOUNTS_TOKEN_REVOKE,
        target=obj,
        changes={"revoked_at": [None, obj.revoked_at.isoformat()]},
        actor=by,
    )
    return obj


# --- two-factor ----------------------------------------------------------------------------------------


def totp_pending(*, user: User):
    """The user's unconfirmed TOTP device (created on first use) for enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device, token: str, enrolment_code=None) -> bool:
    """Confirm the pending device with a code from it. An administrator's first device needs the
    enrolment code this session spent (``apps.accounts.enrolment``)."""
    from . import enrolment

    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if enrolment.required(user) and (enrolment_code is None or enrolment_code.user_id != user.pk):
        raise Forbidden(
            _("管理员账号首次启用双因素认证，须先输入安全管理员签发的启用码。"), code="enrolment_code"
        )
    token = (token or "").strip().replace(" ", "")
    if not (token.isdigit() and len(token) == 6) or not device.verify_token(token):
        return False
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(
        action=AuditAction.ACCOUNTS_2FA_ENABLE,
        target=user,
        changes={"two_factor": [False, True]},
        actor=user,
        extra={"enrolment_code": enrolment_code.pk} if enrolment_code is not None else None,
    )
    return True


@transaction.atomic
def totp_remove(*, user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user.requires_2fa:
        raise ServiceError(_("您的角色要求启用双因素认证，不能移除验证器。"), code="requires_2fa")
    deleted, _d = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        record(
            action=AuditAction.ACCOUNTS_2FA_DISABLE,
            target=user,
            changes={"two_factor": [True, False]},
            actor=user,
        )
