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
