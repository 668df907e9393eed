"""Content-Security-Policy (security review, finding 8): every answer carries a strict policy (django-csp,
``CONTENT_SECURITY_POLICY`` in settings) — scripts, styles, fonts, images and requests only from this
server, no ``'unsafe-inline'``, no ``'unsafe-eval'``, no plugins, no framing — and no page needs more:
no template, no HTML built in Python and no page as served has an inline script, an inline event
handler (``onclick=``…), a ``style=""`` attribute or a ``<style>`` element, so they cannot come back.

Documents rendered to PDF by WeasyPrint (``documents/gbt9704.html`` and the templates extending it) are
not pages: no browser reads them, their ``<style>`` stays. The browser side (no violation reported by
Chromium on the pages of several roles, HTMX, Tom Select, ECharts and printing working under the
policy) is ``tests/browser/test_csp.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.access import discovery, registry

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)

# What the policy must say, directive by directive (exactly these sources).
REQUIRED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
# Sources any directive may name: keywords and data: images; never another host or a scheme wildcard.
ALLOWED_SOURCES = {"'self'", "'none'", "data:"}


def directives(header: str) -> dict[str, set[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = set(words[1:])
    return out


def policy_problems(header: str | None) -> list[str]:
    if not header:
        return ["no Content-Security-Policy header"]
    # a page that asks for this request's nonce (request.csp_nonce) gets it in style-src, nowhere else
    found = {
        name: {x for x in sources if not (name == "style-src" and x.startswith("'nonce-"))}
        for name, sources in directives(header).items()
    }
    problems = [
        f"{name} is {sorted(found.get(name, ()))}, not {sorted(want)}"
        for name, want in REQUIRED.items()
        if found.get(name) != want
    ]
    for name, sources in found.items():
        for source in sources - ALLOWED_SOURCES:
            problems.append(f"{name} allows {source}")
        if "data:" in sources and name not in ("img-src", "font-src"):
            problems.append(f"{name} allows data:")
    return problems


# --- inline code ----------------------------------------------------------------------------------------
TAG = r"<[a-zA-Z][\w:-]*(?:\s[^<>]*?)?"
INLINE = {
    "style attribute": re.compile(TAG + r"\sstyle\s*=", re.S),
    "event handler attribute": re.compile(TAG + r"\son[a-z]+\s*=", re.S),
    # a script without src, unless it is a data block (json_script) or carries the request's nonce
    "inline script": re.compile(
        r"<script\b(?![^>]*\ssrc\s*=)(?![^>]*type=[\"']application/json)(?![^>]*\snonce=)[^>]*>"
    ),
    "style element": re.compile(r"<style\b(?![^>]*\snonce=)"),
    "javascript: URL": re.compile(r"=\s*[\"']?\s*javascript:", re.I),
}
# HTML built in Python: the same, plus attributes given to widgets as a dict (attrs={"style": …}).
PYTHON_ONLY = {
    "style attribute in attrs": re.compile(r"[\"']style[\"']\s*:"),
    "event handler in attrs": re.compile(r"[\"']on[a-z]+[\"']\s*:"),
}
# Our own scripts set styles through the CSSOM (el.style.x = …), never as an attribute or markup.
JS = {
    "style set as an attribute": re.compile(r"setAttribute\(\s*[\"']style[\"']"),
    "style attribute in markup": re.compile(r"\sstyle\s*=\s*\\?[\"']"),
    "event handler in markup": re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.S),
    "eval": re.compile(r"\beval\s*\(|new\s+Function\s*\("),
}


COMMENTS = {
    "html": re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}|<!--.*?-->", re.S),
    "py": re.compile(r"^\s*#[^\n]*", re.M),
    "js": re.compile(r"/\*.*?\*/|^\s*//[^\n]*", re.S | re.M),
}


def inline_code(text: str, rules=INLINE, comments: str | None = None) -> list[str]:
    """Each piece of inline code in ``text`` as "line N: what: excerpt" (comments of the given kind
    blanked first, keeping line numbers)."""
    if comments:
        text = COMMENTS[comments].sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    out = []
    for what, rx in rules.items():
        for m in rx.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append(f"line {line}: {what}: {m.group(0)[:120]!r}")
    return out


PDF_LAYOUT = "documents/gbt9704.html"


def is_pdf_document(path: Path, text: str) -> bool:
    """A template WeasyPrint renders to PDF (the documents layout or a document extending it)."""
    return path.as_posix().endswith(f"templates/{PDF_LAYOUT}") or f'{{% extends "{PDF_LAYOUT}" %}}' in text


def _sources(*patterns: str):
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            rel = path.relative_to(ROOT).as_posix()
            if "/tests/" in f"/{rel}" or "/migrations/" in rel or rel.startswith((".venv/", "var/")):
                continue
            yield rel, path, path.read_text(encoding="utf-8")


def test_the_rules_see_what_they_look_for():
    """The checker itself finds each kind of inline code (and leaves alone what the policy allows)."""
    bad = """<div class="a" style="width: 3%">x</div><button type="button"
      onclick="window.print()">p</button><script>alert(1)</script><style>p{}</style>
      <a href="javascript:x()">"""
    found = " ".join(inline_code(bad))
    for what in INLINE:
        assert what in found, what
    good = """<div class="wb-prewrap" data-width="3%" data-style="x">on=</div>
      <script src="/static/js/waiban.js"></script>
      <script id="map-data" type="application/json">{"style": "x"}</script><p>onclick= is a word</p>"""
    assert inline_code(good) == []
    assert inline_code('widget.attrs = {"style": "width: 5rem"}', PYTHON_ONLY)
    assert inline_code('el.setAttribute("style", "x")', JS) and inline_code("el.style.width = w;", JS) == []


def test_no_template_or_python_html_has_inline_code():
    problems = []
    for rel, path, text in _sources("templates/**/*.html", "apps/*/templates/**/*.html"):
        if not is_pdf_document(path, text):
            problems += [f"{rel} {p}" for p in inline_code(text, comments="html")]
    for rel, _path, text in _sources("apps/**/*.py", "waiban/**/*.py"):
        problems += [f"{rel} {p}" for p in inline_code(text, {**INLINE, **PYTHON_ONLY}, comments="py")]
    for rel, _path, text in _sources("static/js/*.js"):
        problems += [f"{rel} {p}" for p in inline_code(text, JS, comments="js")]
    assert not problems, "inline code the Content-Security-Policy refuses:\n" + "\n".join(problems)


def test_pdf_documents_are_not_pages():
    """The exemption above is only for templates WeasyPrint renders: none of them is a page's template."""
    pdf = {
        p.as_posix().split("/templates/", 1)[1]
        for _rel, p, text in _sources("apps/*/templates/**/*.html")
        if is_pdf_document(p, text)
    }
    assert PDF_LAYOUT in pdf and len(pdf) > 3
    for rel, _path, text in _sources("apps/**/*.py", "waiban/**/*.py"):
        if rel.startswith("apps/documents/"):
            continue
        for name in pdf - {PDF_LAYOUT}:
            for m in re.finditer(re.escape(f'"{name}"'), text):
                before = text[max(0, m.start() - 80) : m.start()]
                assert "render(" not in before and "template_name" not in before, (
                    f"{rel} serves {name} as a page"
                )


