"""Session tracking (online users, forced logout) and mandatory two-factor authentication."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import sessions
from .models import UserSession

LAST_SEEN_EVERY = timedelta(minutes=1)
# The session row is rewritten (expiry moved to now + SESSION_COOKIE_AGE) at most this often; this
# replaces SESSION_SAVE_EVERY_REQUEST, which wrote it on every request.
SESSION_TOUCH_EVERY = 60  # seconds
SESSION_TOUCH_KEY = "_waiban_touched"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _redirect(request, url: str):
    if _is_htmx(request):
        response = HttpResponseRedirect(url)
        response.status_code = 204
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request) -> str:
    if request.method == "GET" and not _is_htmx(request):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


def touch_session(request) -> None:
    """Slide the idle expiry: mark a live session modified when it was last saved a minute or more
    ago, so ``SessionMiddleware`` saves it (new expiry ``now + SESSION_COOKIE_AGE``). A session idle
    for longer than ``SESSION_COOKIE_AGE`` has expired in the store and is not found any more.
    """
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:  # no session, or flushed (signed out)
        return
    now = int(time.time())
    if session.modified:  # saved anyway (e.g. signing in): remember when
        session[SESSION_TOUCH_KEY] = now
        return
    last = session.get(SESSION_TOUCH_KEY)  # loads the session (already loaded for a signed-in user)
    if session.session_key is None or session.is_empty():  # unknown or expired key: nothing to keep
        return
    if not isinstance(last, int) or not 0 <= now - last < SESSION_TOUCH_EVERY:
        session[SESSION_TOUCH_KEY] = now


class SessionTrackingMiddleware:
    """Keeps one ``UserSession`` row per signed-in browser session.

    The row is created at sign-in (signal) or, for a session that predates tracking, on its first
    request; ``last_seen_at`` is refreshed at most once a minute. If a security administrator ended
    the session (``ended_at`` set), the request is signed out and sent to the login page.
    On the way out, the session's idle expiry is renewed at most once a minute (``touch_session``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._track(request)
        touch_session(request)
        return response

    def _track(self, request):
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        if user is not None and user.is_authenticated and key:
            row = (
                UserSession.objects.filter(session_key=key)
                .only("id", "session_key", "ended_at", "last_seen_at", "started_at", "end_reason")
                .first()
            )
            now = timezone.now()
            if row is None:
                from .services import session_track

                session_track(request=request, user=user)
            elif row.ended_at is not None or sessions.is_over(row, now):
                if row.ended_at is None:  # past the absolute lifetime (apps.accounts.sessions)
                    sessions.end_expired(row, user=user)
                request.session.flush()
                request.user = AnonymousUser()
                if request.path.startswith("/api/"):
                    detail = sessions.reason_message(row.end_reason) or _("会话已结束，请重新登录。")
                    return JsonResponse({"detail": detail}, status=401)
                return _redirect(request, sessions.login_url(request, row.end_reason))
            elif now - row.last_seen_at >= LAST_SEEN_EVERY:
                UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        return self.get_response(request)


EXEMPT_PREFIXES = ("/static/", "/i18n/", "/favicon.ico")
EXEMPT_NAMES = (
    "accounts:login",
    "accounts:logout",
    "accounts:verify_2fa",
    "accounts:setup_2fa",
    "accounts:locked_out",
)


def _exempt_paths() -> tuple[str, ...]:
    paths = []
    for name in EXEMPT_NAMES:
        try:
            paths.append(reverse(name))
        except Exception:  # noqa: S112 - a URL not configured is simply not exempt
            continue
    return tuple(paths)


NO_DEVICE_KEY = "_waiban_no_otp_device"


def _device_stamp(user) -> str:
    # ``User.updated_at`` is moved whenever one of the user's OTP devices is saved (accounts.signals),
    # so "no confirmed device" remembered against it is forgotten as soon as a device appears.
    return f"{user.pk}:{user.updated_at.isoformat() if user.updated_at else ''}"


def needs_second_factor(user, session=None) -> bool:
    """The user must present a one-time code: their roles require it, or they enrolled a device.

    With ``session``, the answer "no confirmed device" is remembered in it (for this user row's
    ``updated_at``), so users without a device cost no device queries on every request.
    """
    from django_otp import user_has_device

    if user.requires_2fa:
        return True
    if session is not None and session.get(NO_DEVICE_KEY) == _device_stamp(user):
        return False
    has_device = user_has_device(user, confirmed=True)
    if session is not None and not has_device:
        session[NO_DEVICE_KEY] = _device_stamp(user)
    return has_device


class RequireTwoFactorMiddleware:
    """A signed-in user who must use two-factor authentication and has not passed it this session is
    sent to enrol a device (none yet) or to enter a code (has one). Requests authenticated by an API
    token (``Authorization: Bearer``) are not concerned: they carry no session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            # Only API requests may carry a token instead of the session's second factor: on pages a
            # "Bearer" header must not let a password-only session past two-factor authentication.
            and not (
                request.path.startswith("/api/")
                and request.headers.get("Authorization", "").startswith("Bearer ")
            )
            and not getattr(request, "waiban_token_auth", False)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith(_exempt_paths())
            and not (hasattr(user, "is_verified") and user.is_verified())
            and needs_second_factor(user, getattr(request, "session", None))
        ):
            from django_otp import user_has_device

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("需要完成双因素认证。")}, status=403)
            name = "accounts:verify_2fa" if user_has_device(user, confirmed=True) else "accounts:setup_2fa"
            return _redirect(request, _with_next(reverse(name), request))
        return self.get_response(request)
