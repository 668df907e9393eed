"""Helpers shared by the apps' ninja routers: the error answers, their schema, the permission guard.

Every refusal reaches the client through :func:`install_error_handlers` (registered once on the
``NinjaAPI`` in ``waiban/api.py``) as ``{"detail": <translated message>, "code": <stable code>}`` with the
status of :func:`apps.core.errors.status_for`; endpoints never catch a service's error to map it. An
operation documents those answers with ``response={200: Out, **ERRORS}``.
"""

from __future__ import annotations

import inspect
import json
import typing
from functools import partial, wraps

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from .errors import OUT_OF_RANGE, ServiceError, code_for, message_for, out_of_range, status_for


class Message(Schema):
    """The body of every error answer."""

    detail: str
    code: str = ""


class InvalidItem(Schema):
    """One invalid value: where it is (``["body", "members", 0, "person_id"]``) and what is wrong with it."""

    type: str
    loc: list[str | int]
    msg: str


class Invalid(Schema):
    """The body of a 422 answer: the request does not match the operation's parameters or body schema
    (each invalid value, or one message for a parameter an operation checks itself)."""

    detail: list[InvalidItem] | str
    code: str = "invalid"


# Every answer an operation may give besides its success: a refusal (400, or 400 for input the database
# cannot hold), no or a bad token (401), no permission (403), not found or outside the data scope (404),
# someone else changed it first (409), input that does not match the schema (422). Operations document
# them with ``response={200: Out, **ERRORS}``.
ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 409: Message, 422: Invalid}


def _answer(api, request, err):
    return api.create_response(
        request, {"detail": message_for(err), "code": code_for(err)}, status=status_for(err)
    )


class NulInText(ValueError):
    """A JSON body with a NUL character in a string or key (never meaningful; PostgreSQL cannot store it)."""


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class JsonParser(Parser):
    """ninja's JSON parser, refusing a NUL character anywhere in the body: the JSON counterpart of
    ``apps.core.middleware.RejectNulMiddleware`` (query strings and forms), registered on the ``NinjaAPI``."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if _has_nul(data):
            raise NulInText
        return data


def _http_error(api, request, err: HttpError):
    if isinstance(err, AuthenticationError):
        detail, code = _("请先登录，或在请求头中提供有效的接口令牌。"), "unauthenticated"
    elif err.status_code == 400 and isinstance(err.__cause__, NulInText):
        detail, code = _("请求中含有不允许的字符（NUL）。"), "invalid"
    elif err.status_code == 400 and err.__cause__ is not None and str(err).startswith("Cannot parse"):
        detail, code = _("请求内容不是有效的 JSON。"), "invalid"  # ninja's own, untranslated message
    else:
        detail = str(err)
        code = {403: "forbidden", 404: "not_found", 409: "conflict", 429: "throttled"}.get(
            err.status_code, "invalid" if err.status_code in (400, 422) else "error"
        )
    return api.create_response(request, {"detail": detail, "code": code}, status=err.status_code)


# Pydantic's error types, as a user reads them (anything else: "格式不正确").
_INVALID = {
    "missing": gettext_lazy("必须填写。"),
    "int_parsing": gettext_lazy("应为整数。"),
    "int_type": gettext_lazy("应为整数。"),
    "int_from_float": gettext_lazy("应为整数。"),
    "float_parsing": gettext_lazy("应为数字。"),
    "decimal_parsing": gettext_lazy("应为数字。"),
    "decimal_type": gettext_lazy("应为数字。"),
    "decimal_max_digits": gettext_lazy("数字位数过多。"),
    "decimal_max_places": gettext_lazy("小数位数过多。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "date_parsing": gettext_lazy("不是有效日期，应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": gettext_lazy("不是有效日期，应为 YYYY-MM-DD。"),
    "date_type": gettext_lazy("不是有效日期，应为 YYYY-MM-DD。"),
    "datetime_parsing": gettext_lazy("不是有效的日期时间。"),
    "datetime_from_date_parsing": gettext_lazy("不是有效的日期时间。"),
    "string_type": gettext_lazy("应为文本。"),
    "list_type": gettext_lazy("应为列表。"),
    "dict_type": gettext_lazy("应为对象。"),
    "model_type": gettext_lazy("应为对象。"),
    "json_invalid": gettext_lazy("请求内容不是有效的 JSON。"),
}
_INVALID_WITH_LIMIT = {
    "greater_than_equal": (gettext_lazy("不能小于 %(limit)s。"), "ge"),
    "greater_than": (gettext_lazy("应大于 %(limit)s。"), "gt"),
    "less_than_equal": (gettext_lazy("不能大于 %(limit)s。"), "le"),
    "less_than": (gettext_lazy("应小于 %(limit)s。"), "lt"),
    "string_too_long": (gettext_lazy("最多 %(limit)s 个字符。"), "max_length"),
    "string_too_short": (gettext_lazy("至少 %(limit)s 个字符。"), "min_length"),
    "too_long": (gettext_lazy("最多 %(limit)s 项。"), "max_length"),
}


# The type of an invalid value the project itself reports (a list filter's field, ``ListFilterSet.api_qs``):
# its ``msg`` is already the translated message of the field and is answered as it is.
INVALID_FILTER = "invalid_filter"


def invalid_message(error: dict) -> str:
    """One of pydantic's errors (``{"type", "loc", "msg", "ctx"}``) in the user's language."""
    kind = error.get("type", "")
    if kind == INVALID_FILTER and error.get("msg"):
        return str(error["msg"])
    if kind in _INVALID:
        return str(_INVALID[kind])
    if kind in _INVALID_WITH_LIMIT:
        text, key = _INVALID_WITH_LIMIT[kind]
        limit = (error.get("ctx") or {}).get(key)
        if limit is not None:
            return str(text) % {"limit": limit}
    return _("格式不正确。")


def _validation_error(api, request, err: ValidationError):
    items = [
        {"type": e.get("type", ""), "loc": list(e.get("loc", ())), "msg": invalid_message(e)}
        for e in err.errors
    ]
    return api.create_response(request, {"detail": items, "code": "invalid"}, status=422)


def install_error_handlers(api) -> None:
    """Register the one mapping from a refusal to an answer on ``api`` (see :mod:`apps.core.errors`)."""
    for exc_class in (ServiceError, PermissionDenied, Http404, ObjectDoesNotExist):
        api.add_exception_handler(exc_class, partial(_answer, api))
    api.add_exception_handler(HttpError, partial(_http_error, api))
    for exc_class in OUT_OF_RANGE:
        api.add_exception_handler(
            exc_class, lambda request, err: _answer(api, request, out_of_range(err, request.method))
        )
    api.add_exception_handler(ValidationError, partial(_validation_error, api))


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


def require_perm(*codes: str, any_of: bool = False, message: str | None = None):
    """The one way an API operation requires permissions (decorate below ``@router.get(…)``).

    Without every code (any of them with ``any_of=True``) the answer is 403 ``{"detail": message}``,
    decided before any object is looked up, so it reveals nothing about objects outside the user's data
    scope. Codes are role permissions or ``rules`` permissions (e.g. ``org.read``)."""

    def decorator(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            check = any if any_of else all
            if not check(request.user.has_perm(code) for code in codes):
                raise PermissionDenied(str(message) if message else _("您无权执行此操作。"))
            return func(request, *args, **kwargs)

        wrapped.__signature__ = _resolved_signature(func)
        return wrapped

    return decorator
