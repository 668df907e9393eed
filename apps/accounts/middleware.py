"""Session tracking (online users, forced logout) and mandatory two-factor authentication."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import UserSession

LAST_SEEN_EVERY = timedelta(minutes=1)


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


class SessionTrackingMiddleware:
    """Keeps one ``UserSession`` row per signed-in browser session.

    The row is created at sign-in (signal) or, for a session that predates tracking, on its first
    request; ``last_seen_at`` is refreshed at most once a minute. If a security administrator ended
    the session (``ended_at`` set), the request is signed out and sent to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        if user is not None and user.is_authenticated and key:
            row = UserSession.objects.filter(session_key=key).only("id", "ended_at", "last_seen_at").first()
            now = timezone.now()
            if row is None:
                from .services import session_track

                session_track(request=request, user=user)
            elif row.ended_at is not None:
                request.session.flush()
                request.user = AnonymousUser()
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("会话已结束，请重新登录。")}, status=401)
                return _redirect(request, _with_next(reverse(settings.LOGIN_URL), request))
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


def needs_second_factor(user) -> bool:
    """The user must present a one-time code: their roles require it, or they enrolled a device."""
    from django_otp import user_has_device

    return bool(user.requires_2fa or user_has_device(user, confirmed=True))


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
            and needs_second_factor(user)
        ):
            from django_otp import user_has_device

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("需要完成双因素认证。")}, status=403)
            name = "accounts:verify_2fa" if user_has_device(user, confirmed=True) else "accounts:setup_2fa"
            return _redirect(request, _with_next(reverse(name), request))
        return self.get_response(request)
