"""Session policy of 等保2.0 level 3 (GB/T 22239-2019 8.1.4.1 c: 登录连接超时自动退出), as settings.

* idle timeout: ``SESSION_COOKIE_AGE`` (``WAIBAN_SESSION_IDLE_MINUTES``, 30), slid by
  ``middleware.touch_session``;
* absolute lifetime: a sign-in lasts at most ``WAIBAN["SESSION_ABSOLUTE_HOURS"]`` hours (12; 0 = no
  limit) however active the user is — counted from the tracked session's ``started_at``;
* single session (``WAIBAN["SINGLE_SESSION"]``, off by default): a new sign-in ends the user's other
  sessions; the browser of an ended session is told why on the sign-in page.

Each end is audited (``accounts.session_expire``, ``accounts.session_replace``). The checks run in
``middleware.SessionTrackingMiddleware``, on the session row it reads anyway (no extra query).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SessionEndReason, UserSession

REASON_PARAM = "ended"


def absolute_limit() -> timedelta | None:
    hours = float(getattr(settings, "WAIBAN", {}).get("SESSION_ABSOLUTE_HOURS", 12))
    return timedelta(hours=hours) if hours > 0 else None


def single_session() -> bool:
    return bool(getattr(settings, "WAIBAN", {}).get("SINGLE_SESSION", False))


def _hours_text() -> str:
    limit = absolute_limit()
    hours = limit.total_seconds() / 3600 if limit else 0
    return f"{hours:g}"


def reason_message(reason: str | None) -> str:
    """What the sign-in page says about a session that ended by itself ("" for none)."""
    if reason == SessionEndReason.EXPIRED:
        return _("本次登录已超过 %(h)s 小时的最长时限，会话已结束，请重新登录。") % {"h": _hours_text()}
    if reason == SessionEndReason.REPLACED:
        return _(
            "您的账号已在其他地方登录，本会话已结束。如果不是您本人登录，请立即修改密码并告知安全管理员。"
        )
    if reason == SessionEndReason.ADMIN:
        return _("您的会话已被安全管理员结束，请重新登录。")
    return ""


def login_url(request, reason: str | None) -> str:
    """The sign-in page, saying why the session ended and where to go back to."""
    query = {}
    if reason in (SessionEndReason.EXPIRED, SessionEndReason.REPLACED, SessionEndReason.ADMIN):
        query[REASON_PARAM] = reason
    if request.method == "GET" and request.headers.get("HX-Request") != "true":
        query["next"] = request.get_full_path()
    url = reverse(settings.LOGIN_URL)
    return f"{url}?{urlencode(query)}" if query else url


def is_over(row: UserSession, now=None) -> bool:
    limit = absolute_limit()
    return bool(limit and row.started_at and (now or timezone.now()) - row.started_at >= limit)


def end_expired(row: UserSession, *, user) -> None:
    """The session outlived the absolute lifetime: end it (once) and audit."""
    from apps.audit.actions import AuditAction
    from apps.audit.services import record

    now = timezone.now()
    with transaction.atomic():
        ended = UserSession.objects.filter(pk=row.pk, ended_at__isnull=True).update(
            ended_at=now, end_reason=SessionEndReason.EXPIRED
        )
        if ended:
            record(
                action=AuditAction.ACCOUNTS_SESSION_EXPIRE,
                target=user,
                actor=user,
                changes={"session": [row.session_key[:8] + "…", None]},
                extra={
                    "started_at": row.started_at.isoformat(),
                    "limit_hours": _hours_text(),
                },
            )
    row.ended_at, row.end_reason = now, SessionEndReason.EXPIRED


def end_others(*, user, keep_key: str | None) -> int:
    """Single session: a new sign-in of ``user`` ends their other open sessions (audited). The ended
    sessions are marked, not deleted, so their browser learns why on its next request."""
    from apps.audit.actions import AuditAction
    from apps.audit.services import record

    now = timezone.now()
    with transaction.atomic():
        others = list(
            UserSession.objects.select_for_update()
            .filter(user=user, ended_at__isnull=True)
            .exclude(session_key=keep_key or "")
        )
        if not others:
            return 0
        UserSession.objects.filter(pk__in=[s.pk for s in others]).update(
            ended_at=now, end_reason=SessionEndReason.REPLACED
        )
        record(
            action=AuditAction.ACCOUNTS_SESSION_REPLACE,
            target=user,
            actor=user,
            changes={"sessions": [len(others), 0]},
            extra={"ended": [{"ip": s.ip, "started_at": s.started_at.isoformat()} for s in others]},
        )
    return len(others)


def on_login(sender, request, user, **kwargs):
    """``user_logged_in``: with single sessions on, the new sign-in ends the others."""
    if request is None or not single_session():
        return
    key = getattr(getattr(request, "session", None), "session_key", None)
    end_others(user=user, keep_key=key)


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    # Connected after apps.accounts.signals (AccountsConfig.ready), so this sign-in's row exists.
    user_logged_in.connect(on_login, dispatch_uid="accounts.single_session")
