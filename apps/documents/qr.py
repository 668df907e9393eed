"""QR codes for documents (segno, offline): a verification address as an inline SVG data URI."""

from __future__ import annotations

import segno


def qr_data_uri(text: str, *, scale: int = 3) -> str:
    """``data:image/svg+xml`` of a QR code for ``text`` (error correction M), for ``<img src=…>``."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=1)
