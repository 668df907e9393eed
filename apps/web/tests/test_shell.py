"""The page shell: language, offline assets, CSRF, messages, error pages, the shared includes."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template import Context, Template, engines
from django.template.loader import get_template
from django.test import Client, RequestFactory

from apps.accounts import roles as R

URL_ATTR = re.compile(r"""(?:src|href|action)\s*=\s*["']([^"']*)["']""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def local_urls_only(html: str) -> list[str]:
    """Every URL attribute of the page that would leave this server (empty when all are local)."""
    out = []
    for url in URL_ATTR.findall(html):
        if url.startswith(("/", "#", "?")) and not url.startswith("//"):
            continue
        out.append(url)
    return out


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_is_chinese_by_default_with_csrf_meta(role_user, login, client):
    login(role_user(R.DIVISION_STAFF))
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert re.search(r'<meta name="csrf-token" content="[A-Za-z0-9]{32,}">', html)
    assert "我的待办" in html
    assert 'data-language="en"' in html  # the switch offers English


def test_language_switch_sets_cookie_and_renders_english(role_user, login, client):
    login(role_user(R.DIVISION_STAFF))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/org/units/"})
    assert response.status_code == 302
    assert response["Location"] == "/org/units/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/org/units/").content.decode()
    assert '<html lang="en">' in html
    assert "Applying units" in html
    assert 'data-language="zh-hans"' in html
    # and back
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "申报单位" in client.get("/org/units/").content.decode()


def test_pages_reference_only_local_assets_that_exist(role_user, login, client):
    login(role_user(R.SYSADMIN))
    for url in ("/", "/org/", "/org/units/", "/org/units/new/"):
        html = client.get(url).content.decode()
        assert local_urls_only(html) == [], url
        for static_url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            assert finders.find(static_url.removeprefix("/static/")), static_url


def test_vendored_css_references_only_local_files():
    """Fonts and icons are files of the project: every url() in the vendored CSS exists beside it."""
    checked = 0
    for css in (
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
        "vendor/noto-sans-sc/noto-sans-sc.css",
        "vendor/bootstrap/css/bootstrap.min.css",
        "css/waiban.css",
    ):
        path = Path(finders.find(css))
        for url in CSS_URL.findall(path.read_text()):
            if url.startswith("data:"):
                continue
            assert not re.match(r"^(https?:)?//", url), (css, url)
            target = (path.parent / url.split("?")[0]).resolve()
            assert target.is_file(), (css, url)
            checked += 1
    assert checked > 200  # the icon font and the CJK font's woff2 subsets


def test_vendored_scripts_and_fonts_are_present_with_licences():
    for name in (
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/bootstrap/LICENSE",
        "vendor/bootstrap-icons/LICENSE",
        "vendor/htmx/LICENSE",
        "vendor/noto-sans-sc/LICENSE",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    ):
        assert finders.find(name), name
    total = sum(f.stat().st_size for f in (settings.BASE_DIR / "static").rglob("*") if f.is_file())
    assert total < 25 * 1024 * 1024


def test_htmx_requests_send_the_csrf_token():
    js = Path(finders.find("js/waiban.js")).read_text()
    assert "htmx:configRequest" in js
    assert 'meta[name="csrf-token"]' in js
    assert 'headers["X-CSRFToken"]' in js
    assert "data-confirm" in js
    assert not re.search(r"https?://", js)


