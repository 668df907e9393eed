import io
import re
import threading
import time

import pytest
from django.db import connection, transaction

from apps.audit.models import AuditEvent
from apps.documents import selectors, services
from apps.documents.models import Document

pytestmark = pytest.mark.django_db


def pdf_fonts_and_text(content: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    streams = b"".join(page.get_contents().get_data() for page in reader.pages)
    return text, fonts, streams


def test_number_form():
    assert services.format_number("徐外出", 2026, 90) == "徐外出〔2026〕90号"
    assert services.format_number("徐外出", 2026, 7) == "徐外出〔2026〕7号"
    assert services.format_number_en("徐外出", 2026, 90) == "Xu Wai Chu [2026] No. 90"


def test_sequence_per_prefix_and_versions(make_case, issue):
    a, b, c = make_case(), make_case(), make_case()
    first, second = issue(a), issue(b)
    other = issue(c, prefix="徐外来")
    y = first.year
    assert (first.number, second.number, other.number) == (
        f"徐外出〔{y}〕1号",
        f"徐外出〔{y}〕2号",
        f"徐外来〔{y}〕1号",
    )
    again = issue(a)  # re-issue: version 2, same number, the first version kept as it was
    assert (again.number, again.version) == (first.number, 2)
    first.refresh_from_db()
    assert first.version == 1 and Document.objects.filter(case=a).count() == 2
    fresh = issue(a, new_number=True)
    assert (fresh.seq, fresh.version) == (3, 3)
    assert AuditEvent.objects.filter(action="documents.issue").count() == 5


def test_no_gaps_when_cases_are_withdrawn_or_decisions_roll_back(make_case, issue):
    cases = [make_case(f"事项{i}") for i in range(5)]
    # Cases 1 and 3 are withdrawn before approval: no number is spent on them.
    numbers = [issue(cases[0]).seq]
    # An approval whose transaction rolls back (e.g. a later check refuses) gives its number back.
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(cases[2])
        raise RuntimeError("refused")
    numbers += [issue(cases[2]).seq, issue(cases[4]).seq]
    assert numbers == [1, 2, 3]


def test_pdf_number_red_header_fonts_and_english(make_case, issue, settings):
    document = issue(make_case())
    html = services.render_html(document, language="zh-hans")
    assert 'class="banner"' in html and "color: #e60012" in html and "red-rule" in html
    assert "徐州市人民政府外事办公室文件" in html and "签发人：王立平" in html

    content = services.render_pdf(document, language="zh-hans")
    text, fonts, streams = pdf_fonts_and_text(content)
    flat = re.sub(r"\s+", "", text)
    assert document.number in flat, flat[:300]
    assert re.search(r"徐外出〔\d{4}〕1号", flat)
    assert "抄送：市财政局" in flat and "印发" in flat and "签发人：王立平" in flat
    assert fonts and all(fonts.values()), fonts  # every font embedded
    assert any("Noto-Serif-SC" in name for name in fonts), fonts
    # The banner is drawn in red (#e60012 = 0.902 0 0.071 in the PDF's fill colour operator).
    assert re.search(rb"0\.90\d* 0 0\.07\d* rg", streams), "no red fill in the page"

    english = services.render_pdf(document, language="en")
    text_en, _fonts, _ = pdf_fonts_and_text(english)
    assert "Xu Wai Chu [" in text_en and "Foreign Affairs Office" in text_en
    assert "Signed by" in text_en and "Wang Liping" in text_en and "Printed and issued on" in text_en
    assert not re.search(r"[\u4e00-\u9fff]", text_en), "Chinese left in the English document"

    # Cached per version: the second download is quick, and the stored file survives a cache clear.
    from django.core.cache import cache

    start = time.perf_counter()
    again = services.render_pdf(document, language="zh-hans")
    cached_ms = (time.perf_counter() - start) * 1000
    assert again == content and cached_ms < 300
    cache.clear()
    start = time.perf_counter()
    assert services.render_pdf(document, language="zh-hans") == content
    assert (time.perf_counter() - start) * 1000 < 300
    print(f"cached render_pdf: {cached_ms:.1f} ms")


def test_download_is_scoped_and_audited(make_case, issue, login, clerk, other_clerk, monkeypatch):
    document = issue(make_case())
    monkeypatch.setattr(services, "render_pdf", lambda document, language=None: b"%PDF-1.7 stub")
    response = login(clerk).get(f"/documents/{document.pk}/pdf/?lang=en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "-en.pdf" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="documents.download")
    assert event.extra["number"] == document.number and event.extra["language"] == "en"
    assert login(other_clerk).get(f"/documents/{document.pk}/pdf/").status_code == 404
    assert selectors.latest_document(user=clerk, case=document.case, kind="test.approval") == document
    assert selectors.latest_document(user=other_clerk, case=document.case, kind="test.approval") is None


def test_audit_actions_are_labelled():
    from apps.audit.actions import registry

    assert str(registry.label("documents.download")) == "下载公文"
    assert str(registry.label("trips.approval_pdf"))  # old rows stay labelled


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_on_postgres(postgres_only, make_case, leader):
    cases = [make_case(f"并发{i}") for i in range(12)]
    errors, barrier = [], threading.Barrier(6)

    def worker(chunk):
        try:
            barrier.wait()
            for case in chunk:
                with transaction.atomic():
                    services.issue(
                        kind="test.approval",
                        target=case,
                        number_prefix="徐外并",
                        context={},
                        by=leader,
                        title="并发",
                        template="documents/example.html",
                    )
        except Exception as err:
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(cases[i::6],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seqs = sorted(Document.objects.filter(prefix="徐外并").values_list("seq", flat=True))
    assert seqs == list(range(1, 13))
