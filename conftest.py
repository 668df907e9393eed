"""Fixtures shared by every app's tests."""

import os

import pytest
from django.db import connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API with live_server


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Each test starts (and ends) with the working-day calendar loaded from its own database state."""
    from apps.reference import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def _fresh_office_cache():
    """The office row cached per process (``org.selectors.office_cached``) never outlives a test."""
    from apps.core.process_cache import clear_all
    from apps.org.selectors import office_cache_clear

    office_cache_clear()
    clear_all()
    yield
    office_cache_clear()
    clear_all()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Nothing cached (the inbox badge, rate limits …) outlives a test: ids are reused across tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, whatever an earlier test or request activated."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def office(db):
    from apps.org import demo

    return demo.load_office()


@pytest.fixture
def divisions(office):
    from apps.org.models import Division

    return {d.code: d for d in Division.objects.all()}


@pytest.fixture
def units(db):
    from apps.org import demo

    return demo.load_units()


@pytest.fixture
def make_user(db):
    """make_user("name", roles=["unit_clerk"], unit=..., division=...) → a saved user with that password."""
    from apps.accounts.models import Role, User

    counter = {"n": 0}

    def make(username=None, *, roles=(), unit=None, division=None, password="Waiban-Test-2026!", **extra):
        counter["n"] += 1
        username = username or f"user{counter['n']}"
        user = User.objects.create_user(
            username=username,
            password=password,
            full_name=extra.pop("full_name", f"测试用户{counter['n']}"),
            unit=unit,
            division=division,
            **extra,
        )
        user.roles.set(Role.objects.filter(code__in=roles))
        return user

    return make


@pytest.fixture
def postgres_only():
    # No database fixture here: the test is skipped before any transactional set-up happens.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture
def login(client):
    """login(user) → the test client signed in as user, with two-factor verified when a device exists
    or the user's roles require it (so tests of admin pages don't each repeat the 2FA dance)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def do(user, c=None):
        c = c or client
        c.force_login(user)
        needs = user.roles.filter(requires_2fa=True).exists()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None and needs:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        if device is not None:
            session = c.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return c

    return do


# --- Browser tests (Playwright driving Debian's Chromium) ------------------------------------------------
CHROMIUM = os.environ.get("WAIBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("WAIBAN_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (CI installs Debian's chromium package)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh browser page; fails the test if any request leaves the live server (offline principle)
    or a JavaScript error occurs."""
    from tests.browser.helpers import new_page

    settings.ALLOWED_HOSTS = ["*"]
    with new_page(browser) as pg:
        yield pg


def pytest_collection_modifyitems(items):
    """Transactional tests (threads, live server) flush the database when they end, which would wipe
    the reference data that migrations ship (roles, countries, calendar, rule packs) for the tests after
    them; serialized rollback restores it. Marked here once, so no test can forget it.

    PostgreSQL-only tests (marker ``postgres`` or fixture ``postgres_only``) are skipped here, at
    collection, on SQLite: skipping them later would still set up and flush a transactional database."""
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://… make test; CI runs it)")
    for item in items:
        names = getattr(item, "fixturenames", None) or ()
        if not on_postgres and (item.get_closest_marker("postgres") or "postgres_only" in names):
            item.add_marker(skip_pg)
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            kwargs.setdefault("transaction", marker.args[0])
        transactional = kwargs.get("transaction") or "live_server" in names or "transactional_db" in names
        if transactional and not kwargs.get("serialized_rollback"):
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)  # closest wins
