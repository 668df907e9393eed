"""Switching the database's append-only guard off and on again, for the two operations that need it.

Only ``manage.py flush`` (which empties every table: the test suite between transactional tests) and the
tamper tests use this. The guard's SQL lives in migration 0002, the single source of truth.
"""

from contextlib import contextmanager
from importlib import import_module

from django.db import connections

_migration = import_module("apps.audit.migrations.0002_append_only_triggers")


def _disable(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred foreign-key checks are pending in the transaction.
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {_migration.TABLE} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in _migration.SQLITE_DROP:
                cursor.execute(sql)


def _enable(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {_migration.TABLE} ENABLE TRIGGER USER")
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        elif connection.vendor == "sqlite":
            for sql in _migration.SQLITE_CREATE:
                cursor.execute(sql)


@contextmanager
def guard_disabled(using="default"):
    """Within the block the database accepts UPDATE/DELETE/TRUNCATE of audit events."""
    connection = connections[using]
    _disable(connection)
    try:
        yield
    finally:
        _enable(connection)


def table_exists(using="default") -> bool:
    connection = connections[using]
    return _migration.TABLE in connection.introspection.table_names()
