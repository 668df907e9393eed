"""The database itself refuses to change or remove login-log entries (sign-ins, failures, lockouts,
sign-outs), as it does for audit events (0002): UPDATE, DELETE and TRUNCATE of ``accounts_loginlog`` are
refused, always (the login log is never purged). The SQL here is the single source of truth for that guard
(``apps.audit.db_guard`` lifts it only for ``manage.py flush`` and the tamper tests)."""

from django.db import migrations

TABLE = "accounts_loginlog"

PG_CREATE = f"""
CREATE OR REPLACE FUNCTION login_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the login log is append-only: % of {TABLE} refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS login_log_no_update ON {TABLE};
CREATE TRIGGER login_log_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION login_log_append_only();
DROP TRIGGER IF EXISTS login_log_no_delete ON {TABLE};
CREATE TRIGGER login_log_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION login_log_append_only();
DROP TRIGGER IF EXISTS login_log_no_truncate ON {TABLE};
CREATE TRIGGER login_log_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION login_log_append_only();
"""

PG_DROP = f"""
DROP TRIGGER IF EXISTS login_log_no_update ON {TABLE};
DROP TRIGGER IF EXISTS login_log_no_delete ON {TABLE};
DROP TRIGGER IF EXISTS login_log_no_truncate ON {TABLE};
DROP FUNCTION IF EXISTS login_log_append_only();
"""

SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS login_log_no_update",
    f"""CREATE TRIGGER login_log_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the login log is append-only: UPDATE of {TABLE} refused'); END""",
    "DROP TRIGGER IF EXISTS login_log_no_delete",
    f"""CREATE TRIGGER login_log_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the login log is append-only: DELETE of {TABLE} refused'); END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS login_log_no_update",
    "DROP TRIGGER IF EXISTS login_log_no_delete",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_target_type_index"),
        ("accounts", "0008_login_log_chain"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
