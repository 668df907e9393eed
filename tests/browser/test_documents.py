"""documents: the 批件 of an approved trip downloads from its page, in Chinese and in English, by clicking.
The demo's approved trips were approved through the engine, so their 批件 were issued at approval."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "test-results/documents"


@pytest.fixture
def demo(live_server, transactional_db):
    call_command("load_demo", verbosity=0)


def pdf_text(path) -> str:
    from apps.trips.tests.pdftext import pdf_text as read

    return " ".join(read(path).split())


def test_approval_document_downloads_in_both_languages(demo, live_server, page, tmp_path):
    from apps.accounts.models import User
    from apps.documents.models import Document

    clerk = User.objects.get(username="zhuanban")
    document = (
        Document.objects.filter(kind="trips.approval", case__applicant_unit=clerk.unit)
        .order_by("-version", "pk")
        .first()
    )
    assert document is not None, "the demo has an approved trip of the clerk's unit"
    assert re.fullmatch(r"徐外出〔\d{4}〕[1-9]\d*号", document.number)

    sign_in(page, live_server, "zhuanban")
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/trips/{document.case_id}/")
        expect(page.locator("[data-testid=pdf-link]")).to_be_visible()
        expect(page.locator("[data-testid=pdf-link-en]")).to_have_text("英文版（PDF）")
        page.screenshot(path=f"{SHOTS}/trip-detail-{width}.png")

    page.set_viewport_size({"width": 1366, "height": 768})
    with page.expect_download() as info:
        page.locator("[data-testid=pdf-link]").click()
    info.value.save_as(tmp_path / "zh.pdf")
    text = pdf_text(tmp_path / "zh.pdf").replace(" ", "")
    assert document.number in text and "签发人" in text

    with page.expect_download() as info:
        page.locator("[data-testid=pdf-link-en]").click()
    info.value.save_as(tmp_path / "en.pdf")
    text_en = pdf_text(tmp_path / "en.pdf")
    assert document.number_en in text_en and "Signed by" in text_en
    # Chinese only in a higher authority's document number, quoted as it was issued
    text_en = re.sub(r"[\u3400-\u9fff]+〔\d{4}〕\d+\s*号", "", text_en)
    assert not re.search(r"[\u3400-\u9fff]", text_en), re.findall(r".{0,30}[\u3400-\u9fff]+.{0,30}", text_en)
