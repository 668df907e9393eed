"""The Content-Security-Policy in Chromium (security review, finding 8): every page a clerk, a reviewer,
a leader and an administrator (and the public) may open loads without one violation of the policy, and
what the pages do with scripts still works under it: adding a member row to the trip form (HTMX) with its
searchable person picker (Tom Select) that opens and filters, the partners map and charts (ECharts on
canvas, with their tooltips), the print buttons, the confirmations, the progress bars' widths.

A violation is caught twice: by a ``securitypolicyviolation`` listener installed before any page script
runs, and by Chromium's console message ("Refused to …", "… violates the following Content Security
Policy directive …"). Screenshots of the interactive states are in ``test-results/csp/``
(``WAIBAN_SCREENSHOTS=all``: of every page). The server side (the header on every answer, no inline code
in any template) is ``apps/core/tests/test_csp.py``.

The world and the live server are those of the visibility check (``test_visibility.site``).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse

from .test_visibility import NOT_PAGES, POST_ONLY, PUBLIC, sign_in, site  # noqa: F401 (site: a fixture)
from .visibility import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("visibility")]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "csp"
# clerk, reviewer, leader, administrators, and the public
ROLES = ["unit_clerk", "division_staff", "office_leader", "sysadmin", "secadmin", PUBLIC]

# Installed in every page before its own scripts: records each violation, and stands in for the print
# dialog (a headless browser has none) so that a print button can be seen to work.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.effectiveDirective + " refused " + (e.blockedURI || "inline") + " at " +
    (e.sourceFile || "?") + ":" + e.lineNumber + (e.sample ? " «" + e.sample + "»" : ""));
}, true);
window.__printed = 0;
window.print = function () { window.__printed += 1; };
"""

# After a page loaded: what it tells about itself.
STATE = """() => ({
  csp: window.__csp || [],
  // data-width is applied through the CSSOM (waiban.js): a bar without its width shows nothing
  widths: Array.from(document.querySelectorAll("[data-width]"))
    .filter((el) => el.style.width !== el.getAttribute("data-width"))
    .map((el) => el.outerHTML.slice(0, 120)),
  // a <style> only with the request's nonce (FullCalendar's, on the leaders' calendar)
  styles: Array.from(document.querySelectorAll("style")).filter((s) => !s.nonce).length,
  print: !!document.querySelector("[data-print]"),
  confirm: !!document.querySelector("button[data-confirm], a[data-confirm]"),
})"""


class CspSession(Session):
    """A role's browser context that records policy violations (listener and console) page by page."""

    def __post_init__(self):
        super().__post_init__()
        self.context.add_init_script(WATCH)
        self.pages_seen = 0
        self.print_pages: list[str] = []
        self.confirm_pages: list[str] = []

    def _on_console(self, msg):
        if "Content Security Policy" in msg.text or msg.text.startswith("Refused to"):
            self._noise.append(f"console: {msg.text[:300]}")

    def _on_response(self, resp):  # statuses are the visibility check's business
        return

    def _on_failed(self, req):
        return

    def inspect(self, label: str) -> dict:
        state = self.page.evaluate(STATE)
        for v in dict.fromkeys(state["csp"]):
            self.add(label, "page", f"violation: {v}")
        for el in state["widths"]:
            self.add(label, el, "data-width not applied")
        if state["styles"]:
            self.add(label, "page", f"{state['styles']} <style> elements in the page")
        self.flush_noise(label)
        return state

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.role}-{name}.png"), full_page=True)


def check_the_watch(session: CspSession) -> None:
    """The policy is in force and the watch sees what it refuses: an inline style and an inline script
    put into the page are refused and reported (so a crawl without reports means something)."""
    page = session.page
    seen = page.evaluate(
        """async () => {
          document.body.insertAdjacentHTML("beforeend", '<div id="csp-probe" style="color: red"></div>');
          const s = document.createElement("script");
          s.textContent = "window.__inlineRan = true";
          document.body.appendChild(s);
          await new Promise((r) => setTimeout(r, 100));
          const probe = document.getElementById("csp-probe");
          const styled = probe.style.color === "red";
          const seen = { ran: !!window.__inlineRan, styled: styled, csp: window.__csp.slice() };
          probe.remove(); s.remove(); window.__csp.length = 0;
          return seen;
        }"""
    )
    directives = " ".join(seen["csp"])
    assert not seen["ran"] and not seen["styled"], f"the policy let inline code through: {seen}"
    assert "style-src-attr" in directives and "script-src-elem" in directives, seen
    page.wait_for_timeout(100)
    session._noise.clear()  # the console reported the probe too


