"""Honorary citizenship: the years condition at its boundary (with the exception), every review body's
opinion before the city, the certificate with the mayor's name, the public list by consent; API."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from apps.casework.models import CaseState
from apps.core.errors import ServiceError
from apps.documents.models import Document
from apps.documents.services import render_pdf
from apps.honours import conf, selectors, services
from apps.honours.models import Nomination
from apps.org.models import Office
from apps.trips.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def _years_ago(years, days=0):
    today = dt.date.today()
    try:
        d = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        d = today.replace(year=today.year - years, day=28)
    return d + dt.timedelta(days=days)


@pytest.fixture
def nominate(people, unit, countries):
    def make(since, **kw):
        return services.nomination_create(
            by=people["clerk"],
            unit=unit,
            data={
                "nominee_name": "Hans MUSTERMANN",
                "nationality": countries["DE"],
                "employer": "某中外合资企业",
                "supervising_body": unit.name,
                "working_since": since,
                "contributions": "促进中德经贸合作。",
                **kw,
            },
        )

    return make


def fire(n, name, by, **kw):
    return services.nomination_transition(nomination=Nomination.objects.get(pk=n.pk), name=name, by=by, **kw)


def test_two_years_in_the_city_at_the_boundary(nominate, people):
    assert services.conditions(nominate(_years_ago(2)))["met"]  # exactly two years today
    short = nominate(_years_ago(2, days=1))  # two years tomorrow
    assert not services.conditions(short)["met"]
    with pytest.raises(ServiceError, match="例外理由"):
        fire(short, "submit", people["clerk"])
    services.nomination_update(
        nomination=Nomination.objects.get(pk=short.pk),
        by=people["clerk"],
        data={"exception_reason": "重大投资项目落地，贡献突出"},
    )
    fire(short, "submit", people["clerk"])
    assert Nomination.objects.get(pk=short.pk).state == CaseState.SUBMITTED


def test_every_body_gives_its_opinion_then_city_approves(nominate, people, settings):
    staff, clerk = people["staff"], people["clerk"]
    n = nominate(_years_ago(5), consent_publicity=True)
    fire(n, "submit", clerk)
    fire(n, "claim", staff)
    bodies = conf.REVIEW_BODIES.value
    for body in bodies[:-1]:
        services.opinion_add(
            nomination=Nomination.objects.get(pk=n.pk),
            by=staff,
            body=body,
            member_name="成员",
            agrees=True,
            opinion="同意",
        )
    with pytest.raises(ServiceError, match=bodies[-1]):
        fire(n, "forward_to_city", staff)
    with pytest.raises(ServiceError, match="已登记"):
        services.opinion_add(
            nomination=Nomination.objects.get(pk=n.pk),
            by=staff,
            body=bodies[0],
            member_name="x",
            agrees=True,
            opinion="x",
        )
    services.opinion_add(
        nomination=Nomination.objects.get(pk=n.pk),
        by=staff,
        body=bodies[-1],
        member_name="成员",
        agrees=True,
        opinion="同意",
    )
    fire(n, "forward_to_city", staff)
    with pytest.raises(ServiceError, match="批准文号"):
        fire(n, "record_city_approval", staff)
    Office.objects.update(mayor_name="某某某")  # configured data, not a real person's name
    fire(n, "record_city_approval", staff, reference="徐政复〔2026〕8号")
    n = Nomination.objects.get(pk=n.pk)
    assert n.state == CaseState.APPROVED and n.certificate_number.endswith("-001")
    # numbered at the decision: the approval (批复) and the certificate, both through apps.documents
    approval = Document.objects.get(case_id=n.pk, kind="honours.approval")
    assert approval.number.startswith("徐外荣〔") and approval.number.endswith("号")
    text = pdf_text(render_pdf(approval, language="zh-hans"))
    assert "荣誉市民" in text and "徐政复〔2026〕8号" in text and n.certificate_number in text
    cert = Document.objects.get(case_id=n.pk, kind="honours.certificate")
    text = pdf_text(render_pdf(cert, language="zh-hans"))
    assert "市长 某某某" in text and "Hans MUSTERMANN" in text and "未配置" not in text
    assert list(selectors.public_honorary_citizens()) == [n]
    fire(n, "record_ceremony", staff, ceremony_on=dt.date.today())
    assert Nomination.objects.get(pk=n.pk).state == CaseState.CLOSED


def test_no_consent_no_public_list_and_scope(nominate, people, client, login):
    n = nominate(_years_ago(5))
    Nomination.objects.filter(pk=n.pk).update(state=CaseState.APPROVED, certificate_number="2026-009")
    assert not selectors.public_honorary_citizens().exists()
    assert "Hans MUSTERMANN" not in client.get(reverse("honours:public_list")).content.decode()
    with pytest.raises(Http404):
        selectors.nomination_get(user=people["other_clerk"], pk=n.pk)
    c = login(people["clerk"])
    r = c.get(reverse("honours:certificate", args=[n.pk]), follow=True)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "市长姓名未配置" in pdf_text(r.content)  # an office setting nobody filled in
    en = c.get(reverse("honours:certificate", args=[n.pk]) + "?lang=en", follow=True)
    assert "Honorary Citizen" in pdf_text(en.content)


def test_pages_and_api(nominate, people, login, client):
    c = login(people["clerk"])
    assert c.get(reverse("honours:new")).status_code == 200
    r = c.post(
        "/api/honours/",
        {
            "nominee_name": "Marie DUPONT",
            "nationality": "FR",
            "employer": "某企业",
            "supervising_body": "徐州市教育局",
            "working_since": "2020-01-01",
            "contributions": "贡献",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["conditions_met"]
    assert (
        c.post(f"/api/honours/{pk}/transitions/submit", {}, content_type="application/json").status_code
        == 200
    )
    s = login(people["staff"], c=type(client)())
    s.post(f"/api/honours/{pk}/transitions/claim", {}, content_type="application/json")
    r = s.post(
        f"/api/honours/{pk}/opinions",
        {"body": "不存在的单位", "member_name": "x", "agrees": True, "opinion": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = s.get(reverse("honours:detail", args=[pk]))
    assert r.status_code == 200 and "评审小组意见" in r.content.decode()


def test_export_and_statistics_by_year_and_country(nominate, people, login, countries):
    from apps.honours.exports import rows

    n = nominate(_years_ago(5))
    nominate(_years_ago(5), nationality=countries["FR"], nominee_name="Marie DUPONT")
    assert sorted(r[1] for r in rows(people["clerk"], {})) == ["Hans MUSTERMANN", "Marie DUPONT"]
    assert [r[1] for r in rows(people["clerk"], {"q": "MUSTER"})] == ["Hans MUSTERMANN"]
    assert list(rows(people["other_clerk"], {})) == []  # another unit's nominations stay out
    c = login(people["clerk"])
    page = c.get(reverse("honours:list")).content.decode()
    assert 'data-testid="honour-country-stats"' in page and "德国" in page and "法国" in page
    assert f"<td>{n.created_at.year}</td>" in page
