"""Django's ``flush`` with the audit table's database guard lifted for the duration.

``flush`` empties every table (the test runner uses it between transactional tests). The audit table's
triggers refuse DELETE of recent events (SQLite flush) and TRUNCATE (PostgreSQL flush), so they are
switched off for the flush and back on afterwards. Anyone who may run ``flush`` can drop the database
anyway; everyday code paths cannot reach this.
"""

from django.core.management.commands.flush import Command as DjangoFlush

from apps.audit.db_guard import guard_disabled, table_exists


class Command(DjangoFlush):
    def handle(self, **options):
        database = options["database"]
        if not table_exists(database):
            return super().handle(**options)
        with guard_disabled(database):
            return super().handle(**options)
