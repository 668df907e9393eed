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


@pytest.mark.django_db
def test_form_page_saves_says_so_and_redirects():
    from apps.web.refusals import form_page

    request = _request()
    saved = []
    response = form_page(
        request,
        _Form(request.POST or {"name": "李四"}),
        save=lambda form: saved.append(form.cleaned_data["name"]) or "ok",
        template="base.html",
        message=lambda result: f"已保存：{result}",
        done=lambda result: f"/done/{result}/",
    )
    assert saved == ["李四"]
    assert response.status_code == 302 and response["Location"] == "/done/ok/"
    assert [str(m) for m in request._messages] == ["已保存：ok"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ServiceError("名称已被使用。"), 400),
        (ConflictError("已被他人修改。"), 409),
        (PermissionDenied("无权。"), 403),
    ],
)
def test_form_page_shows_a_refusal_on_the_form_with_what_was_typed(error, status, monkeypatch):
    from django.http import HttpResponse

    from apps.web import refusals
    from apps.web.refusals import form_page

    shown = {}

    def render(request, template, context, status=200):
        shown.update(context, template=template)
        return HttpResponse(status=status)

    monkeypatch.setattr(refusals, "render", render)

    request = _request()
    reloaded = []
    form = _Form({"name": "王五"})

    def save(form):
        raise error

    response = form_page(
        request,
        form,
        save=save,
        before_refusal=lambda: reloaded.append(True),
        field_of=lambda err: (
            "name" if isinstance(err, ServiceError) and not isinstance(err, ConflictError) else None
        ),
        template="x/form.html",
        context={"title": "标题"},
        done="/never/",
    )
    assert response.status_code == status and reloaded == [True]
    assert shown == {"title": "标题", "form": form, "template": "x/form.html"}
    assert form.data["name"] == "王五"
    assert str(error.args[0]) in str(form.errors)
