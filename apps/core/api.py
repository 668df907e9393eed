"""Helpers shared by the apps' ninja routers."""

from __future__ import annotations

import inspect
import typing
from functools import wraps

from django.utils.translation import gettext as _
from ninja.errors import HttpError


def _resolved_signature(func) -> inspect.Signature:
    """``func``'s signature with its annotations evaluated in ``func``'s own module: ninja reads the
    wrapper's signature, and a module using ``from __future__ import annotations`` has only strings."""
    signature = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception:  # a name not defined yet: leave the strings (ninja resolves what it can)
        return signature
    params = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()]
    return signature.replace(
        parameters=params, return_annotation=hints.get("return", signature.return_annotation)
    )


def require_perm(*codes: str, message: str | None = None):
    """Decorate an API operation (below ``@router.get(…)``): without every permission code the answer is
    403 ``{"detail": …}``, decided before any object is looked up (it reveals nothing about objects
    outside the user's data scope)."""

    def decorator(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not all(request.user.has_perm(code) for code in codes):
                raise HttpError(403, str(message) if message else _("您无权执行此操作。"))
            return func(request, *args, **kwargs)

        wrapped.__signature__ = _resolved_signature(func)
        return wrapped

    return decorator
