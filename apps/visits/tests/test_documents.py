"""Approval issues the programme with its seating plans as an official document (apps.documents):
numbered, in Chinese and English, a new version on every re-issue; the PDF names the events and people."""

import pytest
from django.urls import reverse

from apps.documents.models import Document
from apps.trips.tests.pdftext import pdf_text
from apps.visits import services

from .conftest import add_people
from .test_flow import event_data, walk_to_approval

pytestmark = pytest.mark.django_db


def squeezed(data):
    return "".join(pdf_text(data).split())


def test_approval_issues_the_programme_and_reissue_makes_a_new_version(make_visit, people, login, office):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    services.event_save(
        visit=visit,
        by=people["clerk"],
        data=event_data(visit, kind="banquet", title="欢迎宴会", title_en="Welcome banquet"),
        participants=list(p.values()),
    )
    visit = walk_to_approval(visit, people)
    doc = Document.objects.get(case=visit.case_ptr, kind="visit_programme")
    assert doc.version == 1 and doc.number.startswith("徐外接〔")
    c = login(people["clerk"])
    body = c.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert doc.number in body
    r = c.get(reverse("documents:download", args=[doc.pk]))
    assert r.status_code == 200
    text = squeezed(b"".join(r.streaming_content) if getattr(r, "streaming", False) else r.content)
    assert "欢迎宴会" in text and "马丁" in text and "座次图" in text
    r = c.get(reverse("documents:download", args=[doc.pk]) + "?lang=en")
    text = squeezed(b"".join(r.streaming_content) if getattr(r, "streaming", False) else r.content)
    assert "Welcomebanquet" in text and "JeanMartin" in text
    # the programme changes: issue again, same number, version 2
    r = c.post(reverse("visits:programme_issue", args=[visit.pk]))
    assert r.status_code == 302
    again = Document.objects.filter(case=visit.case_ptr, kind="visit_programme").order_by("-version").first()
    assert again.version == 2 and again.number == doc.number


def test_a_draft_cannot_be_issued(make_visit, people, login):
    visit = make_visit()
    c = login(people["clerk"])
    r = c.post(reverse("visits:programme_issue", args=[visit.pk]), follow=True)
    assert "来访获批后才能印发日程" in r.content.decode()
    assert not Document.objects.filter(case=visit.case_ptr).exists()
