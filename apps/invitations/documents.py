"""The letter's QR code and verification address (the documents themselves are print-layout pages:
``templates/invitations/letter.html`` and ``note.html``)."""

from __future__ import annotations

import io

import segno
from django.urls import reverse
from django.utils.safestring import mark_safe


def verify_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("invitations_public:verify_code", args=[code]))


def qr_svg(data: str) -> str:
    """An inline SVG of the QR code (no external service, no file)."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=3, border=2, xmldecl=False, svgns=True)
    return mark_safe(out.getvalue().decode())
