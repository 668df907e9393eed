"""Words a user understands (issue 9, D13–D15): countries and continents by name in findings, English
counts read as English, citations are the regulation's name and number (research notes are the
admins' source note), 2014 lodging caps only warn, and the import template covers the whole table."""

import dataclasses
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.regulations.defaults import default_pack
from apps.regulations.engine import WARNING, BudgetLine, evaluate

from .factories import leg, trip

PACK = default_pack()
NAMES = {
    "JP": ("日本", "Japan"),
    "FR": ("法国", "France"),
    "DE": ("德国", "Germany"),
    "US": ("美国", "United States"),
}


def named(code):
    return dataclasses.replace(leg(code), name_zh=NAMES[code][0], name_en=NAMES[code][1])


def failed(result, rule_id):
    return next(f for f in result.for_rule(rule_id) if not f.passed)


def test_countries_and_continents_by_name_not_code():
    facts = trip(legs=[named("JP"), named("FR"), named("DE"), named("US")], days=12)
    result = evaluate(facts, PACK)
    f = failed(result, "countries_max")
    assert (
        "日本、法国、德国、美国" in f.message_zh and "Japan, France, Germany, United States" in f.message_en
    )
    assert f.details["countries"] == ["JP", "FR", "DE", "US"]  # programs keep the codes
    f = failed(result, "one_continent")
    assert "亚洲、欧洲、北美洲" in f.message_zh and "Asia, Europe, North America" in f.message_en
    assert "europe" not in f.message_zh + f.message_en


def test_english_counts_read_as_english():
    f = failed(evaluate(trip(legs=[named("JP")], days=6), PACK), "days_abroad")
    assert "a trip to 1 country allows at most 5 days" in f.message_en
    assert "country/countries" not in f.message_en
    f = failed(evaluate(trip(legs=[named("JP"), named("FR")], days=9), PACK), "days_abroad")
    assert "a trip to 2 countries allows at most 8 days" in f.message_en


def test_lodging_over_a_2014_cap_only_warns_and_says_so():
    line = BudgetLine(
        category="lodging", amount=Decimal("30000"), currency="JPY", country="JP", city="东京", nights=1
    )
    f = failed(evaluate(trip(legs=[named("JP")], budget=[line]), PACK), "budget_within_standard")
    assert f.severity == WARNING
    assert f.message_zh.startswith("日本 东京 住宿费 30000 JPY 超过标准 20000 JPY")
    assert "2014年标准" in f.message_zh and "2014 value" in f.message_en
    meals = BudgetLine(category="meals", amount=Decimal("20000"), currency="JPY", country="JP", days=1)
    f = failed(evaluate(trip(legs=[named("JP")], budget=[meals]), PACK), "budget_within_standard")
    assert f.severity == "blocking"  # meals and incidentals were not adjusted: still blocking
    # once rows valid from 2017 are the current ones, a lodging overrun blocks again
    rules = dict(PACK.rules)
    conf = rules["budget_within_standard"]
    rules["budget_within_standard"] = dataclasses.replace(
        conf, params={**conf.params, "lodging_current_from": "2014-01-01"}
    )
    f = failed(
        evaluate(trip(legs=[named("JP")], budget=[line]), dataclasses.replace(PACK, rules=rules)),
        "budget_within_standard",
    )
    assert f.severity == "blocking"


RESEARCH_NOTES = ("二手来源", "一处引作", "未取得", "参数示例", "厦门", "http", "{", "未核实")


@pytest.mark.django_db
def test_citations_are_names_and_numbers_and_notes_are_for_admins(admin_client):
    from apps.regulations.models import RuleSetting

    settings = list(RuleSetting.objects.filter(pack__version=1))
    assert settings
    for s in settings:
        assert s.citation and not any(n in s.citation for n in RESEARCH_NOTES), (s.rule_id, s.citation)
    notes = {s.rule_id: s.notes for s in settings}
    assert "一处引作" in notes["countries_max"] and "参数示例" in notes["yearly_limit"]
    days = next(s for s in settings if s.rule_id == "days_abroad")
    assert "{countries_en}" in days.message_en
    # the admin sees the note when editing the rule (and on the pack page, folded)
    assert "一处引作" in admin_client.get(reverse("regulations:pack_detail", args=[1])).content.decode()


@pytest.mark.django_db
def test_standards_page_says_2014_per_row_and_offers_the_full_template(admin_client):
    from apps.reference.models import Country
    from apps.regulations.models import ExpenseStandard

    page = admin_client.get(reverse("regulations:standard_list")).content.decode()
    assert page.count('data-testid="lodging-outdated"') == min(ExpenseStandard.objects.count(), 20)
    assert "2014 年标准" in page and reverse("regulations:standards_template") in page
    assert "<code" not in page.split('data-testid="standard-table"')[1]  # no ISO codes in the rows
    r = admin_client.get(reverse("regulations:standards_template"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:8] == [
        "国家（地区）",
        "城市组",
        "包含城市",
        "币种",
        "住宿费限额",
        "伙食费",
        "公杂费",
        "生效日期",
    ]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    names = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    destinations = set(Country.objects.destinations().values_list("name_zh", flat=True))
    assert destinations <= names and "日本" in names
    tokyo = next(row for row in ws.iter_rows(min_row=2, values_only=True) if row[1] == "东京")
    assert tokyo[3] == "JPY" and tokyo[4] == 20000
    # the template as downloaded imports cleanly: rows on file unchanged, empty rows skipped
    buf = io.BytesIO(r.content)
    buf.name = "template.xlsx"
    preview = admin_client.post(reverse("regulations:standards_import"), {"action": "preview", "file": buf})
    body = preview.content.decode()
    assert f"未变 {ExpenseStandard.objects.count()} 条" in body and "拒绝 0 条" in body
