"""The page side of the one mapping (``apps.web.refusals``): a refusal shown on the form with its status,
and a refusal no view catches answered by its error page with the message — never a 500."""

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied

from apps.core.errors import ConflictError, NotFound, ServiceError
from apps.web.refusals import RefusalMiddleware, refuse


def _request(**headers):
    request = RequestFactory().post("/somewhere/", **headers)
    request.session = {}
    request._messages = FallbackStorage(request)
    request.htmx = bool(headers.get("HTTP_HX_REQUEST"))
    return request


class _Form(forms.Form):
    name = forms.CharField()


def test_refuse_puts_the_message_on_the_form_and_returns_the_status():
    form = _Form({"name": "张三"})
    assert form.is_valid()
    assert refuse(_request(), ServiceError("名称已被使用。"), form=form, field="name") == 400
    assert form.errors == {"name": ["名称已被使用。"]}
    form = _Form({"name": "张三"})
    form.is_valid()
    assert refuse(_request(), PermissionDenied("不能为该人员登记。"), form=form) == 403
    assert form.non_field_errors() == ["不能为该人员登记。"]


def test_refuse_without_a_form_is_a_message():
    request = _request()
    assert refuse(request, ConflictError("已被他人修改。")) == 409
    assert [str(m) for m in request._messages] == ["已被他人修改。"]


@pytest.mark.parametrize(
    ("err", "status"),
    [
        (ServiceError("不符合规定。"), 400),
        (NotFound("没有这条记录。"), 404),
        (ConflictError("已被他人修改。"), 409),
    ],
)
def test_an_uncaught_refusal_is_its_error_page_with_the_message(db, err, status):
    middleware = RefusalMiddleware(lambda request: None)
    response = middleware.process_exception(_request(), err)
    assert response.status_code == status
    assert err.message in response.content.decode()
    htmx = middleware.process_exception(_request(HTTP_HX_REQUEST="true"), err)
    assert htmx.status_code == status
    assert htmx.content.decode() == f'<div class="alert alert-danger" role="alert">{err.message}</div>'


def test_permission_denied_is_left_to_djangos_403_page_which_shows_its_message(db):
    assert (
        RefusalMiddleware(lambda request: None).process_exception(_request(), PermissionDenied("x")) is None
    )
    page = permission_denied(_request(), PermissionDenied("无权查看证件号码。"))
    assert page.status_code == 403 and "无权查看证件号码。" in page.content.decode()
    generic = permission_denied(_request(), PermissionDenied()).content.decode()
    assert "您的账号没有访问这个页面的权限" in generic