# Pages outside the site's own list: an error page, the API's documentation (Swagger UI, served by
# django-ninja from its bundled files), Django's admin sign-in.
EXTRA = [
    ("404 page", "/no-such-page/", frozenset({404})),
    ("API docs", "/api/docs", frozenset({200})),
    ("admin sign-in", "/django-admin/login/", frozenset({200})),
]


READY = {"/api/docs": ".swagger-ui .opblock"}


def crawl(session: CspSession, pages) -> None:
    for key, url, expect in [*pages, *EXTRA]:
        if key in POST_ONLY or key in NOT_PAGES:
            continue
        if session.goto(url, expect=expect) is None:
            continue
        session.pages_seen += 1
        if url in READY:  # drawn by a script after the page loaded: inspect it once drawn
            # The OpenAPI schema is built on the first request of the server (seconds on a busy machine).
            session.page.locator(READY[url]).first.wait_for(timeout=60_000)
        state = session.inspect(url)
        if os.environ.get("WAIBAN_SCREENSHOTS") == "all":
            session.shot(re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[:80] or "home")
        if state["print"]:
            session.print_pages.append(url)
        if state["confirm"]:
            session.confirm_pages.append(url)


def check_menus(session: CspSession) -> None:
    """Bootstrap's dropdowns (placed by Popper through the CSSOM) and the phone's folding menu open."""
    page = session.page
    session.goto(reverse("web:home"))
    page.locator("[data-testid=user-menu]").click()
    page.locator(".dropdown-menu.show").first.wait_for()
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".navbar-toggler").click()
    page.locator("#wb-nav.show").wait_for()
    page.wait_for_function("!document.querySelector('#wb-nav.collapsing')")
    page.set_viewport_size({"width": 1366, "height": 768})
    session.inspect("/ (menus)")


def check_print(session: CspSession) -> None:
    """A print button (data-print, no onclick) opens the print dialog."""
    url = session.print_pages[0]
    session.goto(url)
    session.page.locator("[data-print]").first.click()
    printed = session.page.evaluate("window.__printed")
    if printed != 1:
        session.add(url, "[data-print]", f"the print button printed {printed} times, not once")
    session.inspect(f"{url} (print)")


