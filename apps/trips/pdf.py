"""The approval document (批件) as a PDF, rendered by WeasyPrint with an embedded CJK font.

The font (WenQuanYi Micro Hei, Apache-2.0, see ``fonts/LICENSE-wqy-microhei.txt``) ships with the app so
that the PDF looks the same on every server; WeasyPrint embeds only the glyphs used.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.errors import ServiceError

FONT = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"


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
    content = weasyprint.HTML(string=html, base_url=str(FONT.parent)).write_pdf()
    record(action="trips.approval_pdf", target=trip, actor=by, extra={"reference": trip.reference or ""})
    return content
