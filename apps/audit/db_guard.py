"""Switching the database's append-only guards off and on again, for the two operations that need it.

Only ``manage.py flush`` (which empties every table: the test suite between transactional tests) and the
tamper tests use this. The guards' SQL lives in migrations 0002 (audit events) and 0004 (the login log),
the single source of truth.
"""

from contextlib import contextmanager
from importlib import import_module

from django.db import connections

_migration = import_module("apps.audit.migrations.0002_append_only_triggers")
_login_migration = import_module("apps.audit.migrations.0004_login_log_guard")
GUARDS = (_migration, _login_migration)  # each: TABLE, SQLITE_DROP, SQLITE_CREATE


def _tables(connection, guards):
    existing = set(connection.introspection.table_names())
    return [g for g in guards if g.TABLE in existing]


def _disable(connection, guards):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred foreign-key checks are pending in the transaction.
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for g in guards:
                cursor.execute(f"ALTER TABLE {g.TABLE} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for g in guards:
                for sql in g.SQLITE_DROP:
                    cursor.execute(sql)


def _enable(connection, guards):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for g in guards:
                cursor.execute(f"ALTER TABLE {g.TABLE} ENABLE TRIGGER USER")
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        elif connection.vendor == "sqlite":
            for g in guards:
                for sql in g.SQLITE_CREATE:
                    cursor.execute(sql)


@contextmanager
def guard_disabled(using="default", *, tables=None):
    """Within the block the database accepts UPDATE/DELETE/TRUNCATE of audit events and login-log entries
    (``tables``: only these of them)."""
    connection = connections[using]
    guards = _tables(connection, [g for g in GUARDS if tables is None or g.TABLE in tables])
    _disable(connection, guards)
    try:
        yield
    finally:
        _enable(connection, guards)


def table_exists(using="default") -> bool:
    connection = connections[using]
    return bool(_tables(connection, GUARDS))
