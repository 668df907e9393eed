"""The visibility check of ``visibility.js`` run over pages in Chromium, with everything else a user
would notice on the way: console errors, JavaScript errors, failed requests to the server, requests to
any other host (the offline principle).

A :class:`Session` is one browser context (one role). ``session.goto(url)`` opens a page and
``session.check(url)`` checks it at each viewport in turn (the page is resized, not loaded again: the
server renders the same HTML for every screen), recording every problem as a :class:`Problem`; pages
with problems are saved as screenshots under ``test-results/visibility/`` (``WAIBAN_SCREENSHOTS=all``
saves every page checked).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

SCRIPT = (Path(__file__).with_name("visibility.js")).read_text(encoding="utf-8")
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "visibility"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@dataclass
class Problem:
    role: str
    viewport: str
    url: str
    selector: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.role} {self.viewport}] {self.url} — {self.selector}: {self.reason}"


@dataclass
class Session:
    """One role: a browser context and its page, listening for errors."""

    browser: object
    base_url: str
    role: str
    problems: list[Problem] = field(default_factory=list)
    checked: list[tuple[str, str]] = field(default_factory=list)  # (page and state, viewport)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    elements: int = 0

    def __post_init__(self):
        self.viewport = "desktop"
        self.context = self.browser.new_context(locale="zh-CN", viewport=VIEWPORTS[self.viewport])
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self._noise: list[str] = []
        self._expected: dict[str, set] = {}  # url → the statuses its navigation is expected to answer
        host = urlparse(self.base_url).hostname
        self.page.on("pageerror", lambda exc: self._noise.append(f"JavaScript error: {exc}"))
        self.page.on("console", self._on_console)
        self.context.on("request", lambda req: self._on_request(req, host))
        self.context.on("response", self._on_response)
        self.context.on("requestfailed", self._on_failed)

    # --- listeners ---------------------------------------------------------------------------------
    def _on_console(self, msg):
        # A failed resource is also reported by the response listener, which knows what was expected.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self._noise.append(f"console error: {msg.text[:300]}")

    def _on_request(self, req, host):
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if urlparse(req.url).hostname != host:
            self._noise.append(f"request left the server (offline principle): {req.url[:200]}")

    def _on_response(self, resp):
        if resp.status < 400:
            return
        if resp.status in self._expected.get(resp.url, ()) and resp.request.is_navigation_request():
            return
        self._noise.append(f"{resp.request.method} {resp.url} answered {resp.status}")

    def _on_failed(self, req):
        failure = req.failure or ""
        if "ERR_ABORTED" in failure:  # a request cut short by the next navigation (e.g. polling)
            return
        self._noise.append(f"{req.method} {req.url} failed: {failure}")

    # --- checking ----------------------------------------------------------------------------------
    def add(self, url: str, selector: str, reason: str, viewport: str = "") -> None:
        self.problems.append(Problem(self.role, viewport or "any size", url, selector, reason))

    def fetch(self, url: str) -> tuple[int, bool]:
        """A plain GET of ``url`` (nothing is shown, redirects are not followed): its status and whether
        it is a page of the site (HTML with the main landmark)."""
        resp = self.context.request.get(self.base_url + url, max_redirects=0)
        try:
            html = "text/html" in resp.headers.get("content-type", "")
            return resp.status, html and b'id="main"' in resp.body()
        finally:
            resp.dispose()

    def goto(self, url: str, *, expect: set[int] | frozenset = frozenset({200})) -> int | None:
        """Open ``url`` (relative to the server); the status after redirects, or None if it failed."""
        full = self.base_url + url
        self._expected[full] = set(expect)
        try:
            resp = self.page.goto(full, wait_until="load")
        except Exception as exc:  # a download or a network error: not a page
            self.add(url, "page", f"could not be opened: {str(exc).splitlines()[0][:200]}")
            return None
        finally:
            self._expected.clear()
        status = resp.status if resp else None
        if status is not None and status not in expect:
            self.add(url, "page", f"answered {status}, expected {sorted(expect)}")
        return status

    def resize(self, viewport: str) -> None:
        if viewport != self.viewport:
            self.page.set_viewport_size(VIEWPORTS[viewport])
            self.viewport = viewport

    def check(self, url: str, *, state: str = "", viewports=tuple(VIEWPORTS)) -> None:
        """Run the visibility check on the page as it is now, at each of ``viewports`` (the one it has
        first); ``url`` and ``state`` label the report."""
        label = f"{url} ({state})" if state else url
        if not self.page.locator("main#main").count():
            self.add(label, "page", "is not a page of the site (no <main id=main>)")
        order = sorted(viewports, key=lambda v: v != self.viewport)
        for viewport in order:
            self.resize(viewport)
            result = self.page.evaluate(SCRIPT)
            self.elements += result["checked"]
            for p in result["problems"]:
                self.add(label, p["selector"], p["reason"], viewport)
            self.checked.append((label, viewport))
            failed = bool(result["problems"])
            if failed or os.environ.get("WAIBAN_SCREENSHOTS") == "all":
                self.screenshot(f"{label}-{viewport}", failed=failed)
        self.flush_noise(label)

    def flush_noise(self, label: str) -> None:
        for text in dict.fromkeys(self._noise):
            self.add(label, "page", text)
        self._noise.clear()

    def screenshot(self, label: str, *, failed: bool) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")[:80] or "home"
        path = RESULTS / f"{'FAIL-' if failed else ''}{self.role}-{slug}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        self.context.close()
