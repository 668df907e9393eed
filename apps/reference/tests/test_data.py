"""The shipped reference data: countries, calendar years, code lists; and ``load_reference``."""

import csv
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from apps.reference.loaders import COUNTRIES_CSV
from apps.reference.models import CalendarDay, CalendarYear, Country, DictItem, DictType, country_sort_key
from apps.reference.selectors import dict_choices, dict_label

pytestmark = pytest.mark.django_db


def test_complete_iso_list_is_loaded():
    assert Country.objects.count() == 249
    with open(COUNTRIES_CSV, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 249
    assert len({r["iso2"] for r in rows}) == 249 and len({r["iso3"] for r in rows}) == 249
    assert all(r["name_zh"] and r["name_en"] and r["continent"] for r in rows)


@pytest.mark.parametrize(
    ("iso2", "short", "full"),
    [
        ("US", "美国", "美利坚合众国"),
        ("GB", "英国", "大不列颠及北爱尔兰联合王国"),
        ("KR", "韩国", "大韩民国"),
        ("KP", "朝鲜", "朝鲜民主主义人民共和国"),
        ("RU", "俄罗斯", "俄罗斯联邦"),
        ("HK", "中国香港", "中华人民共和国香港特别行政区"),
        ("MO", "中国澳门", "中华人民共和国澳门特别行政区"),
        ("TW", "中国台湾", "中国台湾地区"),
    ],
)
def test_official_chinese_names(iso2, short, full):
    c = Country.objects.get(iso2=iso2)
    assert (c.name_zh, c.name_zh_full) == (short, full)


def test_no_off_the_shelf_names_for_taiwan():
    assert not Country.objects.filter(name_zh__contains="台湾省").exists()
    assert not Country.objects.filter(name_zh="台湾").exists()
    assert not Country.objects.filter(name_en__icontains="province").exists()


def test_hong_kong_macao_and_taiwan_are_regions_of_china():
    hk, mo, tw, cn = (Country.objects.get(iso2=c) for c in ("HK", "MO", "TW", "CN"))
    assert hk.kind == mo.kind == "sar"
    assert tw.kind == "region_of_china"
    assert hk.is_region_of_china and mo.is_region_of_china and tw.is_region_of_china
    assert not tw.is_trip_destination and not cn.is_trip_destination
    assert hk.is_trip_destination and mo.is_trip_destination
    dest = set(Country.objects.destinations().values_list("iso2", flat=True))
    assert "TW" not in dest and "CN" not in dest and "JP" in dest


def test_pinyin_order():
    names = list(Country.objects.values_list("name_zh", flat=True))
    assert names.index("阿尔巴尼亚") < names.index("爱尔兰") < names.index("安道尔")
    assert names.index("巴西") < names.index("秘鲁") < names.index("墨西哥")  # 秘鲁 is mì lǔ
    assert names[0].startswith("阿")
    assert names.index("日本") < names.index("中国香港")
    assert country_sort_key("秘鲁") == "mi lu"


def test_continents_and_latin_america():
    assert Country.objects.get(iso2="MX").latin_america
    assert Country.objects.get(iso2="BR").region_group == "latin_america"
    assert Country.objects.get(iso2="CU").latin_america  # Caribbean
    assert not Country.objects.get(iso2="US").latin_america
    assert not Country.objects.get(iso2="CA").latin_america
    assert Country.objects.get(iso2="KE").is_latin_america_or_africa
    assert not Country.objects.get(iso2="FR").is_latin_america_or_africa
    assert Country.objects.get(iso2="DE").continent == "europe"
    assert Country.objects.get(iso2="AU").continent == "oceania"
    assert set(Country.objects.values_list("continent", flat=True)) == {
        "asia",
        "europe",
        "africa",
        "north_america",
        "south_america",
        "oceania",
        "antarctica",
    }


def test_label_follows_language():
    jp = Country.objects.get(iso2="JP")
    with translation.override("en"):
        assert jp.label == "Japan" and str(jp) == "Japan"
    with translation.override("zh-hans"):
        assert jp.label == "日本"


def test_shipped_calendar_years_with_citations():
    y25 = CalendarYear.objects.get(year=2025)
    y26 = CalendarYear.objects.get(year=2026)
    assert (
        y25.is_published and y25.source == "国办发明电〔2024〕12号" and y25.source_date == date(2024, 11, 12)
    )
    assert y26.is_published and y26.source_date == date(2025, 11, 4)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).kind == "workday"
    assert CalendarDay.objects.get(date=date(2026, 2, 15)).name == "春节"
    assert CalendarDay.objects.filter(year=y26, kind="workday").count() == 6
    assert CalendarDay.objects.filter(year=y25, kind="workday").count() == 5


def test_builtin_dictionaries():
    codes = set(DictType.objects.filter(is_builtin=True).values_list("code", flat=True))
    assert {
        "delegation_type",
        "official_rank",
        "passport_kind",
        "visa_status",
        "attachment_kind",
        "funding_source",
    } <= codes
    assert [label for _c, label in dict_choices("delegation_type")] == [
        "自行组团",
        "随市团组",
        "随部委团组",
        "教学科研",
    ]
    assert [label for _c, label in dict_choices("official_rank")] == [
        "省部级",
        "厅局级",
        "县处级",
        "乡科级",
        "其他",
    ]
    assert "APEC商务旅行卡" in dict(dict_choices("passport_kind")).values()
    assert "另行配置" in DictType.objects.get(code="official_rank").description
    with translation.override("en"):
        assert dict(dict_choices("visa_status"))["refused"] == "Refused"
    assert dict_label("funding_source", "host") == "邀请方承担"


def test_dict_choices_hide_inactive_items_but_keep_the_current_value():
    DictItem.objects.filter(type__code="visa_status", code="refused").update(is_active=False)
    assert "refused" not in dict(dict_choices("visa_status"))
    assert "refused" in dict(dict_choices("visa_status", include="refused"))


def test_load_reference_keeps_administrator_edits_unless_forced():
    jp = Country.objects.get(iso2="JP")
    jp.name_zh_full = "日本国（管理员修改）"
    jp.is_customized = True
    jp.save()
    us = Country.objects.get(iso2="US")
    us.name_zh_full = "被意外改动"
    us.save()  # not marked as an administrator's edit → restored
    item = DictItem.objects.get(type__code="funding_source", code="host")
    DictItem.objects.filter(pk=item.pk).update(label="对方承担", is_customized=True)
    CalendarDay.objects.filter(date=date(2026, 2, 14)).delete()
    CalendarYear.objects.filter(year=2026).update(is_customized=True)

    call_command("load_reference", stdout=open("/dev/null", "w"))
    assert Country.objects.get(iso2="JP").name_zh_full == "日本国（管理员修改）"
    assert Country.objects.get(iso2="US").name_zh_full == "美利坚合众国"
    assert DictItem.objects.get(pk=item.pk).label == "对方承担"
    assert not CalendarDay.objects.filter(date=date(2026, 2, 14)).exists()

    call_command("load_reference", "--force", stdout=open("/dev/null", "w"))
    assert Country.objects.get(iso2="JP").name_zh_full == "日本国"
    assert DictItem.objects.get(pk=item.pk).label == "邀请方承担"
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).kind == "workday"
    assert Country.objects.count() == 249
