"""The access-control matrix: every role × every page and API endpoint × an object inside and outside the
user's data scope.

Expectations come from ``registry.py`` (the permission codes each view requires, what it points at)
and ``tests/world.py`` (who may see which object), never from the code under test:

* anonymous → pages redirect to the login page, the API answers 401;
* signed in without the view's permission → 403 (before any object is looked up: it reveals nothing);
* with the permission but the object outside the data scope → 404, never its data;
* otherwise the page or operation answers exactly what ``Entry.ok`` documents for the role — for a
  write (a POST-only view posted an empty form, an API call with its body) the status of that outcome
  (302 done, 400 refused, 201 created …), which for the API must be one its OpenAPI schema declares.

On top, every answer a role gets is searched for the marker texts of the objects outside its scope:
a list, an inbox, a 404 page or an API list that names them is a leak.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import BUILTIN_ROLES

from ..conftest import ROLES_AND_ANON
from ..world import VISIBLE, outside_markers, sees
from . import discovery, registry

ROLE_PERMS = {spec["code"]: set(spec["permissions"]) for spec in BUILTIN_ROLES}
ROLE_PERMS["none"] = set()

PAGES = discovery.pages(registry.EXCLUDED_PREFIXES)
API_OPS = discovery.api_operations()


def _page_cases():
    for pat in PAGES:
        entry = registry.PAGES.get(pat.key)
        if entry is None:
            continue
        for which in ("inside", "outside") if entry.obj else ("-",):
            for role in ROLES_AND_ANON:
                yield pytest.param(pat, entry, role, which, id=f"{pat.key}|{role or 'anonymous'}|{which}")


def _api_cases():
    for key, method, path in API_OPS:
        entry = registry.API.get(key)
        if entry is None:
            continue
        for which in ("inside", "outside") if entry.obj else ("-",):
            for role in ROLES_AND_ANON:
                yield pytest.param(
                    key, method, path, entry, role, which, id=f"{key}|{role or 'anonymous'}|{which}"
                )


PAGE_CASES = list(_page_cases())
API_CASES = list(_api_cases())


# --- the registry is complete and current ------------------------------------------------------------
def test_every_page_is_registered():
    known = set(registry.PAGES) | set(registry.EXCLUDED_PAGES) | set(registry.PENDING_PAGES)
    missing = [f"unregistered URL pattern: {p.key} ({p.route})" for p in PAGES if p.key not in known]
    assert not missing, "\n".join(missing) + "\n→ add an Entry to tests/access/registry.py"


def test_every_api_operation_is_registered():
    known = set(registry.API) | set(registry.EXCLUDED_API) | set(registry.PENDING_API)
    missing = [f"unregistered API operation: {key}" for key, _m, _p in API_OPS if key not in known]
    assert not missing, "\n".join(missing) + "\n→ add an Entry to tests/access/registry.py"


def test_registry_has_no_stale_entries():
    page_keys = {p.key for p in PAGES}
    api_keys = {k for k, _m, _p in API_OPS}
    stale = [k for k in registry.PAGES if k not in page_keys] + [k for k in registry.API if k not in api_keys]
    assert not stale, f"registry entries for patterns that no longer exist: {stale}"


def test_nothing_is_pending():
    """Every pattern that exists is in the matrix: a pattern left pending is an unchecked door."""
    pending = {**registry.PENDING_PAGES, **registry.PENDING_API}
    assert not pending, "not yet in the access matrix:\n" + "\n".join(
        f"  {key}: {why}" for key, why in sorted(pending.items())
    )
    assert len(PAGE_CASES) + len(API_CASES) > 0


def test_api_writes_answer_what_they_declare():
    """Every status a permitted API write is expected to answer is one its operation declares in the
    OpenAPI schema (422, django-ninja's answer to a body that fails the schema, is declared for all)."""
    from waiban.api import api

    paths = api.get_openapi_schema()["paths"]
    undeclared = []
    for key, method, path in API_OPS:
        entry = registry.API.get(key)
        if entry is None or method == "GET":
            continue
        declared = {int(code) for code in paths[path][method.lower()]["responses"]} | {422}
        ok = entry.ok.values() if isinstance(entry.ok, dict) else [entry.ok]
        statuses = set().union(*ok)
        if statuses - declared:
            undeclared.append(f"{key}: answers {sorted(statuses - declared)}, declares {sorted(declared)}")
    assert not undeclared, "\n".join(undeclared)


# --- helpers -----------------------------------------------------------------------------------------
def _expected(entry, role, which, *, api: bool):
    if role is None and entry.perms is not None:
        return "login"
    if not entry.allowed(role, ROLE_PERMS.get(role, set())):
        return {403}
    if entry.obj in VISIBLE:
        if not sees(role, entry.obj, which):
            return {404}
    if entry.obj == "global" and which == "outside":
        return {404}
    return entry.ok_for(role)


def _text(resp) -> str:
    ctype = resp.get("Content-Type", "")
    if getattr(resp, "streaming", False):
        data = b"".join(resp.streaming_content)
    else:
        data = resp.content
    if "spreadsheetml" in ctype:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    return data.decode("utf-8", "replace")


def _assert_no_leak(resp, entry, role, label):
    if entry.leak_exempt or resp.status_code >= 500:
        return
    body = _text(resp)
    leaked = [m for m in outside_markers(role) if m in body]
    assert not leaked, f"{label}: answer ({resp.status_code}) contains out-of-scope data {leaked}"


# --- the matrix --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("pat", "entry", "role", "which"), PAGE_CASES)
def test_page_access(as_role, world, pat, entry, role, which):
    client = as_role(role)
    kwargs = entry.build_kwargs(world, "inside" if which == "-" else which, role)
    url = reverse(pat.name, kwargs=kwargs or None)
    resp = client.get(url)
    posted = False
    if resp.status_code == 405:  # a POST-only view: its access control is what a POST meets
        resp = client.post(url, {})
        posted = True
    expected = _expected(entry, role, which, api=False)
    label = f"{'POST' if posted else 'GET'} {url} as {role or 'anonymous'} ({which})"
    if expected == "login":
        assert resp.status_code == 302, f"{label}: {resp.status_code}, expected a redirect to the login page"
        assert resp["Location"].startswith(
            reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL
        ), f"{label}: redirects to {resp['Location']}"
        return
    assert resp.status_code in expected, f"{label}: {resp.status_code}, expected {sorted(expected)}"
    _assert_no_leak(resp, entry, role, label)


@pytest.mark.parametrize(("key", "method", "path", "entry", "role", "which"), API_CASES)
def test_api_access(as_role, world, key, method, path, entry, role, which):
    client = as_role(role)
    kwargs = entry.build_kwargs(world, "inside" if which == "-" else which, role)
    url = discovery.fill(path, kwargs) + (f"?{entry.query}" if entry.query else "")
    if method == "GET":
        resp = client.get(url)
    elif entry.multipart:
        upload = SimpleUploadedFile("matrix.pdf", b"%PDF-1.4 matrix", "application/pdf")
        resp = client.post(url, {"kind": "other", "file": upload})
    else:
        body = entry.body(world, which) if callable(entry.body) else (entry.body or {})
        resp = getattr(client, method.lower())(url, body, content_type="application/json")
    expected = _expected(entry, role, which, api=True)
    label = f"{method} {url} as {role or 'anonymous'} ({which})"
    if expected == "login":
        assert resp.status_code == 401, f"{label}: {resp.status_code}, expected 401"
        return
    assert resp.status_code in expected, f"{label}: {resp.status_code}, expected {sorted(expected)}"
    _assert_no_leak(resp, entry, role, label)
