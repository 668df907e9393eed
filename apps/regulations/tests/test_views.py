"""Administrator pages and the API."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.audit.models import AuditEvent
from apps.regulations.defaults import DEFAULT_STANDARDS
from apps.regulations.models import ExpenseStandard, RulePack

pytestmark = pytest.mark.django_db


def csv_upload(text, name="std.csv"):
    f = io.BytesIO(text.encode("utf-8"))
    f.name = name
    return f


@pytest.mark.parametrize(
    "url",
    [
        reverse("regulations:pack_list"),
        reverse("regulations:pack_detail", args=[1]),
        reverse("regulations:standard_list"),
        reverse("regulations:standards_import"),
        reverse("regulations:rules_export", args=[1, "csv"]),
    ],
)
def test_pages_need_reference_manage(client, login, make_user, url):
    assert client.get(url).status_code == 302  # to the login page
    login(make_user(roles=["division_head"]))
    assert client.get(url).status_code == 403


def test_pack_list_and_detail_show_versions_rules_and_citations(admin_client):
    page = admin_client.get(reverse("regulations:pack_list")).content.decode()
    assert "v1" in page and "生效" in page
    detail = admin_client.get(reverse("regulations:pack_detail", args=[1])).content.decode()
    assert "countries_max" in detail and "二手来源" in detail and "未配置" in detail
    assert "财行〔2013〕516号" in detail
    assert admin_client.get(reverse("regulations:pack_detail", args=[99])).status_code == 404


def test_create_draft_edit_rule_and_activate_through_the_pages(admin_client):
    r = admin_client.post(reverse("regulations:pack_create_draft"))
    assert r.status_code == 302 and r["Location"] == reverse("regulations:pack_detail", args=[2])
    url = reverse("regulations:rule_edit", args=[2, "delegation_size"])
    form = admin_client.get(url)
    assert form.status_code == 200 and "&quot;max&quot;: 6" in form.content.decode()
    data = {
        "enabled": "on",
        "severity": "blocking",
        "params": '{"max": 5',
        "title_zh": "团组人数",
        "title_en": "Size",
        "message_zh": "团组 {count} 人",
        "message_en": "{count} members",
        "citation": "依据",
    }
    r = admin_client.post(url, data)
    assert r.status_code == 200
    body = r.content.decode()
    assert "参数不是有效的 JSON" in body and "{&quot;max&quot;: 5" in body  # keeps what was typed
    r = admin_client.post(url, {**data, "params": '{"max": 0}'})
    assert "max 不能小于 1" in r.content.decode()
    r = admin_client.post(url, {**data, "params": '{"max": 5}'})
    assert r.status_code == 302
    assert RulePack.objects.get(version=2).rules.get(rule_id="delegation_size").params == {"max": 5}
    assert RulePack.objects.get(version=1).rules.get(rule_id="delegation_size").params == {"max": 6}
    r = admin_client.post(reverse("regulations:pack_activate", args=[2]))
    assert r.status_code == 302
    assert RulePack.objects.get(status="active").version == 2


def test_editing_an_active_pack_is_refused(admin_client):
    r = admin_client.get(reverse("regulations:rule_edit", args=[1, "lead_time"]), follow=True)
    assert "只能修改草稿规则包" in r.content.decode()


def test_standards_list_filters_by_country(admin_client):
    page = admin_client.get(reverse("regulations:standard_list"), {"country": "KR"}).content.decode()
    assert "首尔、釜山、济州" in page and "东京" not in page
    page = admin_client.get(reverse("regulations:standard_list"), {"country": "日本"}).content.decode()
    assert "东京" in page


STANDARDS_CSV = """country,city_group,currency,lodging,meals,incidentals,valid_from,citation
DE,其他,EUR,150,60,30,2014-01-20,test
德国,柏林,EUR,180,60,30,2014-01-20,test
KR,首尔、釜山、济州,USD,190,70,35,2014-01-20,update
MN,全境,USD,90,50,35,2014-01-20,{mn_citation}
XX,其他,USD,1,1,1,2014-01-20,
FR,其他,EUR,abc,-5,30,2014-01-20,
FR,巴黎,EURO,100,50,30,2014/01/20,
DE,其他,EUR,150,60,30,2014-01-20,dup
""".format(mn_citation=DEFAULT_STANDARDS[0]["citation"])


def test_standards_import_preview_then_confirm(admin_client):
    url = reverse("regulations:standards_import")
    r = admin_client.post(url, {"action": "preview", "file": csv_upload(STANDARDS_CSV)})
    assert r.status_code == 200
    body = r.content.decode()
    assert "新增 2 条，更新 1 条，未变 1 条，拒绝 4 条" in body
    assert "未知的国家（地区）：XX" in body
    assert "住宿费不是有效的非负数：abc" in body and "伙食费不是有效的非负数：-5" in body
    assert "币种须为三位字母代码" in body and "生效日期须为 YYYY-MM-DD" in body
    assert "与文件中前面的行重复" in body
    assert ExpenseStandard.objects.count() == 18  # nothing written yet
    r = admin_client.post(url, {"action": "confirm"})
    assert r.status_code == 302
    assert ExpenseStandard.objects.count() == 20
    berlin = ExpenseStandard.objects.get(country__iso2="DE", city_group="柏林")
    assert berlin.cities == ["柏林"] and berlin.lodging == 180
    assert ExpenseStandard.objects.get(country__iso2="DE", city_group="其他").cities == []
    assert ExpenseStandard.objects.get(country__iso2="KR", city_group="首尔、釜山、济州").lodging == 190
    event = AuditEvent.objects.get(action="regulations.standards_import")
    assert event.extra["added"] == 2 and event.extra["updated"] == 1


def test_standards_import_from_excel_and_bad_files(admin_client):
    wb = Workbook()
    ws = wb.active
    ws.append(["国家（地区）", "城市组", "币种", "住宿费", "伙食费", "公杂费", "生效日期"])
    ws.append(["泰国", "曼谷", "USD", 120, 50, 30, "2014-01-20"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "std.xlsx"
    url = reverse("regulations:standards_import")
    r = admin_client.post(url, {"action": "preview", "file": buf})
    assert "新增 1 条" in r.content.decode()
    r = admin_client.post(url, {"action": "preview", "file": csv_upload("a,b\n1,2\n")})
    assert "缺少列" in r.content.decode()
    r = admin_client.post(url, {"action": "preview", "file": csv_upload("x", name="std.txt")})
    assert "只支持 .csv 或 .xlsx 文件" in r.content.decode()
    broken = csv_upload("not a zip", name="broken.xlsx")
    r = admin_client.post(url, {"action": "preview", "file": broken})
    assert r.status_code == 200 and "无法读取 Excel 文件" in r.content.decode()


def test_confirm_without_preview_is_refused(admin_client):
    r = admin_client.post(reverse("regulations:standards_import"), {"action": "confirm"}, follow=True)
    assert "预览已失效" in r.content.decode()


def test_rules_export_and_import_for_a_draft(admin_client):
    r = admin_client.get(reverse("regulations:rules_export", args=[1, "xlsx"]))
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("rule_id", "enabled", "severity", "params")
    assert any(row[0] == "yearly_limit" and row[3] == "null" for row in rows)
    csv_text = admin_client.get(reverse("regulations:rules_export", args=[1, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "countries_max" in csv_text

    assert (
        admin_client.get(reverse("regulations:rules_import", args=[1])).status_code == 302
    )  # active: refused
    admin_client.post(reverse("regulations:pack_create_draft"))
    url = reverse("regulations:rules_import", args=[2])
    text = (
        "rule_id,enabled,severity,params\n"
        'yearly_limit,true,warning,"{""max_per_year"": 2}"\n'
        'lead_time,true,blocking,"{""days"": ""soon""}"\n'
        "no_such_rule,true,warning,{}\n"
        'countries_max,maybe,blocking,"{""max"": 3}"\n'
    )
    r = admin_client.post(url, {"action": "preview", "file": csv_upload(text, "rules.csv")})
    body = r.content.decode()
    assert "更新 1 条，未变 0 条，拒绝 3 条" in body
    assert "days 必须是整数" in body and "规则包中没有此规则：no_such_rule" in body and "enabled 须为" in body
    r = admin_client.post(url, {"action": "confirm"})
    assert r.status_code == 302
    setting = RulePack.objects.get(version=2).rules.get(rule_id="yearly_limit")
    assert setting.params == {"max_per_year": 2} and setting.severity == "warning"


def test_api_active_pack_and_check(client, login, make_user):
    assert client.get("/api/regulations/packs/active").status_code == 401
    login(make_user(roles=["unit_clerk"]))
    data = client.get("/api/regulations/packs/active").json()
    assert data["version"] == 1
    assert next(r for r in data["rules"] if r["rule_id"] == "yearly_limit")["not_configured"] is True
    body = {
        "departure": "2026-05-04",
        "return_date": "2026-05-09",
        "today": "2026-03-02",
        "legs": [{"country": "JP", "continent": "asia"}],
        "members": [
            {
                "person_id": 1,
                "name": "张三",
                "passports": [{"kind": "official_ordinary", "expiry": "2030-01-01"}],
            }
        ],
        "invitation_attached": True,
        "inviter_is_counterpart": True,
    }
    r = client.post("/api/regulations/check", json.dumps(body), content_type="application/json")
    assert r.status_code == 200
    out = r.json()
    assert out["pack_version"] == 1 and out["blocking_count"] == 1
    days = next(f for f in out["findings"] if f["rule_id"] == "days_abroad")
    assert days["passed"] is False and days["details"]["days"] == 6 and days["citation"]
    r = client.post("/api/regulations/check", json.dumps({"departure": "x"}), content_type="application/json")
    assert r.status_code == 422


def test_pages_in_english(admin_client):
    admin_client.cookies["waiban_language"] = "en"
    page = admin_client.get(reverse("regulations:pack_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Trip rule packs" in page and "Active" in page


def test_findings_partial_renders_a_result():
    from django.template.loader import render_to_string
    from django.utils import translation

    from apps.regulations.defaults import default_pack
    from apps.regulations.engine import evaluate

    from .factories import trip

    result = evaluate(trip(days=6, invitation_attached=False), default_pack())
    with translation.override("zh-hans"):
        html = render_to_string("regulations/partials/findings.html", {"result": result})
    assert "1 项阻断" in html and "1 项提醒" in html and "在外 6 天" in html and "依据规则包 v1" in html
    assert 'data-rule="countries_max"' not in html  # passed findings hidden unless show_passed


def test_expense_standards_through_the_api_with_their_citations(client, login, make_user):
    login(make_user(roles=["unit_clerk"]))
    rows = client.get("/api/regulations/standards", {"country": "JP"}).json()
    assert rows and all(r["country"] == "JP" for r in rows)
    assert all("516" in r["citation"] for r in rows) and rows[0]["lodging"] and rows[0]["currency"]
    assert client.get("/api/regulations/standards", {"limit": 5}).status_code == 200
