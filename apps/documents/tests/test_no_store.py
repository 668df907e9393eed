"""Issue 14 item 3: a generated PDF (names, posts, trip details) is never kept by a browser or proxy cache."""

import pytest

from apps.documents import services

pytestmark = pytest.mark.django_db


def test_pdf_download_is_never_cached(make_case, issue, login, clerk, monkeypatch):
    document = issue(make_case())
    monkeypatch.setattr(services, "render_pdf", lambda document, language=None: b"%PDF-1.7 stub")
    for lang in ("", "?lang=en"):
        response = login(clerk).get(f"/documents/{document.pk}/pdf/{lang}")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
