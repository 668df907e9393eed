"""Administrator pages: permission, what the page shows, and that every write is audited."""

from datetime import date

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.reference import calendar as wc
from apps.reference.models import CalendarDay, CalendarYear, Country, DictItem, DictType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        reverse("reference:country_edit", args=["JP"]),
        reverse("reference:calendar_year_edit", args=[2026]),
        reverse("reference:calendar_day_add", args=[2026]),
        reverse("reference:dict_type_list"),
        reverse("reference:dict_type", args=["visa_status"]),
        reverse("reference:dict_item_add", args=["visa_status"]),
    ],
)
def test_admin_pages_sysadmin_allowed_clerk_forbidden(url, admin_client, clerk_client, sysadmin, clerk):
    assert admin_client.get(url).status_code == 200
    assert clerk_client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    resp = client.get(reverse("reference:country_list"))
    assert resp.status_code == 302 and "/accounts/" in resp["Location"]


def test_clerk_cannot_post_writes(clerk_client):
    jp = Country.objects.get(iso2="JP")
    resp = clerk_client.post(reverse("reference:country_edit", args=["JP"]), {"name_zh": "x"})
    assert resp.status_code == 403
    day = CalendarDay.objects.get(date=date(2026, 2, 14))
    resp = clerk_client.post(reverse("reference:calendar_day_remove", args=[2026, day.pk]))
    assert resp.status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert Country.objects.get(pk=jp.pk).name_zh == "日本"
    resp = clerk_client.post(reverse("reference:calendar_index"), {"year": 2027})
    assert resp.status_code == 403


def test_country_list_readable_by_any_user_with_search(clerk_client):
    resp = clerk_client.get(reverse("reference:country_list"))
    assert resp.status_code == 200
    text = resp.content.decode()
    assert "国家（地区）" in text and "阿尔巴尼亚" in text
    assert reverse("reference:country_edit", args=["AL"]) not in text  # no edit links for a clerk
    for q, expect, not_expect in [
        ("美国", "美利坚合众国", "英国"),
        ("Germany", "德国", "法国"),
        ("riben", "日本国", "韩国"),
        ("KOR", "大韩民国", "朝鲜民主"),
        ("ua", "乌克兰", "危地马拉"),
    ]:
        text = clerk_client.get(reverse("reference:country_list"), {"q": q}).content.decode()
        assert expect in text and not_expect not in text, q
    text = clerk_client.get(reverse("reference:country_list"), {"kind": "sar"}).content.decode()
    assert "中国香港" in text and "中国澳门" in text and "日本" not in text
    text = clerk_client.get(reverse("reference:country_list"), {"continent": "oceania"}).content.decode()
    assert "澳大利亚" in text and "德国" not in text
    page2 = {"continent": "oceania", "page": 2}  # pinyin order: 新西兰 (xin) may be on the second page
    assert "新西兰" in text + clerk_client.get(reverse("reference:country_list"), page2).content.decode()


def test_country_edit_is_saved_and_audited(admin_client, sysadmin):
    url = reverse("reference:country_edit", args=["FJ"])
    page = admin_client.get(url).content.decode()
    assert "斐济共和国" in page
    data = {
        "name_zh": "斐济",
        "name_zh_full": "斐济共和国",
        "name_en": "Fiji",
        "name_en_full": "Republic of Fiji",
        "iso3": "FJI",
        "numeric": "242",
        "continent": "oceania",
        "kind": "country",
        "is_trip_destination": "on",
        "is_active": "on",
        "latin_america": "",
    }
    data["name_zh_full"] = "斐济共和国（改）"
    resp = admin_client.post(url, data)
    assert resp.status_code == 302
    fj = Country.objects.get(iso2="FJ")
    assert fj.name_zh_full == "斐济共和国（改）" and fj.is_customized
    event = AuditEvent.objects.get(action="reference.country_update")
    assert event.actor_username == sysadmin.username
    assert event.changes["name_zh_full"] == ["斐济共和国", "斐济共和国（改）"]


def test_country_edit_keeps_input_on_error(admin_client):
    url = reverse("reference:country_edit", args=["FJ"])
    resp = admin_client.post(
        url,
        {"name_zh": "", "name_en": "Fiji typed", "iso3": "FJI", "continent": "oceania", "kind": "country"},
    )
    assert resp.status_code == 200
    assert "Fiji typed" in resp.content.decode()
    assert Country.objects.get(iso2="FJ").name_en == "Fiji"


def test_calendar_pages_show_status(clerk_client):
    text = clerk_client.get(reverse("reference:calendar_index")).content.decode()
    assert "国办发明电〔2024〕12号" in text
    text = clerk_client.get(reverse("reference:calendar_year", args=[2026])).content.decode()
    assert "春节" in text and "2026-02-14" in text and "调休上班" in text
    text = clerk_client.get(reverse("reference:calendar_year", args=[2027])).content.decode()
    assert "仅按周末计算" in text


