"""Every read about people, roles, sessions, tokens and the login log.

Account administration is a global function of the security administrator (三员分立): lists of users,
roles, sessions and tokens are gated by their permission code rather than by a data scope (the
administrator's own data scope is "self" so that they see no casework). Anyone without the code gets
``PermissionDenied``; an id that does not exist answers 404.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import ApiToken, LoginLog, Role, User, UserSession


def _require(user, code: str) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(code):
        raise PermissionDenied


def search_users(qs: QuerySet, q: str) -> QuerySet:
    """Name, username or pinyin (full or initials, any case and spacing): 张伟 / zhangwei / zw / zhang wei."""
    q = (q or "").strip()
    if not q:
        return qs
    compact = "".join(q.split()).lower()
    cond = Q(username__icontains=q) | Q(full_name__icontains=q)
    if compact.isascii():
        cond |= Q(name_pinyin__icontains=compact)
    return qs.filter(cond)


def user_list(*, user) -> QuerySet:
    """Every user, by username; the list's filters are ``apps.accounts.filters.UserFilter``."""
    _require(user, "accounts.manage_users")
    qs = User.objects.select_related("unit", "division").prefetch_related("roles")
    return qs.distinct().order_by("username")


def user_get(*, user, pk) -> User:
    _require(user, "accounts.manage_users")
    obj = User.objects.select_related("unit", "division").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def role_list(*, user) -> QuerySet:
    _require(user, "accounts.manage_roles")
    return Role.objects.prefetch_related("scope_units", "scope_divisions").order_by("order", "id")


def role_get(*, user, pk) -> Role:
    _require(user, "accounts.manage_roles")
    obj = Role.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def session_list(*, user) -> QuerySet:
    """Sessions that are still signed in: not ended, and the Django session has not expired."""
    _require(user, "accounts.manage_sessions")
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return (
        UserSession.objects.filter(ended_at__isnull=True, session_key__in=live)
        .select_related("user", "user__unit", "user__division")
        .order_by("-last_seen_at", "-id")
    )


def session_get(*, user, pk) -> UserSession:
    _require(user, "accounts.manage_sessions")
    obj = UserSession.objects.select_related("user").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def token_list(*, user) -> QuerySet:
    _require(user, "accounts.manage_tokens")
    return ApiToken.objects.select_related("user", "created_by").order_by("-created_at", "-id")


def token_get(*, user, pk) -> ApiToken:
    _require(user, "accounts.manage_tokens")
    obj = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def login_log_list(*, user) -> QuerySet:
    """Sign-ins, sign-outs and failures, newest first; the log's filters are
    ``apps.accounts.filters.LoginLogFilter``."""
    _require(user, "audit.view_logins")
    return LoginLog.objects.select_related("user").order_by("-at", "-id")


def active_clerk_count(unit) -> int:
    return User.objects.filter(unit=unit, is_active=True, roles__code="unit_clerk").distinct().count()
