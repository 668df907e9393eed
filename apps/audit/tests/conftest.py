import pytest
from django.db import connection

from apps.audit.db_guard import guard_disabled


@pytest.fixture
def auditor(make_user):
    return make_user("auditor1", roles=["auditor"], full_name="审计员甲")


@pytest.fixture
def staff(make_user):
    return make_user("staff1", roles=["division_staff"], full_name="张伟")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def raw_sql():
    """Run raw SQL against the audit table with the database guard (triggers) switched off."""

    def run(sql, params=()):
        with guard_disabled(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    return run
