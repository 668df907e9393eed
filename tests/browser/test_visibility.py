"""What the user sees: every page and form of every role, at 1366×768 and on a 390×844 phone, in Chromium.

For each role (every built-in role, a signed-in user without a role, and the public) the check opens
every page the access matrix says the role may open (``tests/access/registry.py`` over every URL
pattern found by ``tests/access/discovery.py``), with real objects: the world of ``tests/world.py``
plus a trip in every stage (``stages.py``), whose page shows different forms in each. On the trip
application form it also adds two rows to each table (members, itinerary, schedule, budget).

On each page ``visibility.js`` fails every form control, button and table row that has no box, lies
outside the viewport's width, is clipped or covered, and the page if it scrolls sideways; console
errors, JavaScript errors, failed requests and requests leaving the server fail it too. One assertion
per role lists every problem (role, URL, viewport, element, reason); screenshots of the failing pages
are in ``test-results/visibility/`` (``WAIBAN_SCREENSHOTS=all`` keeps every page).

Speed: the world is built once for the module (committed, so the live server sees it, and the database
is restored afterwards); one browser context and one sign-in per role; each page is loaded once and
checked at both sizes by resizing the window (the server sends the same HTML to every screen).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.urls import reverse

from tests.access import discovery, registry
from tests.world import PASSWORD, ROLE_CODES, VISIBLE, sees

from .visibility import RESULTS, Session

# ``django_db`` (not transactional): each test runs in a transaction of its own connection, which the
# live server of this module does not share on PostgreSQL (it sees the committed world) and shares on
# in-memory SQLite (its writes, such as sessions, are undone after each role).
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("visibility")]

PUBLIC = "public"
ROLES = [*ROLE_CODES, "none", PUBLIC]

# URL patterns that answer something other than a page of the site (downloads, HTMX fragments):
# what they answer is checked where it is shown (the trip form's rows and findings). Each one is asked
# once with a plain GET to prove it is not a page, so a page cannot hide in this list.
NOT_PAGES = {
    "casework:attachment_download": "file download",
    "passports:export": "starts an export (redirect to a download)",
    "regulations:rules_export": "CSV/Excel download",
    "regulations:standards_template": "Excel download (tripux)",
    "trips:pdf": "PDF download",
    "documents:download": "PDF download",  # documents
    "exports:download": "file download",
    "exports:status": "HTMX fragment (the job's progress)",
    "audit:export": "starts an export (redirect to a download)",
    "trips:check_live": "HTMX fragment (findings of the trip form)",
    "trips:check_live_trip": "HTMX fragment (findings of the trip form)",
    "trips:budget_compute": "HTMX fragment (the budget table)",
    "trips:budget_compute_trip": "HTMX fragment (the budget table)",
    "trips:form_row": "HTMX fragment (one row of the trip form; checked through the form)",
    "people:pinyin": "HTMX fragment (the passport-name field)",
    "audit:object_history": "HTMX fragment (an object's history on its detail page)",
    # --- visits ---
    "visits_feed:ical": "iCalendar feed (text/calendar for calendar applications)",
    # --- end visits ---
    # --- i13: 涉外管理处 ---
    "conferences:check_live": "HTMX fragment (findings of the conference form)",
    "incidents:report": "PDF (the situation report, issued through apps.documents and audited)",
    "honours:certificate": "PDF (the honorary citizen's certificate)",
    # --- end i13 ---
}
# Trips still in the unit's hands (a draft, its pre-trip notice up in the unit) and the office roles
# whose reach is their division's submitted cases.
UNIT_ONLY = {"unit_notice"}
OFFICE_DIVISION_ROLES = {"division_staff", "division_head"}
# URL patterns that only take a POST (a form on another page posts there; a GET answers 405): actions,
# not pages. Each one is asked with a plain GET to prove it, so a page cannot hide in this list.
POST_ONLY = {
    # --- i13: 涉外管理处 ---
    "conferences:transition",
    "journalists:bureau_change",
    "journalists:interview_transition",
    "journalists:interview_link",
    "incidents:entry_add",
    "incidents:task_add",
    "incidents:task_done",
    "incidents:member_add",
    "incidents:checklist",
    "incidents:close",
    "honours:transition",
    "honours:opinion_add",
    # --- end i13 ---
    "accounts:enrolment_code_issue",
    "accounts:remove_2fa",
    "accounts:session_end",
    "accounts:set_language",
    "accounts:token_revoke",
    "accounts:user_set_active",
    "casework:attachment_upload",
    "casework:comment",
    "casework:transition",
    "exports:start",
    "org:unit_set_active",
    "passports:reveal",
    "people:archive",
    "people:reveal",
    "reference:calendar_day_remove",
    "reference:dict_item_toggle",
    "regulations:pack_activate",
    "regulations:pack_create_draft",
    "trips:external_approval",
    "trips:objection_resolve",
    "trips:override",
    "trips:passport",
    "trips:passports_batch",
    "trips:recheck",
    "trips:report",
    "trips:transition",
    "trips:visa_add",
    # --- invitations (邀请外国人来华) ---
    "invitations:transition",
    "invitations:close_out",
    "invitations:problems",
    "invitations:registration_review",
    # --- end invitations ---
    # --- visits ---
    "visits:participant_remove",
    "visits:event_cancel",
    "visits:seating_reset",
    "visits:programme_issue",
    "visits:gift_action",
    "visits:feed_revoke",
    "visits:follow_up_add",
    "visits:follow_up_done",
    # --- end visits ---
    # partners (apps.partners)
    "partners:activity_link",
    "partners:activity_note",
    "partners:case_transition",
    "partners:plan_item_add",
    "partners:plan_item_status",
    "partners:profile_edit",
    "partners:note_save",
    # tripchain: the unit's notice, its result, the post-trip notice's result
    "trips:unit_notice_publish",
    "passports:application_withdraw",  # POST-only: withdraw a passport application in progress
    "trips:unit_notice_result",
    "trips:post_notice_result",
}
_NOT_PAGES_ASKED: set[str] = set()
# The trip form's tables that grow by "add a row" (members, itinerary, schedule, budget).
FORM_TABLES = ("members", "legs", "schedule", "budget")
# Trip stages whose form the applicant may still change (their edit page is a form of its own).
EDITABLE = ("returned",)


@dataclass
class Site:
    url: str
    world: object
    totp_keys: dict
    pages: dict  # role → [(label, url, expected statuses)]


def _role_perms(role):
    from apps.accounts.roles import BUILTIN_ROLES

    return next((set(s["permissions"]) for s in BUILTIN_ROLES if s["code"] == role), set())


def pages_for(role: str, world) -> list[tuple[str, str, frozenset]]:
    """Every page ``role`` may open, as (pattern, url, statuses the page may answer)."""
    out = []
    perms = _role_perms(role)
    for pat in discovery.pages(registry.EXCLUDED_PREFIXES):
        entry = registry.PAGES.get(pat.key)
        if entry is None:
            continue
        public = entry.perms is None
        if role == PUBLIC:
            if not public:
                continue
        elif public or not entry.allowed(role, perms):
            continue  # public pages are checked as the public sees them
        if entry.obj in VISIBLE and not sees(role, entry.obj, "inside"):
            continue
        kwargs = entry.build_kwargs(world, "inside", None if role == PUBLIC else role)
        out.append((pat.key, reverse(pat.name, kwargs=kwargs or None), frozenset(entry.ok_for(role))))
    trips = world.trips_by_stage
    if role == PUBLIC:  # the public notices of a trip before and after travel, with the objection form
        for stage in ("unit_notice", "post_notice"):
            url = reverse("trips_public:notice", kwargs={"pk": trips[stage].pk})
            out.append((f"trips_public:notice {stage}", url, frozenset({200})))
    elif "casework.view" in perms and sees(role, "trip", "inside"):
        for stage, trip in trips.items():
            url = reverse("trips:detail", kwargs={"pk": trip.pk})
            # a draft whose pre-trip notice is up in the unit is still the unit's: the office's
            # divisions see it once it is submitted (404 before, as for any case out of reach)
            ok = {404} if stage in UNIT_ONLY and role in OFFICE_DIVISION_ROLES else {200}
            out.append((f"trips:detail {stage}", url, frozenset(ok)))
        if "casework.apply" in perms:
            for stage in EDITABLE:
                url = reverse("trips:edit", kwargs={"pk": trips[stage].pk})
                out.append((f"trips:edit {stage}", url, frozenset({200})))
    if role == "none":  # what a refused user sees
        out.append(("403 page", reverse("casework:list"), frozenset({403})))
    return out


class CachedStaticFiles(StaticFilesHandler):
    """Static files with a lifetime, as production's WhiteNoise serves them: the browser asks for the
    styles, scripts and the dozens of font slices once, not again on every page."""

    def serve(self, request):
        response = super().serve(request)
        response["Cache-Control"] = "max-age=3600"
        return response


@pytest.fixture(scope="module")
def site(browser, django_db_setup, django_db_blocker):
    """The world, committed to the test database and served by a live server of this module; the
    database is put back as it was (flushed and its reference data reloaded) when the module ends."""
    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from pytest_django.live_server_helper import LiveServer

    from apps.accounts.models import Role, User

    from . import stages

    shutil.rmtree(RESULTS, ignore_errors=True)  # screenshots of an earlier run
    with django_db_blocker.unblock():
        reference = getattr(connection, "_test_serialized_contents", None)
        if reference is not None:
            # A transactional test before this module leaves the database flushed.
            reload_reference(connection, reference)
        else:
            reference = connection.creation.serialize_db_to_string()
        server = None
        try:
            world = stages.build()
            keys = {
                d.user.username: bytes.fromhex(d.key)
                for d in TOTPDevice.objects.filter(confirmed=True).select_related("user")
            }
            # An administrator who has not enrolled two-factor yet: sees the enrolment page.
            newadmin = User.objects.create_user(username="newadmin", password=PASSWORD, full_name="新管理员")
            newadmin.roles.set(Role.objects.filter(code="sysadmin"))
            pages = {role: pages_for(role, world) for role in ROLES}
            server = LiveServer("127.0.0.1", start=False)
            server.thread.static_handler = CachedStaticFiles
            server.start()
            # The office publishes notices on the open internet (off by default): the public pages too.
            from django.conf import settings
            from django.test import override_settings

            with override_settings(WAIBAN={**settings.WAIBAN, "TRIP_PUBLIC_NOTICES": True}):
                yield Site(url=server.url, world=world, totp_keys=keys, pages=pages)
        finally:
            if server is not None:
                # The browser has hung up; let the server's request threads finish (each closes its
                # database connection, shared with this thread on SQLite) before the server stops.
                for thread in threading.enumerate():
                    if "process_request_thread" in thread.name:
                        thread.join(timeout=10)
                server.stop()
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            reload_reference(connection, reference)


def reload_reference(connection, reference: str) -> None:
    """Reload the reference data the migrations wrote, then move each table's id sequence past it.

    Flushing resets PostgreSQL's sequences to 1 and the reference rows come back with their own ids, so
    without the reset the next row created (the world's first case type) would reuse id 1."""
    from django.apps import apps
    from django.core.management.color import no_style

    connection.creation.deserialize_db_from_string(reference)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def sign_in(session: Session, site: Site, username: str, *, check_2fa: bool) -> None:
    """Sign in through the login form; administrators then enter their TOTP code (its page checked)."""
    from django_otp.oath import totp

    page = session.page
    session.goto(reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("[data-testid=login-form] button[type=submit]").click()
    if "/2fa/verify/" in page.url:
        if check_2fa:
            session.check(reverse("accounts:verify_2fa"))
        page.fill("input[name=otp_token]", f"{totp(site.totp_keys[username]):06d}")
        with page.expect_navigation():
            page.locator("[data-testid=verify-2fa-form] button[type=submit]").click()
    assert "/accounts/login" not in page.url, f"{username} could not sign in"


def check_pages(session: Session, pages) -> None:
    only = os.environ.get("WAIBAN_VISIBILITY_ONLY")  # a part of the URL: check only those pages
    for key, url, expect in pages:
        if only and only not in url:
            continue
        if key in POST_ONLY:
            status, _page = session.fetch(url)
            if status != 405 and (status == 200 or status not in expect):
                session.add(url, "page", f"listed as POST-only but a GET answered {status}")
            session.skipped.append((key, "POST-only action"))
            continue
        if key in NOT_PAGES:
            if url not in _NOT_PAGES_ASKED:
                _NOT_PAGES_ASKED.add(url)
                status, page = session.fetch(url)
                if page:
                    session.add(url, "page", f"listed as not a page ({NOT_PAGES[key]}) but is one")
            session.skipped.append((key, NOT_PAGES[key]))
            continue
        if session.goto(url, expect=expect) is None:
            continue
        session.check(url)
        if key == "trips:new":
            add_rows(session, url)
        if key == "web:home":
            open_menu(session, url)


def open_menu(session: Session, url: str) -> None:
    """On a phone the navigation folds into a menu button: open it and check what it shows."""
    session.resize("phone")
    toggler = session.page.locator(".navbar-toggler")
    if not toggler.count():
        session.add(url, "page", "no menu button on a phone", "phone")
        return
    toggler.click()
    session.page.locator("#wb-nav.show").wait_for()
    session.page.wait_for_function("!document.querySelector('#wb-nav.collapsing')")
    session.check(url, state="menu open", viewports=("phone",))


def add_rows(session: Session, url: str) -> None:
    """Click every "add a row" button of the form twice; the new rows must show like the others."""
    page = session.page
    buttons = page.locator("[data-testid^=add-][hx-get]")
    names = [buttons.nth(i).get_attribute("data-testid") for i in range(buttons.count())]
    missing = {f"add-{kind}" for kind in FORM_TABLES} - set(names)
    if missing:
        session.add(url, "page", f"no button to add a row: {sorted(missing)}")
    for name in names:
        kind = name.removeprefix("add-")
        rows = page.locator(f"#{kind}-body > [data-testid={kind}-row]")
        for _ in range(2):
            before = rows.count()
            try:
                page.locator(f"[data-testid={name}]").click(timeout=5000)
                rows.nth(before).wait_for(timeout=5000)
            except Exception as exc:
                session.add(url, f"[data-testid={name}]", f"adding a row failed: {str(exc).splitlines()[0]}")
                break
    session.check(url, state="2 rows added to each table")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_shows_its_forms_and_rows(browser, site, role):
    started = time.monotonic()
    session = Session(browser, site.url, role)
    try:
        if role == PUBLIC:
            check_pages(session, site.pages[role])
            # The enrolment page an administrator without two-factor sees after the password.
            sign_in(session, site, "newadmin", check_2fa=False)
            assert "/accounts/2fa/setup/" in session.page.url, session.page.url
            session.check(reverse("accounts:setup_2fa"), state="first sign-in of an administrator")
        else:
            sign_in(session, site, role, check_2fa=True)
            check_pages(session, site.pages[role])
    finally:
        session.close()
    pages = {label for label, _viewport in session.checked}
    print(
        f"\n{role}: {len(pages)} pages and page states, {len(session.checked)} checks at 1366×768 and "
        f"390×844 ({session.elements} elements) in {time.monotonic() - started:.1f}s; "
        f"{len(session.skipped)} POST-only actions, downloads and fragments not opened"
    )
    if not os.environ.get("WAIBAN_VISIBILITY_ONLY"):
        opened = len(site.pages[role]) - len(session.skipped)
        missing = sorted({str(u) for u in site.pages[role]} - pages - {str(u) for u, *_ in session.skipped})
        assert len(pages) >= opened, f"{role}: {len(pages)} pages checked of {opened}; not checked: {missing}"
    assert not session.problems, (
        f"{len(session.problems)} problems for {role} (screenshots in test-results/visibility/):\n"
        + "\n".join(str(p) for p in session.problems)
    )
