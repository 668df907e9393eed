"""Helpers for browser tests that need more than one browser context in a test."""

from contextlib import contextmanager
from urllib.parse import urlparse


@contextmanager
def new_page(browser, locale="zh-CN"):
    """A page in a fresh context (own cookies); fails if a request leaves 127.0.0.1 or JS errors occur."""
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    external: list[str] = []
    errors: list[str] = []

    def on_request(req):
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if urlparse(req.url).hostname not in ("127.0.0.1", "localhost"):
            external.append(req.url)

    context.on("request", on_request)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        context.close()
    assert not external, f"requests left 127.0.0.1: {external[:5]}"
    assert not errors, f"JavaScript errors: {errors[:5]}"


def seen(locator) -> bool:
    """What a person sees: the element has a size, lies wholly inside the viewport, and its centre is not
    covered by another element."""
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " if (!(r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0"
        " && r.bottom <= innerHeight && r.right <= innerWidth)) return false;"
        " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        " return !!hit && (hit === el || el.contains(hit)); }"
    )
