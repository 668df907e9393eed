import pytest
from django.test import Client

from apps.org.models import Division, Office, Unit

READ_PAGES = [
    "/org/",
    "/org/divisions/",
    "/org/units/",
    "/org/units/?q=jiaoyu",
    "/org/units/?kind=university",
]
WRITE_PAGES = ["/org/office/edit/", "/org/posts/new/", "/org/divisions/new/", "/org/units/new/"]


def test_sysadmin_sees_and_edits(sysadmin, login, client, units):
    login(sysadmin)
    for url in (
        READ_PAGES
        + WRITE_PAGES
        + [f"/org/units/{units['徐州市教育局'].pk}/", f"/org/units/{units['徐州市教育局'].pk}/edit/"]
    ):
        assert client.get(url).status_code == 200, url
    html = client.get("/org/units/").content.decode()
    assert "新建单位" in html and "/org/units/new/" in html


def test_division_staff_reads_but_cannot_edit(staff, login, client, units, divisions):
    login(staff)
    for url in READ_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/edit/" not in response.content.decode()
        assert "/org/units/new/" not in response.content.decode()
    for url in WRITE_PAGES:
        assert client.get(url).status_code == 403, url
    unit = units["徐州市教育局"]
    assert (
        client.post(f"/org/units/{unit.pk}/edit/", {"name": "改名", "kind": "city_dept"}).status_code == 403
    )
    assert client.post(f"/org/units/{unit.pk}/active/", {"active": "0"}).status_code == 403
    d = divisions["outbound"]
    assert client.post(f"/org/divisions/{d.pk}/edit/", {"name": "x"}).status_code == 403
    unit.refresh_from_db()
    assert unit.name == "徐州市教育局" and unit.is_active


def test_unit_clerk_gets_403(clerk, login, client):
    login(clerk)
    for url in READ_PAGES + WRITE_PAGES:
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/org/units/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_office_page_shows_details_and_posts(staff, login, client, office):
    login(staff)
    html = client.get("/org/").content.decode()
    assert office.name in html and "徐外" in html and "副主任" in html
    assert "出国来华管理处" in html


