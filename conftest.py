"""Fixtures shared by every app's tests."""

import os

import pytest
from django.db import connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API with live_server


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
            username=username, password=password, full_name=extra.pop("full_name", f"测试用户{counter['n']}"),
            unit=unit, division=division, **extra,
        )
        user.roles.set(Role.objects.filter(code__in=roles))
        return user

    return make


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
