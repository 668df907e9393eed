"""Bad input never gets a 500: malformed dates, huge strings, unicode oddities and HTML in every query
parameter and form field the pages read, malformed JSON to the API, and bad uploads.

Pages and fields are discovered: the list pages come from the access registry (every registered page
without an object), their fields from the ``<form method="get">`` they render; the POST forms from the
``<form method="post">`` of every create/edit page a permitted role can open.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import BUILTIN_ROLES

from ..access import discovery, registry

ROLE_PERMS = {spec["code"]: set(spec["permissions"]) for spec in BUILTIN_ROLES}
SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "bad-date": "2026-13-45",
    "ancient-date": "0202-03-01",  # a year typed short: no model stores it (apps.core.dates)
    "far-date": "9999-12-31",
    "word": "abc",
    "sql": "'; DROP TABLE accounts_user; --",
    "huge": "长" * 100_000,
    "rtl": "\u202eabc\u202c",
    "nul": "a\x00b",
    "emoji": "🛂✈️👨‍👩‍👧",
    "combining": "e\u0301\u0301\u0301",
    "html": SCRIPT,
    "negative": "-1",
    "bigint": "99999999999999999999999",
}
GENERIC_PARAMS = ["q", "page", "date_from", "date_to", "state", "unit", "year", "before", "after", "status"]


class Forms(HTMLParser):
    """Field names of the GET and POST forms of a page (first POST form with fields)."""

    def __init__(self):
        super().__init__()
        self.get_fields: set[str] = set()
        self.post_forms: list[dict] = []
        self._method = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._method = (a.get("method") or "get").lower()
            if self._method == "post":
                self.post_forms.append({"action": a.get("action") or "", "text": set(), "other": {}})
        elif tag in ("input", "textarea", "select") and self._method and a.get("name"):
            name, kind = a["name"], (a.get("type") or "text").lower()
            if self._method == "get":
                if kind not in ("submit", "button", "hidden"):
                    self.get_fields.add(name)
            elif self.post_forms:
                form = self.post_forms[-1]
                if name == "csrfmiddlewaretoken" or kind in ("submit", "button", "file"):
                    return
                if tag == "textarea" or (
                    tag == "input"
                    and kind in ("text", "search", "email", "url", "tel", "date", "number", "password")
                ):
                    form["text"].add(name)
                else:
                    form["other"].setdefault(name, a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._method = None


def _role_for(entry) -> str | None:
    for role in (
        "office_leader",
        "unit_clerk",
        "division_staff",
        "auditor",
        "sysadmin",
        "secadmin",
        "secauditor",
    ):
        if entry.allowed(role, ROLE_PERMS[role]):
            return role
    return None


def _pages(predicate):
    out = []
    for pat in discovery.pages(registry.EXCLUDED_PREFIXES):
        entry = registry.PAGES.get(pat.key)
        if entry is None or entry.perms is None or not predicate(pat, entry):
            continue
        role = _role_for(entry)
        if role:
            out.append(pytest.param(pat, entry, role, id=f"{pat.key}|{role}"))
    return out


LIST_PAGES = _pages(lambda pat, e: e.obj is None and 200 in e.ok)
FORM_PAGES = _pages(
    lambda pat, e: (
        200 in e.ok
        and e.obj in (None, "global", "case", "person", "passport", "trip")
        and any(w in pat.key for w in ("create", "new", "edit", "add"))
    )
)


def _assert_no_500(resp, label):
    assert resp.status_code < 500, f"{label}: server error {resp.status_code}"


def _assert_escaped(resp, label):
    if resp.get("Content-Type", "").startswith("text/html"):
        assert SCRIPT not in resp.content.decode("utf-8", "replace"), f"{label}: echoes {SCRIPT} unescaped"


@pytest.mark.parametrize(("pat", "entry", "role"), LIST_PAGES)
def test_list_filters_survive_hostile_query_strings(as_role, world, pat, entry, role):
    client = as_role(role)
    url = reverse(pat.name, kwargs=entry.build_kwargs(world, "inside") or None)
    first = client.get(url)
    if first.status_code == 405:
        return  # a POST-only endpoint (an HTMX action) has no GET filters
    assert first.status_code in entry.ok, f"{url}: {first.status_code}"
    forms = Forms()
    if first.get("Content-Type", "").startswith("text/html"):
        forms.feed(first.content.decode("utf-8", "replace"))
    params = sorted(forms.get_fields | set(GENERIC_PARAMS))
    failures = []
    for name, value in HOSTILE.items():
        label = f"GET {url} with {name} in {params}"
        try:
            resp = client.get(url, {p: value for p in params})
            _assert_no_500(resp, label)
            _assert_escaped(resp, label)
        except Exception as exc:
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
    assert not failures, "\n".join(failures)


def _edit_kwargs(world, entry):
    return entry.build_kwargs(world, "inside") or None


@pytest.mark.parametrize(("pat", "entry", "role"), FORM_PAGES)
def test_post_forms_survive_hostile_values_and_keep_them(as_role, world, pat, entry, role):
    if entry.obj in ("case", "person", "passport", "trip"):
        role = {
            "person": "unit_clerk",
            "case": "unit_clerk",
            "trip": "unit_clerk",
            "passport": "office_leader",
        }[entry.obj]
        if not entry.allowed(role, ROLE_PERMS[role]):
            role = _role_for(entry)
    client = as_role(role)
    url = reverse(pat.name, kwargs=_edit_kwargs(world, entry))
    page = client.get(url)
    if page.status_code != 200:
        assert page.status_code in (302, 403, 404, 405), f"{url}: {page.status_code}"
        return  # POST-only action or not open to this role in this state: nothing rendered to fill in
    forms = Forms()
    forms.feed(page.content.decode("utf-8", "replace"))
    post_forms = [f for f in forms.post_forms if f["text"]]
    if not post_forms:
        return  # a page without text fields (a confirmation) has nothing to be hostile to
    form = post_forms[0]
    action = form["action"] or url
    for name, value in HOSTILE.items():
        data = {**form["other"], **{f: value for f in form["text"]}}
        resp = client.post(action, data)
        label = f"POST {action} with {name} in {sorted(form['text'])}"
        _assert_no_500(resp, label)
        _assert_escaped(resp, label)
    # A normal, invalid-elsewhere value is kept: send a marker in every text field, with a bad date in
    # date-like fields so the form does not save; if the form re-renders, the marker is still there.
    marker = "保留我的输入<b>&"
    data = {**form["other"], **{f: ("2026-13-45" if "date" in f else marker) for f in form["text"]}}
    resp = client.post(action, data)
    _assert_no_500(resp, f"POST {action} with a marker")
    if resp.status_code in (200, 400) and resp.get("Content-Type", "").startswith("text/html"):
        body = resp.content.decode("utf-8", "replace")
        non_date = [f for f in form["text"] if "date" not in f and "password" not in f]
        if non_date:
            assert escape(marker) in body or escape(marker, quote=False) in body, (
                f"POST {action}: the form re-rendered without what the user typed"
            )


# --- the API ------------------------------------------------------------------------------------------
WRITE_OPS = [
    pytest.param(key, method, path, registry.API[key], id=key)
    for key, method, path in discovery.api_operations()
    if method in ("POST", "PUT", "PATCH") and key in registry.API
]


@pytest.mark.parametrize(("key", "method", "path", "entry"), WRITE_OPS)
@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"[]",
        b'{"title": 123, "members": "x", "legs": {"a": 1}, "version": "v", "comment": []}',
        b'{"rule_id": null, "justification": 5}',
        b"\x00\xff",
        b'"' + b"x" * 200_000 + b'"',
    ],
    ids=["malformed", "array", "wrong-types", "nulls", "binary", "huge"],
)
def test_api_rejects_bad_json_with_a_message(as_role, world, key, method, path, entry, payload):
    role = "unit_clerk" if entry.allowed("unit_clerk", ROLE_PERMS["unit_clerk"]) else _role_for(entry)
    client = as_role(role or "office_leader")
    url = discovery.fill(path, entry.build_kwargs(world, "inside"))
    resp = getattr(client, method.lower())(url, payload, content_type="application/json")
    assert 400 <= resp.status_code < 500 or resp.status_code in (200, 201), (
        f"{key} {payload[:20]!r}: {resp.status_code}"
    )
    if resp.status_code >= 400:
        assert resp.json().get("detail"), f"{key}: no message in {resp.content[:200]!r}"


API_QUERIES = [
    "start=2026-13-45&n=5",
    "start=abc&end=%00",
    "start=2026-03-02&n=" + "9" * 40,
    "start=2026-03-02&end=1999-01-01",
]
API_LISTS = [
    "/api/reference/workdays/add",
    "/api/reference/workdays/between",
    "/api/cases/",
    "/api/audit/events",
    "/api/people/",
    "/api/passports/",
    "/api/trips/",
    "/api/org/units",
    "/api/reference/countries",
]


@pytest.mark.parametrize("path", API_LISTS)
def test_api_query_parameters_survive_bad_values(as_role, world, path):
    client = as_role("office_leader" if "audit" not in path else "auditor")
    failures = []
    for query in API_QUERIES:
        resp = None
        try:
            resp = client.get(f"{path}?{query}&page=-1&q=%00{SCRIPT}&unit=99999999999999999999")
        except Exception as exc:
            failures.append(f"{path}?{query}: {type(exc).__name__}: {str(exc)[:150]}")
            continue
        if resp.status_code >= 500:
            failures.append(f"{path}?{query}: {resp.status_code}")
    assert not failures, "\n".join(failures)


# --- uploads ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "ctype", "refused"),
    [
        ("empty.pdf", b"", "application/pdf", True),
        ("big.pdf", b"%PDF-1.4 " + b"x" * 400, "application/pdf", True),
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50, "application/pdf", True),
        ("../../../etc/passwd.pdf", b"%PDF-1.4 ok", "application/pdf", False),
    ],
    ids=["zero-bytes", "over-limit", "exe-renamed-pdf", "path-traversal-name"],
)
def test_bad_uploads_get_a_clear_message(as_role, world, settings, name, content, ctype, refused):
    from apps.casework.models import Attachment

    settings.ATTACHMENT_MAX_BYTES = 200
    client = as_role("unit_clerk")
    case = world.case["inside"]
    before = Attachment.objects.filter(case=case).count()
    url = reverse("casework:attachment_upload", kwargs={"pk": case.pk})
    resp = client.post(url, {"kind": "other", "file": SimpleUploadedFile(name, content, ctype)}, follow=True)
    _assert_no_500(resp, f"upload {name}")
    after = Attachment.objects.filter(case=case)
    if refused:
        assert after.count() == before, f"{name} was stored"
        body = resp.content.decode()
        assert "alert" in body or "invalid-feedback" in body or "errorlist" in body, (
            f"{name}: no message shown"
        )
    else:
        for att in after:
            assert ".." not in att.original_name and "/" not in att.original_name, att.original_name


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.pdf", b""), ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60), ("big.pdf", b"%PDF-1.4 " + b"x" * 400)],
    ids=["zero-bytes", "exe-renamed-pdf", "over-limit"],
)
def test_bad_uploads_through_the_api_get_a_message(as_role, world, settings, name, content):
    settings.ATTACHMENT_MAX_BYTES = 200
    client = as_role("unit_clerk")
    url = f"/api/cases/{world.case['inside'].pk}/attachments"
    resp = client.post(url, {"kind": "other", "file": SimpleUploadedFile(name, content, "application/pdf")})
    assert 400 <= resp.status_code < 500, f"{name}: {resp.status_code}"
    assert resp.json().get("detail"), resp.content[:200]