def test_htmx_post_with_the_header_token_passes_csrf(role_user, login, units):
    client = Client(enforce_csrf_checks=True)
    login(role_user(R.SYSADMIN), client)
    html = client.get("/org/units/").content.decode()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)
    unit = units["徐州市第一中学"]
    url = f"/org/units/{unit.pk}/active/"
    assert client.post(url, {"active": "0"}).status_code == 403  # no token: refused
    unit.refresh_from_db()
    assert unit.is_active
    response = client.post(url, {"active": "0"}, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
    assert response.status_code == 302
    unit.refresh_from_db()
    assert not unit.is_active


def test_csrf_failure_page_is_ours(role_user, login):
    client = Client(enforce_csrf_checks=True)
    login(role_user(R.SYSADMIN), client)
    response = client.post("/org/office/edit/", {"name": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html
    assert "Traceback" not in html


def test_messages_render_as_bootstrap_alerts(role_user, login, client, units):
    login(role_user(R.SYSADMIN))
    unit = units["徐州市第一中学"]
    response = client.post(f"/org/units/{unit.pk}/active/", {"active": "0"}, follow=True)
    html = response.content.decode()
    assert 'class="alert alert-success' in html
    assert "单位已停用" in html


def test_404_page_renders_without_details(role_user, login, client):
    login(role_user(R.DIVISION_STAFF))
    response = client.get("/org/units/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "999999" not in html and "DoesNotExist" not in html
    assert client.get("/no/such/page/").content.decode().count("页面不存在") == 1


def test_403_page(role_user, login, client):
    login(role_user(R.UNIT_CLERK))
    response = client.get("/org/units/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


@pytest.mark.parametrize("code", ["400", "403", "404", "500", "403_csrf"])
def test_error_templates_render_without_request_or_context_processors(code):
    html = get_template(f"{code}.html").render({})  # as Django's server_error renders 500.html
    assert "<html" in html and "外事业务系统" in html
    assert local_urls_only(html) == []


def test_500_handler_renders_our_page():
    from django.views.defaults import server_error

    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()


def test_pagination_keeps_other_query_parameters():
    request = RequestFactory().get("/x/", {"q": "教育", "kind": "city_dept", "page": "2"})
    page = Paginator(list(range(100)), 10).page(2)
    html = get_template("web/includes/pagination.html").render({"page_obj": page}, request)
    assert "?q=%E6%95%99%E8%82%B2&amp;kind=city_dept&amp;page=3" in html
    assert "page=1" in html and "page=10" in html
    assert "共 100 条，第 2/10 页" in html


def test_form_field_include_marks_errors_and_keeps_value():
    from django import forms

    class F(forms.Form):
        name = forms.CharField(label="名称", max_length=3, help_text="最多三个字")
        active = forms.BooleanField(label="启用", required=False)

    form = F({"name": "太长的名字", "active": "on"})
    assert not form.is_valid()
    html = get_template("web/includes/form.html").render({"form": form})
    assert 'value="太长的名字"' in html
    assert "is-invalid" in html and 'aria-invalid="true"' in html
    assert 'id="id_name_errors"' in html and 'id="id_name_help"' in html
    assert 'class="form-check-input" id="id_active" checked' in html or "checked" in html
    assert "alert-danger" in html


def test_form_field_tag_renders_label_widget_errors_and_help():
    """``{% form_field %}`` (Python, in place of an include per field): the required mark, the checkbox
    after its box, errors escaped and tied to the widget, the help text, a hidden field as itself, and
    nothing for a form the page does not show."""
    import re

    from django import forms

    class F(forms.Form):
        name = forms.CharField(label="名称<b>", max_length=3, help_text="最多三个字")
        active = forms.BooleanField(label="启用", required=False)
        token = forms.CharField(widget=forms.HiddenInput, required=False)

        def clean_name(self):
            raise forms.ValidationError("<script>坏</script>")

    form = F({"name": "太长", "active": "on", "token": "t1"})
    form.is_valid()
    tpl = Template(
        "{% load waiban_ui %}{% form_field form.name %}|{% form_field form.active %}|"
        "{% form_field form.token %}|{% form_field missing.name %}",
        engine=engines["django"].engine,
    )
    name, active, token, missing = tpl.render(Context({"form": form})).split("|")
    assert name.startswith('<div class="mb-3" data-field="name">')
    assert '<label class="form-label wb-required" for="id_name">名称&lt;b&gt;</label>' in name
    assert re.search(r'<input[^>]*class="form-control is-invalid"[^>]*aria-invalid="true"', name)
    assert 'aria-describedby="id_name_help id_name_errors"' in name
    assert (
        '<div class="invalid-feedback d-block" id="id_name_errors">&lt;script&gt;坏&lt;/script&gt;</div>'
        in name
    )
    assert '<div class="form-text" id="id_name_help">最多三个字</div>' in name and name.endswith("</div>")
    assert active.startswith('<div class="mb-3 form-check" data-field="active">')
    assert active.index('class="form-check-input"') < active.index(
        '<label class="form-check-label" for="id_active">启用'
    )
    assert token == '<input type="hidden" name="token" value="t1" id="id_token">' and missing == ""


def test_render_block_repeats_the_title_in_the_heading():
    engine = engines["django"].engine
    child = Template('{% extends "base.html" %}{% block title %}标题测试{% endblock %}', engine=engine)
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = child.render(Context({"request": request}))
    assert "<title>标题测试 · " in html
    assert '<h1 class="h3 m-0">标题测试</h1>' in html


def test_health_endpoint(client, db):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_api_docs_are_served_locally(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert local_urls_only(html) == []
    assert '"validatorUrl": null' in html
    for static_url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert finders.find(static_url.removeprefix("/static/")), static_url
