"""Backup → wipe → restore with nothing lost (security review, finding 10).

Runs the real commands in a separate process against a database of its own (a temporary SQLite file, or
a temporary PostgreSQL database when the suite runs on PostgreSQL): migrate, fill it through the services
(organisation, accounts, a person with an encrypted ID number, audit events, an attachment file), back up,
wipe the database and the files, restore, and check that every table, the audit chain and every file are
back — and that the encrypted ID number still decrypts. A backup whose file was altered is refused.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

FILL = """
from apps.org import demo as org_demo
from apps.accounts import demo as accounts_demo
from apps.accounts.models import User
from apps.people import services as people
from apps.people.idcard import check_char
from django.conf import settings
from pathlib import Path
import datetime

office, units = org_demo.load()
accounts_demo.load(office, units)
clerk = User.objects.get(username="zhuanban")
first17 = "32030219800101001"
people.person_create(by=clerk, data={"full_name": "备份测试", "unit": clerk.unit,
    "id_number": first17 + check_char(first17), "sex": "M", "date_of_birth": datetime.date(1980, 1, 1)})
media = Path(settings.MEDIA_ROOT) / "attachments" / "2026" / "12"
media.mkdir(parents=True, exist_ok=True)
(media / "scan.pdf").write_bytes(b"%PDF-1.4 backup test " + bytes(range(256)))
print("filled")
"""

CHECK = """
from apps.people.models import Person
p = Person.objects.get(full_name="备份测试")
print("ID", p.id_number)
"""


def _env(tmp_path, db_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WAIBAN_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="waiban.settings",
        DJANGO_SECRET_KEY="backup-test-secret-key-0123456789abcdef",
        WAIBAN_FIELD_ENCRYPTION_KEYS="backup-test-field-key-0123456789",
        WAIBAN_LOOKUP_HASH_KEY="backup-test-lookup-key-0123456789",
        WAIBAN_AUDIT_KEY="backup-test-audit-key-0123456789",
        WAIBAN_HTTPS="false",
        WAIBAN_VAR_DIR=str(tmp_path / "var"),
        WAIBAN_MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=db_url,
    )
    return env


def _manage(env, *args, ok=True):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if ok and done.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def database(tmp_path):
    """(DATABASE_URL, wipe) of a database of the test's own, on the engine the suite runs on."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        import psycopg

        db = settings.DATABASES["default"]
        name = f"waiban_backup_{uuid.uuid4().hex[:10]}"
        admin = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/postgres"

        def run(sql):
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql)

        run(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"

        def wipe():
            run(f'DROP DATABASE "{name}" WITH (FORCE)')
            run(f'CREATE DATABASE "{name}"')

        yield url, wipe
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "backup-test.sqlite3"
        yield f"sqlite:///{path}", lambda: path.unlink()


def test_backup_wipe_restore_loses_nothing(tmp_path, database):
    url, wipe = database
    env = _env(tmp_path, url)
    _manage(env, "migrate", "--noinput", "-v", "0")
    assert "filled" in _manage(env, "shell", "-c", FILL).stdout
    before = _manage(env, "shell", "-c", CHECK).stdout
    assert "ID 32030219800101001" in before

    folder = Path(_manage(env, "backup", str(tmp_path / "backups")).stdout.strip())
    assert (folder / "manifest.json").exists()
    assert "OK:" in _manage(env, "backup_check", str(folder)).stdout

    # Wipe: the database and every file are gone.
    wipe()
    import shutil

    shutil.rmtree(tmp_path / "media")
    assert _manage(env, "backup_check", str(folder), ok=False).returncode != 0

    restored = _manage(env, "restore", str(folder), "--yes")
    assert "restored and checked" in restored.stdout
    assert _manage(env, "shell", "-c", CHECK).stdout == before
    assert "OK:" in _manage(env, "audit_verify").stdout
    assert (tmp_path / "media" / "attachments" / "2026" / "12" / "scan.pdf").read_bytes().startswith(b"%PDF")

    # A file changed after the backup is named.
    (tmp_path / "media" / "attachments" / "2026" / "12" / "scan.pdf").write_bytes(b"tampered")
    differs = _manage(env, "backup_check", str(folder), ok=False)
    assert differs.returncode != 0 and "scan.pdf differs" in differs.stdout


def test_restore_asks_for_confirmation(tmp_path, database):
    url, _wipe = database
    done = _manage(_env(tmp_path, url), "restore", str(tmp_path), ok=False)
    assert done.returncode != 0 and "--yes" in done.stderr
