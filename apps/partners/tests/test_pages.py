"""Pages and API: who sees what, bad input kept on the form, the map's offline assets."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.partners import services
from apps.reference.models import Country

pytestmark = pytest.mark.django_db


def test_register_shows_the_real_list_with_sources(client, login, people, partners):
    login(people["am_staff"])
    html = client.get(reverse("partners:list")).content.decode()
    names = ("圣艾蒂安", "半田市", "莱奥本", "波鸿", "梁赞", "井邑", "埃尔福特", "拉彭兰塔")
    for name in (*names, "霍克斯湾大区"):
        assert name in html
    assert "afcloire.org" in html and "1984-03-27" in html and "不详" in html
    assert "Newport" not in html
    # filter by country
    fr = Country.objects.get(iso2="FR")
    html = client.get(reverse("partners:list"), {"country": fr.pk}).content.decode()
    assert "圣艾蒂安" in html and "埃尔福特" not in html


def test_units_read_only_the_public_list(client, login, people, partners):
    login(people["clerk"])
    assert client.get(reverse("partners:list")).status_code == 403
    assert client.get(reverse("partners:detail", args=[partners["埃尔福特"].pk])).status_code == 403
    html = client.get(reverse("partners:public_list")).content.decode()
    assert "埃尔福特" in html and "联系人" not in html


def test_other_division_reads_but_does_not_edit(client, login, people, partners):
    erfurt = partners["埃尔福特"]
    login(people["am_staff"])
    page = client.get(reverse("partners:detail", args=[erfurt.pk])).content.decode()
    assert "埃尔福特" in page and reverse("partners:edit", args=[erfurt.pk]) not in page
    r = client.post(reverse("partners:edit", args=[erfurt.pk]), {"name_zh": "x"})
    assert r.status_code in (400, 403)
    login(people["eu_staff"])
    page = client.get(reverse("partners:detail", args=[erfurt.pk])).content.decode()
    assert reverse("partners:edit", args=[erfurt.pk]) in page


def test_bad_input_stays_on_the_form(client, login, people, partners):
    login(people["eu_staff"])
    erfurt = partners["埃尔福特"]
    data = {
        "name_zh": "埃尔福特",
        "country": erfurt.country_id,
        "category": "unknown",
        "status": "active",
        "established_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "latitude": "50.9848",
        "longitude": "11.0299",
        "version": erfurt.version,
        "counterpart_office": "我填的对口部门",
    }
    r = client.post(reverse("partners:edit", args=[erfurt.pk]), data)
    html = r.content.decode()
    assert r.status_code == 400 and "结好日期不能晚于今天" in html and "我填的对口部门" in html


def test_activity_link_by_reference_and_bad_reference(client, login, people, partners):
    login(people["eu_staff"])
    erfurt = partners["埃尔福特"]
    url = reverse("partners:activity_link", args=[erfurt.pk])
    r = client.post(url, {"reference": "不存在〔2026〕1号", "kind": "visit_out"})
    html = r.content.decode()
    assert r.status_code == 400 and "找不到编号" in html and "不存在〔2026〕1号" in html


def test_case_pages_walk_to_approval(client, login, people):
    login(people["clerk"])
    dk = Country.objects.get(iso2="DK")
    r = client.post(
        reverse("partners:establishment_new"),
        {
            "partner_name_zh": "奥胡斯",
            "country": dk.pk,
            "category": "friendship",
            "intent_signed_on": "2025-01-10",
            "exchanges_summary": "互访",
        },
    )
    assert r.status_code == 302
    detail = r["Location"]
    pk = int(detail.rstrip("/").split("/")[-1])
    r = client.post(reverse("partners:case_transition", args=[pk, "submit"]), {})
    assert r.status_code == 302
    login(people["eu_staff"])
    client.post(reverse("partners:case_transition", args=[pk, "claim"]), {})
    client.post(reverse("partners:case_transition", args=[pk, "forward_for_approval"]), {})
    login(people["leader"])
    client.post(reverse("partners:case_transition", args=[pk, "approve"]), {})
    login(people["eu_staff"])
    page = client.get(reverse("partners:case_detail", args=[pk])).content.decode()
    assert "登记市政府批复" in page and "徐州市人民政府" in page
    # missing number: refused with the message, what was typed kept
    r = client.post(
        reverse("partners:case_transition", args=[pk, "record_city_approval"]),
        {"authority": "徐州市人民政府", "date": timezone.localdate().isoformat(), "comment": "我的意见"},
    )
    assert r.status_code == 400 and "文号" in r.content.decode() and "我的意见" in r.content.decode()
    r = client.post(
        reverse("partners:case_transition", args=[pk, "record_city_approval"]),
        {"authority": "徐州市人民政府", "number": "徐政复〔2026〕8号", "date": str(timezone.localdate())},
    )
    assert r.status_code == 302
    page = client.get(reverse("partners:case_detail", args=[pk])).content.decode()
    assert "徐政复〔2026〕8号" in page and "已获市政府同意" in page
    from apps.documents.models import Document

    doc = Document.objects.get(case_id=pk, kind="partnership_request")
    assert doc.number in page
    pdf = client.get(reverse("documents:download", args=[doc.pk]))
    assert (
        pdf.status_code == 200
        and b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"
    )
    letter = client.get(reverse("partners:case_letter", args=[pk])).content.decode()
    assert "关于与丹麦奥胡斯缔结友好城市关系的请示" in letter and "市人民政府：" in letter
    # the generic case page sends to this one
    generic = client.get(reverse("casework:detail", args=[pk]))
    assert generic["Location"] == reverse("partners:case_detail", args=[pk])


def test_country_view_and_map(client, login, people, partners):
    login(people["leader"])
    html = client.get(reverse("partners:country", args=["DE"])).content.decode()
    assert "埃尔福特" in html and "波鸿" in html and "欧洲非洲大洋洲处" in html
    assert client.get(reverse("partners:country", args=["ZZ"])).status_code == 404
    html = client.get(reverse("partners:map")).content.decode()
    assert "vendor/echarts/echarts.min.js" in html and "vendor/world-atlas/world.geo.json" in html
    assert "审图号" in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    html = client.get(reverse("partners:country_list")).content.decode()
    assert "德国" in html


def test_vendored_map_assets_exist_with_licences():
    root = Path(settings.BASE_DIR) / "static" / "vendor"
    files = ("echarts/echarts.min.js", "echarts/LICENSE", "world-atlas/world.geo.json", "world-atlas/LICENSE")
    for f in files:
        assert (root / f).exists(), f
    import json

    geo = json.loads((root / "world-atlas/world.geo.json").read_text())
    ids = {f["properties"]["name"] for f in geo["features"]}
    assert "156" in ids and "158" not in ids  # Taiwan drawn as part of China


def test_api(client, login, people, partners):
    login(people["eu_staff"])
    rows = client.get("/api/partners/").json()
    assert {r["name_zh"] for r in rows} >= {"圣艾蒂安", "埃尔福特"}
    erfurt = next(r for r in rows if r["name_zh"] == "埃尔福特")
    assert erfurt["established_on"] == "2005-11-26" and "erfurt.de" in erfurt["source"]
    r = client.get("/api/partners/?category=nonsense")
    assert r.status_code == 422
    login(people["clerk"])
    assert client.get("/api/partners/").status_code == 403
    assert len(client.get("/api/partners/directory").json()) == 14
    r = client.post(
        "/api/partners/cases/twinning",
        {
            "partner_id": partners["半田市"].pk,
            "institution_kind": "school",
            "local_institution": "徐州市第一中学",
            "foreign_institution": "半田中学",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["state"] == "draft"
    url = f"/api/partners/cases/{r.json()['id']}/transitions/submit"
    r = client.post(url, {}, content_type="application/json")
    assert r.status_code == 400 and "主管部门" in r.json()["detail"]


def test_plan_pages(client, login, people, partners):
    login(people["eu_staff"])
    year = timezone.localdate().year
    r = client.post(reverse("partners:plan_create"), {"year": year})
    assert r.status_code == 302
    plan_url = r["Location"]
    pk = int(plan_url.rstrip("/").split("/")[-1])
    add = reverse("partners:plan_item_add", args=[pk])
    r = client.post(add, {"kind": "visit_out", "month": "13", "description": "x"})
    assert r.status_code == 400
    r = client.post(
        reverse("partners:plan_item_add", args=[pk]),
        {"kind": "visit_out", "partner": partners["埃尔福特"].pk, "month": "5", "description": "访问"},
    )
    assert r.status_code == 302
    assert "访问" in client.get(plan_url).content.decode()
    login(people["am_staff"])
    page = client.get(plan_url).content.decode()
    assert "访问" in page and 'data-testid="item-form"' not in page


def test_hk_macao_register_and_expense_standards_on_the_region_view(client, login, people, partners):
    login(people["eu_staff"])
    r = client.post(
        reverse("partners:profile_edit", args=["HK"]), {"hk_macao_organisations": "徐州某公司香港分公司"}
    )
    assert r.status_code == 403
    login(people["am_staff"])
    r = client.post(
        reverse("partners:profile_edit", args=["HK"]), {"hk_macao_organisations": "徐州某公司香港分公司"}
    )
    assert r.status_code == 302
    html = client.get(reverse("partners:country", args=["HK"])).content.decode()
    assert "徐州某公司香港分公司" in html and "美洲亚洲处" in html
    # outside Hong Kong and Macao there is no such register (the field is not offered, nothing is kept)
    assert "我市驻港澳机构和企业" not in client.get(reverse("partners:country", args=["JP"])).content.decode()
    with pytest.raises(ServiceError, match="只在香港、澳门"):
        services.profile_save(
            country=Country.objects.get(iso2="JP"),
            by=people["am_staff"],
            data={"hk_macao_organisations": "某机构"},
        )
    html = client.get(reverse("partners:country", args=["KR"])).content.decode()
    assert "出国开支标准" in html