def test_the_policy_is_strict(client):
    answer = client.get("/accounts/login/")
    assert policy_problems(answer.get("Content-Security-Policy")) == []
    assert "unsafe" not in answer["Content-Security-Policy"]


def _urls_without_arguments():
    for pat in discovery.pages(registry.EXCLUDED_PREFIXES):
        if "<" in pat.route or not pat.name or pat.key == "accounts:logout":
            continue
        yield "/" + pat.route.lstrip("^").rstrip("$")


@pytest.mark.parametrize("who", ["anonymous", "office_leader", "unit_clerk", "division_staff", "sysadmin"])
def test_every_answer_carries_the_policy_and_no_page_has_inline_code(client, make_user, login, units, who):
    """Every page without arguments (a list, a form, a report: 200, 302 to sign in, 403), the API (JSON,
    its docs), a 404 and a 405 carry the policy; no HTML answer contains inline code."""
    if who != "anonymous":
        unit = next(iter(units.values())) if who == "unit_clerk" else None
        login(make_user(who, roles=[who], unit=unit))
    urls = [
        *_urls_without_arguments(),
        "/api/cases/",
        "/api/docs",
        "/api/openapi.json",
        "/api/no-such-thing/",
        "/no-such-page/",
        "/cases/987654/",
    ]
    problems, statuses, pages = [], set(), 0
    for url in urls:
        answer = client.get(url)
        statuses.add(answer.status_code)
        problems += [
            f"{url} ({answer.status_code}): {p}"
            for p in policy_problems(answer.get("Content-Security-Policy"))
        ]
        if "text/html" in answer.get("Content-Type", "") and answer.status_code == 200:
            html = answer.content.decode()
            pages += 1
            problems += [f"{url}: {p}" for p in inline_code(html)]
    assert len(urls) > 40
    assert 200 in statuses and 404 in statuses
    assert pages >= (2 if who == "anonymous" else 10), pages
    assert not problems, "\n".join(problems)
