"""Abuse limits (访问频率限制): how often one client may use a public form or page.

``throttle("public")`` wraps a view: past the scope's limit in its window the answer is 429 with a
message (JSON under /api/) and ``Retry-After``. The limits are settings, ``WAIBAN["THROTTLE"]``:
``{"public": (30, 60)}`` = 30 requests a minute per client address (``apps.core.context.client_ip``,
which behind the trusted proxy is the address the proxy saw). Counters live in the cache; with several
app servers configure a shared cache (WAIBAN_CACHE_URL=redis://…) so the limit holds across them.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .context import client_ip

DEFAULT_LIMITS = {"public": (30, 60), "verify": (30, 600)}


def limit_of(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "WAIBAN", {}).get("THROTTLE", {})
    return tuple(configured.get(scope, DEFAULT_LIMITS[scope]))


def hit(scope: str, who: str) -> int:
    """Count one request of ``who`` in ``scope``; returns the seconds to wait (0: allowed)."""
    limit, window = limit_of(scope)
    now = int(time.time())
    start = now - now % window
    key = f"throttle:{scope}:{who}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return 0 if count <= limit else start + window - now


def throttle(scope: str):
    """Limit a view to ``scope``'s rate per client address."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = hit(scope, client_ip(request) or "unknown")
            if wait:
                message = _("请求过于频繁，请稍后再试。")
                if request.path.startswith("/api/"):
                    response = JsonResponse({"detail": message, "code": "throttled"}, status=429)
                else:
                    response = render(request, "429.html", {"refusal": message}, status=429)
                response["Retry-After"] = str(wait)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