def check_confirm(session: CspSession) -> None:
    """A button asking for confirmation (data-confirm, no onclick) asks, and does nothing when refused."""
    url = session.confirm_pages[0]
    session.goto(url)
    button = session.page.locator("button[data-confirm]:visible, a[data-confirm]:visible").first
    expected = button.get_attribute("data-confirm")
    asked = []

    def refuse(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    session.page.once("dialog", refuse)
    button.click()
    session.page.wait_for_timeout(300)
    if asked != [expected]:
        session.add(url, "[data-confirm]", f"asked {asked}, expected [{expected!r}]")
    if session.page.url != session.base_url + url:
        session.add(url, "[data-confirm]", f"refusing still went on to {session.page.url}")
    session.inspect(f"{url} (confirm)")


def check_trip_form(session: CspSession) -> None:
    """HTMX adds a member row; its person picker (Tom Select) opens and narrows its list as one types."""
    page = session.page
    url = reverse("trips:new")
    session.goto(url)
    rows = page.locator("#members-body > [data-testid=members-row]")
    before = rows.count()
    page.locator("[data-testid=add-members]").click()
    rows.nth(before).wait_for()
    row = rows.nth(before)
    picker = row.locator(".ts-wrapper")
    if not picker.count():
        session.add(url, "members row", "the added row's person picker is not searchable (no Tom Select)")
        session.inspect(f"{url} (member row)")
        return
    picker.locator(".ts-control").click()
    dropdown = row.locator(".ts-dropdown")
    dropdown.wait_for(state="visible")
    options = dropdown.locator(".option")
    all_options = options.count()
    name = options.nth(all_options - 1).inner_text().strip() if all_options else ""
    query = name.split()[0] if name else ""
    page.keyboard.type(query)
    page.wait_for_timeout(300)
    shown = [t.strip() for t in options.all_inner_texts()]
    session.shot("trip-form-picker")
    if all_options < 2:
        session.add(url, "person picker", f"the picker offers {all_options} people, expected several")
    elif name not in shown or len(shown) >= all_options:
        session.add(url, "person picker", f"typing {query!r} of {all_options} choices shows {shown[:5]}")
    page.keyboard.press("Enter")
    chosen = row.locator(".ts-control .item").all_inner_texts()
    if not chosen:
        session.add(url, "person picker", "Enter chose nobody")
    session.inspect(f"{url} (member row, picker)")


def check_map(session: CspSession) -> None:
    """The partners map and its three charts draw on canvas; hovering shows a tooltip."""
    page = session.page
    url = reverse("partners:map")
    session.goto(url)
    page.locator("#world-map[data-rendered=true]").wait_for()
    page.wait_for_timeout(500)
    canvases = page.evaluate(
        """() => ["world-map", "chart-years", "chart-countries", "chart-kinds"].map((id) => {
          const c = document.querySelector("#" + id + " canvas");
          return c ? c.width * c.height : 0;
        })"""
    )
    if not all(canvases):
        session.add(url, "map", f"a chart drew nothing (canvas areas {canvases})")
    # Hover a bar of the yearly chart and a friendship city on the map: the tooltip (drawn on the canvas,
    # ECharts' HTML tooltip would need style attributes) changes the drawing.
    for box_id, where in (
        ("chart-years", "() => [0.5, 0.7]"),
        (
            "world-map",
            """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("world-map"));
            const data = JSON.parse(document.getElementById("map-data").textContent);
            if (!data.partners.length) return null;
            const [x, y] = chart.convertToPixel({ geoIndex: 0 }, data.partners[0].value);
            const el = document.getElementById("world-map");
            return [x / el.clientWidth, y / el.clientHeight];
          }""",
        ),
    ):
        target = page.locator(f"#{box_id}")
        target.scroll_into_view_if_needed()
        at = page.evaluate(where)
        if at is None:
            continue
        drawing = f"() => document.querySelector('#{box_id} canvas').toDataURL()"
        before = page.evaluate(drawing)
        box = target.bounding_box()
        page.mouse.move(box["x"] + box["width"] * at[0], box["y"] + box["height"] * at[1], steps=4)
        page.wait_for_timeout(500)
        if page.evaluate(drawing) == before:
            session.add(url, f"#{box_id}", "hovering showed no tooltip")
        session.shot(f"partners-map-{box_id}-tooltip")
    session.shot("partners-map")
    session.inspect(f"{url} (map, tooltip)")


@pytest.mark.parametrize("role", ROLES)
def test_no_page_violates_the_content_security_policy(browser, site, role):  # noqa: F811 (site: imported)
    started = time.monotonic()
    session = CspSession(browser, site.url, role)
    try:
        if role != PUBLIC:
            sign_in(session, site, role, check_2fa=False)
            session.inspect("sign-in")
        else:
            session.goto(reverse("accounts:login"))
        check_the_watch(session)
        crawl(session, site.pages[role])
        if role != PUBLIC:
            check_menus(session)
        if session.print_pages:
            check_print(session)
        if session.confirm_pages:
            check_confirm(session)
        if role == "unit_clerk":
            check_trip_form(session)
        if role == "office_leader":
            check_map(session)
    finally:
        session.close()
    print(
        f"\n{role}: {session.pages_seen} pages in {time.monotonic() - started:.1f}s; print button on "
        f"{len(session.print_pages)}, confirmations on {len(session.confirm_pages)}"
    )
    assert session.pages_seen >= (3 if role == PUBLIC else 20), session.pages_seen
    if role in ("unit_clerk", "office_leader"):
        assert session.print_pages, "no page with a print button was seen"
    if role in ("unit_clerk", "sysadmin"):
        assert session.confirm_pages, "no page asking for a confirmation was seen"
    assert not session.problems, f"{len(session.problems)} problems for {role}:\n" + "\n".join(
        str(p) for p in session.problems
    )
