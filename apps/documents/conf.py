"""Settings of the documents app, read from ``settings.WAIBAN`` with defaults."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# (css family name, file) in order of preference; a licensed 仿宋/小标宋 can be put first.
DEFAULT_FONTS = (
    ("Noto Serif SC", FONT_DIR / "NotoSerifSC-Regular.ttf"),
    ("WenQuanYi Micro Hei", FONT_DIR / "wqy-microhei.ttc"),
)


def fonts() -> tuple[tuple[str, Path], ...]:
    configured = getattr(settings, "WAIBAN", {}).get("DOCUMENT_FONTS")
    if configured:
        return tuple((name, Path(path)) for name, path in configured) + DEFAULT_FONTS
    return DEFAULT_FONTS


def cache_seconds() -> int:
    return int(getattr(settings, "WAIBAN", {}).get("DOCUMENT_CACHE_SECONDS", 7 * 24 * 3600))
