"""Fixtures for the cross-cutting tests (access matrix, hostile input): one world per module."""

import pytest
from django.db import transaction

from .world import ROLE_CODES


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world of ``tests/world.py``, built once per module inside a transaction rolled back at the end
    (each test still runs in its own savepoint through the ``db`` fixture)."""
    from . import world as w

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = w.build()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def as_role(db, world, client):
    """as_role("unit_clerk") → the client signed in as that role's user (2FA verified); None → anonymous."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def do(role, c=None):
        c = c or client
        if role is None:
            c.logout()
            return c
        user = world.users[role]
        c.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = c.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return c

    return do


ROLES_AND_ANON = [None, *ROLE_CODES, "none"]
