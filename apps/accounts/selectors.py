"""Every read about people, roles, sessions, tokens and the login log.

Account administration is a global function of the security administrator (三员分立): lists of users,
roles, sessions and tokens are gated by their permission code rather than by a data scope (the
administrator's own data scope is "self" so that they see no casework). Anyone without the code gets
``PermissionDenied``; an id that does not exist answers 404.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core.permissions import require

from .models import ApiToken, LoginLog, Role, User, UserSession


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


def user_list(*, user, filters: dict | None = None) -> QuerySet:
    require(user, "accounts.manage_users")
    filters = filters or {}
    qs = User.objects.select_related("unit", "division").prefetch_related("roles")
    qs = search_users(qs, filters.get("q", ""))
    if filters.get("role"):
        qs = qs.filter(roles=filters["role"])
    if filters.get("unit"):
        qs = (
            qs.filter(unit__path__startswith=filters["unit"].path)
            if filters["unit"].path
            else qs.filter(unit=filters["unit"])
        )
    if filters.get("division"):
        qs = qs.filter(division=filters["division"])
    active = filters.get("active")
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.distinct().order_by("username")


def user_get(*, user, pk) -> User:
    require(user, "accounts.manage_users")
    obj = User.objects.select_related("unit", "division").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def role_list(*, user) -> QuerySet:
    require(user, "accounts.manage_roles")
    return Role.objects.prefetch_related("scope_units", "scope_divisions").order_by("order", "id")


def role_get(*, user, pk) -> Role:
    require(user, "accounts.manage_roles")
    obj = Role.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def session_list(*, user) -> QuerySet:
    """Sessions that are still signed in: not ended, and the Django session has not expired."""
    require(user, "accounts.manage_sessions")
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return (
        UserSession.objects.filter(ended_at__isnull=True, session_key__in=live)
        .select_related("user", "user__unit", "user__division")
        .order_by("-last_seen_at")
    )


def session_get(*, user, pk) -> UserSession:
    require(user, "accounts.manage_sessions")
    obj = UserSession.objects.select_related("user").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def token_list(*, user) -> QuerySet:
    require(user, "accounts.manage_tokens")
    return ApiToken.objects.select_related("user", "created_by").order_by("-created_at")


def token_get(*, user, pk) -> ApiToken:
    require(user, "accounts.manage_tokens")
    obj = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def login_log_list(*, user, filters: dict | None = None) -> QuerySet:
    require(user, "audit.view_logins")
    filters = filters or {}
    qs = LoginLog.objects.select_related("user")
    if filters.get("username"):
        qs = qs.filter(username__icontains=filters["username"].strip())
    if filters.get("outcome"):
        qs = qs.filter(outcome=filters["outcome"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if filters.get("date_to"):
        qs = qs.filter(at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=tz))
    return qs.order_by("-at", "-id")
