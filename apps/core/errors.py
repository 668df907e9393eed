"""Errors services raise, and the one table that turns them into an answer.

* :class:`ServiceError` — invalid input, or a business rule refuses → **400** (code ``refused`` or its own);
* :class:`Forbidden` — a rule about *who* acts refuses (four-eyes) → **403** (``forbidden`` or its own);
* ``django.core.exceptions.PermissionDenied`` — the user lacks the permission → **403** (``forbidden``);
* :class:`NotFound`, ``Http404`` — no such object, or outside the data scope → **404** (``not_found``);
* :class:`ConflictError` — someone else changed the object first → **409** (``conflict``).

The API answers every one of them through the handlers in :mod:`apps.core.api` (``{"detail": message,
"code": code}``), the pages through :func:`apps.web.refusals.refuse` (form error or message, with the
status) and :class:`apps.web.refusals.RefusalMiddleware` (the error page for a refusal no view shows) —
nobody maps them by hand. Messages are translated (Chinese source, English catalogue) and shown to the
user as they are.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A business rule refused the action, or the input is invalid; ``message`` is shown to the user."""

    code = "refused"
    status = 400

    def __init__(self, message, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ConflictError(ServiceError):
    """Someone else changed the object first (optimistic concurrency)."""

    code = "conflict"
    status = 409


class NotFound(ServiceError):
    """The object does not exist, or lies outside the user's data scope (the same answer for both)."""

    code = "not_found"
    status = 404


class Forbidden(ServiceError, PermissionDenied):
    """A rule about who acts refused (four-eyes: the submitter may not decide their own case).

    Both a :class:`ServiceError` (it carries a message and a code) and a ``PermissionDenied`` (an
    uncaught one is a 403 page, and code that catches ``PermissionDenied`` catches it too)."""

    code = "forbidden"
    status = 403


# Input the database cannot hold: an integer beyond 64 bits (OverflowError on SQLite, DataError on
# PostgreSQL), text with characters PostgreSQL refuses. Never a 500: a GET that names such a number finds
# nothing (404); a write with it is refused as invalid input (400).
OUT_OF_RANGE = (OverflowError, DataError)


def out_of_range(err: BaseException, method: str) -> ServiceError:
    """The refusal to answer for an ``OUT_OF_RANGE`` error raised while handling a ``method`` request."""
    if method in ("GET", "HEAD"):
        return NotFound(_("您要找的记录不存在。"))
    return ServiceError(
        _("输入的内容超出允许的范围（数值过大、文本过长或含有不允许的字符）。"), code="out_of_range"
    )


# What a view or endpoint catches when it shows the refusal next to what the user typed.
REFUSALS = (ServiceError, PermissionDenied)


def status_for(err: BaseException) -> int:
    """The HTTP status of a refusal (the table above); 400 for anything else a service raises."""
    if isinstance(err, ServiceError):
        return err.status
    if isinstance(err, PermissionDenied):
        return 403
    if isinstance(err, Http404 | ObjectDoesNotExist):
        return 404
    return 400


def code_for(err: BaseException) -> str:
    """A stable machine-readable code for API clients (never shown to a user)."""
    if isinstance(err, ServiceError):
        return err.code
    return {403: "forbidden", 404: "not_found"}.get(status_for(err), "refused")


def message_for(err: BaseException) -> str:
    """The translated text a user sees for a refusal."""
    if isinstance(err, ServiceError):
        return str(err.message)
    if isinstance(err, PermissionDenied):
        return str(err) or _("您无权执行此操作。")
    if isinstance(err, Http404 | ObjectDoesNotExist):
        return _("您要找的记录不存在。")
    return str(err) or _("请求无法处理。")
