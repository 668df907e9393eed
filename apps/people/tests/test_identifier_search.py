"""Issue 14 item 3: an ID or passport number searched for never travels in a URL (where access logs, browser
history and Referer headers keep it): the filter form posts, the list pages with a sealed token (encrypted
with a key outside the database, bound to the user), the API takes it in a POST body, exports store it sealed
and their audit rows and the "my exports" page show it masked."""

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.exports.models import ExportJob
from apps.passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db

ID = "320302198001011235"


@pytest.fixture
def person(person_factory, unit_a):
    return person_factory(unit=unit_a, full_name="甲单位人", id_number=ID)


@pytest.fixture
def crowd(person_factory, unit_a):
    return [person_factory(unit=unit_a, full_name=f"同单位{n}") for n in range(3)]


def _no_id(text: str, number: str = ID):
    assert number not in text and number.lower() not in text


def test_the_filter_form_posts_and_the_list_pages_with_a_sealed_token(login, clerk_a, person, crowd):
    c = login(clerk_a)
    page = c.get(reverse("people:list")).content.decode()
    assert re.search(r'<form method="post" class="wb-filters', page) and "csrfmiddlewaretoken" in page
    r = c.post(reverse("people:list"), {"q": f" {ID} ", "unit": ""})
    assert r.status_code == 303
    location = r["Location"]
    _no_id(location)
    assert location.startswith(reverse("people:list") + "?q=~")  # "~" + the sealed token
    r = c.get(location)
    html = r.content.decode()
    assert r.status_code == 200 and "甲单位人" in html and "同单位0" not in html
    assert r.headers["Cache-Control"] == "no-store"
    # a name search stays a plain GET
    r = c.post(reverse("people:list"), {"q": "同单位"})
    assert r["Location"] == reverse("people:list") + "?q=%E5%90%8C%E5%8D%95%E4%BD%8D"


def test_paging_keeps_the_search_without_the_number(login, custodian, person, settings):
    from apps.passports.models import Kind

    settings.WAIBAN = {**settings.WAIBAN, "LIST_PAGE_SIZE": 1}
    # the same number on two kinds of document: two rows, two pages
    PassportFactory(holder=person, number="E12345678", kind=Kind.OFFICIAL)
    PassportFactory(holder=person, number="E12345678", kind=Kind.DIPLOMATIC)
    c = login(custodian)
    location = c.post(reverse("passports:register"), {"number": "E12345678"})["Location"]
    html = c.get(location).content.decode()
    links = re.findall(r'href="([^"]*page=2[^"]*)"', html)
    assert links, "a link to the second page"
    for href in links:
        _no_id(href, "E12345678")
        assert "number=~" in href
    second = c.get(reverse("passports:register") + links[0].replace("&amp;", "&")).content.decode()
    assert "甲单位人" in second and "第 2/2 页" in second


def test_an_old_link_with_the_number_is_sealed_at_once(login, clerk_a, person):
    c = login(clerk_a)
    r = c.get(reverse("people:list"), {"q": ID})
    assert r.status_code == 303
    _no_id(r["Location"])
    assert "甲单位人" in c.get(r["Location"]).content.decode()


def test_a_token_is_of_no_use_to_someone_else(login, clerk_a, make_user, unit_a, person):
    c = login(clerk_a)
    location = c.post(reverse("people:list"), {"q": ID})["Location"]
    colleague = make_user("clerk_a2", roles=["unit_clerk"], unit=unit_a)
    other = login(colleague, Client())
    html = other.get(location).content.decode()
    assert "甲单位人" not in html and "查询已过期或不属于您" in html
    _no_id(html)


def test_the_api_refuses_a_number_in_the_url_and_searches_by_post(login, clerk_a, person):
    c = login(clerk_a)
    r = c.get("/api/people/", {"q": ID})
    assert r.status_code == 422 and "/api/people/search" in r.json()["detail"][0]["msg"]
    assert c.get("/api/people/", {"q": "甲单位"}).status_code == 200
    r = c.post("/api/people/search", {"q": ID}, content_type="application/json")
    assert r.status_code == 200 and [p["full_name"] for p in r.json()] == ["甲单位人"]


def test_passport_numbers_are_searched_the_same_way(login, custodian, person):
    PassportFactory(holder=person, number="E12345678")
    c = login(custodian)
    r = c.post(reverse("passports:register"), {"number": "e12345678"})
    assert r.status_code == 303
    _no_id(r["Location"], "E12345678")
    assert "甲单位人" in c.get(r["Location"]).content.decode()
    assert c.get("/api/passports/", {"number": "E12345678"}).status_code == 422
    r = c.post("/api/passports/search", {"number": "E12345678"}, content_type="application/json")
    assert r.status_code == 200 and len(r.json()) == 1


def test_export_of_an_id_search_stores_it_sealed_and_shows_it_masked(login, clerk_a, person, crowd):
    c = login(clerk_a)
    location = c.post(reverse("people:list"), {"q": ID})["Location"]
    token = re.search(r"q=([^&]+)", location).group(1)
    from urllib.parse import unquote

    r = c.post(reverse("exports:start"), {"kind": "people.list", "q": unquote(token)})
    assert r.status_code == 302
    job = ExportJob.objects.get()
    _no_id(json.dumps(job.params))
    assert job.params_display == {"q": "320***********1235"}
    download = c.get(r["Location"])
    assert download.headers["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert [row[0] for row in rows[1:]] == ["甲单位人"]
    mine = c.get(reverse("exports:list")).content.decode()
    assert "320***********1235" in mine
    _no_id(mine)
    for event in AuditEvent.objects.all():
        _no_id(json.dumps(event.extra, ensure_ascii=False) + json.dumps(event.changes, ensure_ascii=False))
    assert AuditEvent.objects.get(action="exports.start").extra["filters"] == {"q": "320***********1235"}


def test_export_started_with_a_number_in_clear_stores_it_sealed(clerk_a, person):
    from apps.exports import services as exports

    job = exports.export_start(user=clerk_a, kind="people.list", params={"q": ID})
    assert job.row_count == 1
    _no_id(json.dumps(job.params))
    _no_id(json.dumps(AuditEvent.objects.get(action="exports.start").extra))