def test_admin_enters_2027_and_publishes_it(admin_client, sysadmin):
    resp = admin_client.post(reverse("reference:calendar_index"), {"year": 2027})
    assert resp.status_code == 302
    assert CalendarYear.objects.get(year=2027).status == "not_published"
    resp = admin_client.post(
        reverse("reference:calendar_day_add", args=[2027]),
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    )
    assert resp.status_code == 302
    assert wc.is_working_day(date(2027, 1, 1))  # not published yet
    # publishing without a citation is refused with a message, the form keeps the input
    url = reverse("reference:calendar_year_edit", args=[2027])
    resp = admin_client.post(url, {"status": "published", "source": "", "notes": "草稿备注"})
    assert resp.status_code == 400
    text = resp.content.decode()
    assert "依据文件" in text and "草稿备注" in text
    assert CalendarYear.objects.get(year=2027).status == "not_published"
    resp = admin_client.post(
        url,
        {"status": "published", "source": "国办发明电〔2026〕1号", "source_date": "2026-11-05", "notes": ""},
    )
    assert resp.status_code == 302
    assert not wc.is_working_day(date(2027, 1, 1))
    assert wc.year_status(2027).configured
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reference.calendar_year_create",
        "reference.calendar_day_save",
        "reference.calendar_year_publish",
    } <= actions


def test_calendar_day_edit_remove_and_validation(admin_client):
    day = CalendarDay.objects.get(date=date(2026, 2, 28))
    url = reverse("reference:calendar_day_edit", args=[2026, day.pk])
    resp = admin_client.post(url, {"date": "2026-02-28", "kind": "workday", "name": "春节（调休）"})
    assert resp.status_code == 302
    assert CalendarDay.objects.get(pk=day.pk).name == "春节（调休）"
    # a weekday cannot be a 调休 working day; a second entry for the same date is refused
    add = reverse("reference:calendar_day_add", args=[2026])
    resp = admin_client.post(add, {"date": "2026-03-04", "kind": "workday", "name": "x"})
    assert resp.status_code == 400 and "周六或周日" in resp.content.decode()
    resp = admin_client.post(add, {"date": "2026-02-15", "kind": "holiday", "name": "x"})
    assert resp.status_code == 400 and "已有一条安排" in resp.content.decode()
    resp = admin_client.post(add, {"date": "2025-03-03", "kind": "holiday", "name": "x"})
    assert resp.status_code == 200 and "2026" in resp.content.decode()
    resp = admin_client.post(add, {"date": "not-a-date", "kind": "holiday"})
    assert resp.status_code == 200
    # remove 2026-02-28: Saturday becomes a day off again
    assert wc.is_working_day(date(2026, 2, 28))
    resp = admin_client.post(reverse("reference:calendar_day_remove", args=[2026, day.pk]))
    assert resp.status_code == 302
    assert not wc.is_working_day(date(2026, 2, 28))
    event = AuditEvent.objects.get(action="reference.calendar_day_remove")
    assert "2026-02-28" in event.target_repr
    assert CalendarYear.objects.get(year=2026).is_customized


def test_dictionary_items_added_edited_and_deactivated(admin_client, sysadmin):
    text = admin_client.get(reverse("reference:dict_type_list")).content.decode()
    assert "delegation_type" in text and "团组类型" in text
    resp = admin_client.post(
        reverse("reference:dict_item_add", args=["funding_source"]),
        {
            "code": "sponsor",
            "label": "赞助",
            "label_en": "Sponsorship",
            "order": 50,
            "is_active": "on",
            "note": "",
        },
    )
    assert resp.status_code == 302
    item = DictItem.objects.get(type__code="funding_source", code="sponsor")
    assert item.label == "赞助"
    # duplicate code refused with a message
    resp = admin_client.post(
        reverse("reference:dict_item_add", args=["funding_source"]),
        {"code": "sponsor", "label": "重复", "order": 60, "is_active": "on"},
    )
    assert resp.status_code == 400 and "已存在" in resp.content.decode()
    # built-in item: the label can change, the code cannot
    host = DictItem.objects.get(type__code="funding_source", code="host")
    resp = admin_client.post(
        reverse("reference:dict_item_edit", args=["funding_source", host.pk]),
        {
            "code": "changed",
            "label": "外方承担",
            "label_en": "Host",
            "order": 30,
            "is_active": "on",
            "note": "",
        },
    )
    assert resp.status_code == 302
    host.refresh_from_db()
    assert host.code == "host" and host.label == "外方承担"
    # deactivate (never delete)
    resp = admin_client.post(reverse("reference:dict_item_toggle", args=["funding_source", host.pk]))
    assert resp.status_code == 302
    host.refresh_from_db()
    assert not host.is_active and DictItem.objects.filter(pk=host.pk).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="reference.dict_item").values_list("action", flat=True)
    )
    assert actions.count("reference.dict_item_update") == 2 and "reference.dict_item_create" in actions


def test_dictionary_type_created(admin_client):
    resp = admin_client.post(
        reverse("reference:dict_type_add"),
        {"code": "meeting_kind", "name": "会议类型", "name_en": "Meeting kind", "description": ""},
    )
    assert resp.status_code == 302
    dtype = DictType.objects.get(code="meeting_kind")
    assert not dtype.is_builtin
    assert AuditEvent.objects.filter(action="reference.dict_type_create").exists()
    resp = admin_client.post(
        reverse("reference:dict_type_add"), {"code": "meeting_kind", "name": "又一个", "description": ""}
    )
    assert resp.status_code == 400 and "已存在" in resp.content.decode()


def test_pages_in_english(clerk_client):
    clerk_client.cookies["waiban_language"] = "en"
    text = clerk_client.get(reverse("reference:calendar_year", args=[2026])).content.decode()
    assert "Make-up working day" in text and "Sat" in text
    text = clerk_client.get(reverse("reference:country_list"), {"q": "HK"}).content.decode()
    assert "Countries and regions" in text and "Special administrative region" in text
