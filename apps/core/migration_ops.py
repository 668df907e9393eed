"""Migration operations shared by the apps' migrations.

``trigram_indexes``: a search written ``col__icontains`` is ``UPPER(col::text) LIKE UPPER('%…%')`` on
PostgreSQL, and only a trigram (pg_trgm) GIN index on that same expression serves it. PostgreSQL only
(pg_trgm is a trusted extension: the database owner may create it); nothing on SQLite, where such a
search scans. A term needs three characters to give a trigram.
"""

from __future__ import annotations

from django.db import migrations


def trigram_indexes(*specs: tuple[str, str, str]) -> migrations.RunPython:
    """A RunPython operation creating (and on reverse dropping) ``(index name, table, column)`` indexes."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in specs:
            key = f'(UPPER("{column}"::text)) gin_trgm_ops'
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({key})')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in specs:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
