"""The one permission check of services and selectors (defence in depth behind the pages and the API).

Pages declare what they need with ``apps.web.decorators.perm_required`` / ``PermRequiredMixin``, API
operations with ``apps.core.api.require_perm``; a service or selector checks again with :func:`require`.
A code is a role permission (``apps.accounts.perms.PERMISSIONS``) or a ``rules`` permission (an object
permission such as ``people.reveal_person``, or a global rule such as ``org.read``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied


def allowed(user, *codes: str, obj=None, any_of: bool = False) -> bool:
    """True if ``user`` is an active signed-in user holding every code (any with ``any_of``) — on ``obj``
    when given (a ``rules`` object permission)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    check = any if any_of else all
    return check(user.has_perm(code, obj) if obj is not None else user.has_perm(code) for code in codes)


def require(
    user,
    *codes: str,
    obj=None,
    any_of: bool = False,
    check: Callable[[], bool] | None = None,
    message: str | None = None,
) -> None:
    """Raise ``PermissionDenied`` (with ``message``, shown to the user) unless :func:`allowed` — and
    ``check()``, a further condition such as the data scope of a unit, evaluated only then."""
    if not allowed(user, *codes, obj=obj, any_of=any_of) or (check is not None and not check()):
        raise PermissionDenied(*([str(message)] if message else []))
