"""The approval document (批件) as a PDF, rendered by WeasyPrint with an embedded CJK font.

The font (WenQuanYi Micro Hei, Apache-2.0, see ``fonts/LICENSE-wqy-microhei.txt``) ships with the app so
that the PDF looks the same on every server; WeasyPrint embeds only the glyphs used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.errors import ServiceError

FONT = Path(__file__).resolve().parents[1] / "documents" / "fonts" / "wqy-microhei.ttc"
PDF_CACHE_SECONDS = 24 * 3600


def _renderer_id() -> str:
    """What else decides the bytes besides the HTML: WeasyPrint's version and the font file."""
    from importlib.metadata import version

    stat = FONT.stat()
    return f"weasyprint {version('weasyprint')} font {stat.st_size} {int(stat.st_mtime)}"


PDF_RENDERER = _renderer_id()


def approval_context(trip) -> dict:
    from apps.org.models import Office

    members = list(trip.members.select_related("person", "person__unit").order_by("order", "id"))
    return {
        "trip": trip,
        "members": members,
        "legs": list(trip.legs.select_related("country")),
        "office": Office.objects.first(),
        "font_url": FONT.as_uri(),
        "generated_at": timezone.localtime(),
        "decided_on": timezone.localtime(trip.decided_at).date() if trip.decided_at else None,
    }


def approval_pdf(*, trip, by) -> bytes:
    if trip.state not in ("approved", "closed") or trip.decided_at is None:
        raise ServiceError(_("批准后才能生成批件。"))
    import weasyprint

    html = render_to_string("trips/pdf.html", approval_context(trip))
    # WeasyPrint spends seconds per document re-reading and subsetting the CJK font (fontTools). The same
    # HTML gives the same PDF, so the bytes are kept by the HTML's digest: any change to the trip, its
    # members, legs, the office or the language changes the HTML and so renders afresh.
    key = "trips:approval-pdf:" + hashlib.sha256(f"{PDF_RENDERER}\n{html}".encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = weasyprint.HTML(string=html, base_url=str(FONT.parent)).write_pdf()
        cache.set(key, content, PDF_CACHE_SECONDS)
    record(
        action=AuditAction.TRIPS_APPROVAL_PDF,
        target=trip,
        actor=by,
        extra={"reference": trip.reference or ""},
    )
    return content
