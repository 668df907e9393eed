"""The request being served, for code that has no request argument (the audit service, mostly).

Set by ``RequestContextMiddleware``; outside a request (commands, tasks, tests) every value is empty
and ``actor`` can be given explicitly.
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass, field


@dataclass
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip: str | None = None
    user_agent: str = ""
    user: object | None = None  # set lazily: request.user after authentication
    request: object | None = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "waiban_request", default=None
)


def current() -> RequestContext:
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext()
        _current.set(ctx)
    return ctx


def bind(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


def current_user():
    ctx = _current.get()
    if ctx is None or ctx.request is None:
        return None
    user = getattr(ctx.request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def client_ip(request) -> str | None:
    """The client's address. Behind trusted reverse proxies (WAIBAN_BEHIND_PROXY) it is the address the
    outermost trusted proxy saw: counted from the right of X-Forwarded-For, since everything to the left
    of what our proxies appended was written by the client and can be forged."""
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        proxies = max(1, int(getattr(settings, "WAIBAN_TRUSTED_PROXIES", 1)))
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