def test_office_edit_saves_and_keeps_input_on_error(sysadmin, login, client, office):
    login(sysadmin)
    data = {
        "name": office.name,
        "name_en": office.name_en,
        "short_name": "",
        "other_names": "",
        "city": "徐州市",
        "address": "徐州市某路1号",
        "phone": "0516-1",
        "email": "not-an-email",
        "history": "",
    }
    response = client.post("/org/office/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="徐州市某路1号"' in html and 'value="not-an-email"' in html
    assert "is-invalid" in html
    data.update(short_name="徐外办", email="wsb@example.org")
    response = client.post("/org/office/edit/", data)
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.short_name == "徐外办" and office.address == "徐州市某路1号"


def test_division_edit(sysadmin, login, client, divisions):
    login(sysadmin)
    d = divisions["americas_asia"]
    response = client.post(
        f"/org/divisions/{d.pk}/edit/",
        {
            "code": d.code,
            "name": d.name,
            "name_en": "Americas and Asia",
            "alias": "港澳事务处",
            "duties": "职责文本",
            "order": 7,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.name_en == "Americas and Asia" and d.order == 7 and d.duties == "职责文本"
    assert "职责文本" in client.get("/org/divisions/").content.decode()


def test_division_create_for_another_city_needs_no_code(sysadmin, login, client, office):
    login(sysadmin)
    response = client.post(
        "/org/divisions/new/", {"code": "protocol", "name": "礼宾处", "order": 6, "is_active": "on"}
    )
    assert response.status_code == 302
    assert Division.objects.get(code="protocol").office == office


def test_unit_create_with_parent_and_form_keeps_values_on_error(sysadmin, login, client, units):
    login(sysadmin)
    parent = units["徐州市教育局"]
    page = client.get(f"/org/units/new/?parent={parent.pk}").content.decode()
    assert f'<option value="{parent.pk}" selected>' in page
    bad = {
        "name": "徐州市第七中学",
        "name_en": "Xuzhou No. 7 Middle School",
        "kind": "institution",
        "parent": str(parent.pk),
        "credit_code": "123",
        "address": "和平路",
        "contact_phone": "0516-2",
    }
    response = client.post("/org/units/new/", bad)
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("徐州市第七中学", "Xuzhou No. 7 Middle School", "123", "和平路", "0516-2"):
        assert f'value="{value}"' in html
    assert f'<option value="{parent.pk}" selected>' in html
    assert "统一社会信用代码应为 18 位数字或大写字母" in html
    assert not Unit.objects.filter(name="徐州市第七中学").exists()
    bad["credit_code"] = "12320300MB1234567X"
    response = client.post("/org/units/new/", bad)
    assert response.status_code == 302
    unit = Unit.objects.get(name="徐州市第七中学")
    assert unit.parent == parent and unit.credit_code == "12320300MB1234567X"


def test_unit_duplicate_name_under_same_parent_refused(sysadmin, login, client, units):
    login(sysadmin)
    parent = units["徐州市卫生健康委员会"]
    response = client.post(
        "/org/units/new/", {"name": "徐州市中心医院", "kind": "institution", "parent": str(parent.pk)}
    )
    assert response.status_code == 200
    assert "同一上级单位下已有同名单位" in response.content.decode()


def test_unit_edit_refuses_cycle_and_keeps_input(sysadmin, login, client, units):
    login(sysadmin)
    top = units["徐州市卫生健康委员会"]
    child = units["徐州市中心医院"]
    response = client.post(
        f"/org/units/{top.pk}/edit/",
        {"name": "徐州市卫生健康委员会（改）", "kind": "city_dept", "parent": str(child.pk)},
    )
    assert response.status_code == 400  # a refusal re-renders the form with what was typed, status 400
    html = response.content.decode()
    assert "不能把单位移到它自己或它的下级单位之下" in html
    assert 'value="徐州市卫生健康委员会（改）"' in html
    top.refresh_from_db()
    assert top.parent_id is None and top.name == "徐州市卫生健康委员会"


def test_unit_move_through_edit(sysadmin, login, client, units):
    login(sysadmin)
    hospital = units["徐州市中心医院"]
    edu = units["徐州市教育局"]
    response = client.post(
        f"/org/units/{hospital.pk}/edit/",
        {"name": hospital.name, "kind": hospital.kind, "parent": str(edu.pk)},
    )
    assert response.status_code == 302
    hospital.refresh_from_db()
    assert hospital.parent == edu
    html = client.get(f"/org/units/{edu.pk}/").content.decode()
    assert "徐州市中心医院" in html


def test_unit_deactivate_and_reactivate(sysadmin, login, client, units):
    login(sysadmin)
    school = units["徐州市第一中学"]
    response = client.post(f"/org/units/{school.pk}/active/", {"active": "0"}, follow=True)
    assert "单位已停用" in response.content.decode()
    school.refresh_from_db()
    assert not school.is_active
    assert "徐州市第一中学" not in client.get("/org/units/").content.decode()
    assert "徐州市第一中学" in client.get("/org/units/?include_inactive=on").content.decode()
    client.post(f"/org/units/{school.pk}/active/", {"active": "1"})
    school.refresh_from_db()
    assert school.is_active


def test_refused_deactivation_shows_message(sysadmin, login, client, units):
    login(sysadmin)
    health = units["徐州市卫生健康委员会"]
    response = client.post(f"/org/units/{health.pk}/active/", {"active": "0"}, follow=True)
    assert "请先停用下级单位" in response.content.decode()
    health.refresh_from_db()
    assert health.is_active


def test_deactivate_requires_post_with_csrf(sysadmin, login, units):
    client = Client(enforce_csrf_checks=True)
    login(sysadmin, client)
    school = units["徐州市第一中学"]
    assert client.get(f"/org/units/{school.pk}/active/").status_code == 405
    assert client.post(f"/org/units/{school.pk}/active/", {"active": "0"}).status_code == 403
    school.refresh_from_db()
    assert school.is_active


def test_unit_search_shows_matches_with_their_parents(staff, login, client, units):
    login(staff)
    html = client.get("/org/units/?q=中心医院").content.decode()
    assert "徐州市中心医院" in html and "徐州市卫生健康委员会" in html
    assert "徐州市教育局" not in html
    assert "找到 1 个单位" in html


def test_unknown_unit_is_404(staff, login, client):
    login(staff)
    assert client.get("/org/units/99999/").status_code == 404
    assert client.get("/org/divisions/99999/edit/").status_code == 403  # writes are refused first


def test_unit_tree_indents_children(staff, login, client, units):
    login(staff)
    html = client.get("/org/units/").content.decode()
    assert 'data-depth="1"' in html
    assert html.index("徐州市卫生健康委员会") < html.index("徐州市中心医院")


@pytest.mark.django_db
def test_office_page_when_not_configured(make_user, login, client):
    assert not Office.objects.exists()
    admin = make_user("sa", roles=["sysadmin"])
    login(admin)
    html = client.get("/org/").content.decode()
    assert "本机关信息尚未配置" in html and "/org/office/edit/" in html
    response = client.post(
        "/org/office/edit/", {"name": "某市人民政府外事办公室", "short_name": "某外", "city": "某市"}
    )
    assert response.status_code == 302
    assert Office.objects.get().short_name == "某外"
