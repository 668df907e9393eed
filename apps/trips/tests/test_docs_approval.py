"""docs: the 批件 is issued through apps.documents at approval (GB/T 9704-2012 layout, numbered then)."""

import re

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.documents.models import Document
from apps.trips import pdf

from .pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_number_assigned_at_approval_without_gaps(make_trip, people, fire):
    withdrawn = fire(make_trip(), "submit", people["clerk"])
    assert withdrawn.reference  # the case's own reference is given at submission …
    fire(withdrawn, "withdraw", people["clerk"], comment="行程取消")
    assert not Document.objects.exists()  # … but no document number is spent on it
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    trip = fire(trip, "approve", people["leader"])
    document = Document.objects.get(case_id=trip.pk, kind=pdf.KIND)
    year = document.year
    assert (document.number, document.version) == (f"徐外出〔{year}〕1号", 1)
    assert document.signed_by == people["leader"].full_name
    assert AuditEvent.objects.filter(action="documents.issue").count() == 1


def test_approval_document_contents_in_chinese_and_english(approved_trip, people, login):
    document = Document.objects.get(case_id=approved_trip.pk, kind=pdf.KIND)
    ctx = document.context
    leader = people["leader"].full_name
    # the office leader issues (签发人); the approver named is the final approver on record
    assert ctx["signer"]["zh"] == leader
    assert ctx["approver"]["zh"] == (approved_trip.final_approver_name or leader)
    assert {m["name"]["zh"] for m in ctx["members"]} == {"张伟", "欧阳娜"}
    assert all(m["sex"]["zh"] in ("男", "女") and m["date_of_birth"] for m in ctx["members"])

    c = login(people["clerk"])
    zh = c.get(reverse("documents:download", args=[document.pk]))
    assert zh.status_code == 200 and zh["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(zh.content))
    assert document.number in text and approved_trip.reference in text
    expected_texts = (
        "张伟",
        "欧阳娜",
        "徐州市教育局",
        "签发人：" + leader,
        "审批人：" + ctx["approver"]["zh"],
        "出生日期",
    )
    for expected in (*expected_texts, "证照类型"):
        assert expected in text, expected
    assert "经费来源" in text and "合计" in text

    en = c.get(reverse("documents:download", args=[document.pk]) + "?lang=en")
    text_en = " ".join(pdf_text(en.content).split())
    assert document.number_en in text_en
    assert "Date of birth" in text_en and "Passport" in text_en and "Funding source" in text_en
    assert "ZHANG Wei" in text_en and "Approved by" in text_en
    # Chinese only in the higher authority's document number, which is quoted as it was issued
    other_number = approved_trip.external_approval_number
    if other_number:
        text_en = text_en.replace(" ".join(other_number.replace("号", " 号").split()), "").replace(
            other_number, ""
        )
    assert not re.search(r"[\u3400-\u9fff]", text_en), re.findall(r".{0,20}[\u3400-\u9fff]+.{0,20}", text_en)
    assert AuditEvent.objects.filter(action="documents.download").count() == 2


def test_detail_page_links_both_versions(approved_trip, people, login):
    document = Document.objects.get(case_id=approved_trip.pk, kind=pdf.KIND)
    body = login(people["clerk"]).get(reverse("trips:detail", args=[approved_trip.pk])).content.decode()
    url = reverse("documents:download", args=[document.pk])
    assert f'href="{url}"' in body and f'href="{url}?lang=en"' in body


def test_change_after_approval_reissues_version_2_with_the_same_number(approved_trip, people, fire):
    first = Document.objects.get(case_id=approved_trip.pk, kind=pdf.KIND)
    trip = fire(approved_trip, "request_change", people["clerk"], comment="增加一名团员")
    trip = fire(trip, "resubmit", people["clerk"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    trip = fire(trip, "approve", people["leader"])
    versions = list(Document.objects.filter(case_id=trip.pk, kind=pdf.KIND).order_by("version"))
    assert [(d.number, d.version) for d in versions] == [(first.number, 1), (first.number, 2)]
    assert Document.objects.filter(kind=pdf.KIND).values("seq").distinct().count() == 1


def test_the_trips_approval_pdf_is_in_the_official_layout(approved_trip, people, login):
    """The trip's own 批件 (not only the documents app's sample): red 版头 and red rule, the number
    issued at approval in the form 徐外出〔2026〕N号, 签发人, 版记, and every font embedded (serif CJK)."""
    from apps.documents import services as doc_services
    from apps.documents.tests.test_documents import pdf_fonts_and_text

    document = Document.objects.get(case_id=approved_trip.pk, kind=pdf.KIND)
    html = doc_services.render_html(document, language="zh-hans")
    assert 'class="banner"' in html and "color: #e60012" in html and "red-rule" in html
    assert re.fullmatch(r"徐外出〔20\d\d〕[1-9]\d*号", document.number), document.number
    content = login(people["clerk"]).get(reverse("documents:download", args=[document.pk])).content
    text, fonts, streams = pdf_fonts_and_text(content)
    flat = re.sub(r"\s+", "", text)
    assert "徐州市人民政府外事办公室" in flat  # the issuing body in the 版头
    assert document.number in flat and "签发人：" in flat
    assert "印发" in flat  # 版记: the printing office and date
    assert fonts and all(fonts.values()), fonts  # every font embedded
    assert any("Noto-Serif-SC" in name for name in fonts), fonts
    assert re.search(rb"0\.90\d* 0 0\.07\d* rg", streams), "the 版头 is not drawn in red"


def test_a_cached_download_reads_the_trip_once_and_is_audited_on_it(approved_trip, people, login):
    """The stored 批件 at the trip's address: the download is audited on the trip (its history lists it),
    and the trip is read once, by the page's own scoped read (the document's case is not read again)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people["clerk"])
    url = reverse("trips:pdf", args=[approved_trip.pk])
    first = client.get(url)  # renders and keeps the file
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    # reads of a case's row (its columns, not the scope's id lists): the trip's, and no other
    rows = [q["sql"] for q in ctx.captured_queries if '"casework_case"."model_label"' in q["sql"]]
    case_reads = [sql for sql in rows if 'FROM "trips_trip"' not in sql]
    trip_reads = [sql for sql in rows if 'FROM "trips_trip"' in sql]
    assert case_reads == [] and len(trip_reads) == 1, (case_reads, trip_reads)
    event = AuditEvent.objects.filter(action="documents.download").order_by("-id").first()
    assert event is not None and event.target_id == str(approved_trip.pk)
    assert event.target_type == "trips.trip", event.target_type
