"""One mapping from a refusal to an answer (``apps.core.errors``): the table, the API's one handler set,
the operations that document it, and no endpoint that maps errors by hand."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from apps.casework.services import FourEyesError
from apps.core.errors import (
    ConflictError,
    Forbidden,
    NotFound,
    ServiceError,
    code_for,
    message_for,
    status_for,
)
from waiban.api import api

TABLE = [
    (ServiceError("业务规则不允许。"), 400, "refused", "业务规则不允许。"),
    (ServiceError("请填写标题。", code="title"), 400, "title", "请填写标题。"),
    (ConflictError("已被他人修改。"), 409, "conflict", "已被他人修改。"),
    (NotFound("没有这条记录。"), 404, "not_found", "没有这条记录。"),
    (Forbidden("不能自己审批。"), 403, "forbidden", "不能自己审批。"),
    (FourEyesError("按回避原则不能办理。"), 403, "four_eyes", "按回避原则不能办理。"),
    (PermissionDenied("无权查看证件号码。"), 403, "forbidden", "无权查看证件号码。"),
    (PermissionDenied(), 403, "forbidden", "您无权执行此操作。"),
    (Http404("internal detail"), 404, "not_found", "您要找的记录不存在。"),
]


@pytest.mark.parametrize(("err", "status", "code", "message"), TABLE, ids=lambda v: type(v).__name__)
def test_the_table(err, status, code, message):
    with translation.override("zh-hans"):
        assert (status_for(err), code_for(err), message_for(err)) == (status, code, message)


def test_forbidden_is_also_a_permission_denied():
    """Code that guards with ``except PermissionDenied`` (and Django's 403 page) sees the four-eyes rule."""
    assert issubclass(FourEyesError, PermissionDenied) and issubclass(FourEyesError, ServiceError)


@pytest.mark.parametrize(("err", "status", "code", "message"), TABLE, ids=lambda v: type(v).__name__)
def test_the_api_answers_every_refusal_through_its_one_handler(err, status, code, message):
    request = RequestFactory().get("/api/anything")
    with translation.override("zh-hans"):
        response = api.on_exception(request, err)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": message, "code": code}


def test_messages_are_translated():
    request = RequestFactory().get("/api/anything")
    with translation.override("en"):
        response = api.on_exception(request, PermissionDenied())
        assert b"You are not allowed to do this." in response.content
        assert message_for(Http404()) == "The record you are looking for does not exist."


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            yield path, method, op


# Operations that answer no refusal of their own: the load balancers' health check.
UNDOCUMENTED = {("/api/health", "get")}


def test_every_operation_documents_the_refusals_it_can_answer():
    refusals = {400, 403, 404, 409}
    missing = [
        f"{method.upper()} {path}: {sorted(refusals - {int(s) for s in op['responses']})}"
        for path, method, op in _operations()
        if (path, method) not in UNDOCUMENTED and not refusals <= {int(s) for s in op["responses"]}
    ]
    assert not missing, "declare response={200: …, **ERRORS} (apps.core.api):\n" + "\n".join(missing)


HAND_MAPPING = re.compile(
    r"^\s*except\b[^:\n]*\b(ServiceError|PermissionDenied|ConflictError|NotFound|Http404)\b"
    r"|Status\(\s*4\d\d"
    r"|raise HttpError\(\s*40[349]"
)


def test_no_endpoint_maps_a_refusal_by_hand():
    """The handlers of ``apps.core.api`` answer every refusal; an endpoint only calls the service."""
    offenders = []
    for path in sorted(Path(settings.BASE_DIR, "apps").glob("*/api.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if HAND_MAPPING.search(line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_an_invalid_value_is_answered_in_the_users_words():
    """Pydantic's own text never reaches the user; a list filter's message (already translated) does."""
    from ninja.errors import ValidationError

    from apps.core.api import INVALID_FILTER

    request = RequestFactory().get("/api/anything")
    err = ValidationError(
        [
            {"type": "int_parsing", "loc": ["query", "page"], "msg": "Input should be a valid integer"},
            {"type": "value_error", "loc": ["body", "x"], "msg": "Value error, internal"},
            {"type": INVALID_FILTER, "loc": ["query", "month"], "msg": "请按“年-月”填写，例如 2026-05。"},
        ]
    )
    with translation.override("zh-hans"):
        response = api.on_exception(request, err)
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body["code"] == "invalid"
    assert [item["msg"] for item in body["detail"]] == [
        "应为整数。",
        "格式不正确。",
        "请按“年-月”填写，例如 2026-05。",
    ]
