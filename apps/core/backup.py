"""Backups that restore (备份与恢复): the database and the attachments, with a manifest that proves a restore.

A backup is a folder ``<dest>/waiban-backup-<UTC time>/`` holding

* ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
  ``database.pgdump`` (``pg_dump --format=custom`` in the same snapshot as the row counts);
* ``media.tar`` — every file under ``MEDIA_ROOT`` (attachments, generated documents, exports);
* ``manifest.json`` — the engine, the applied migrations, the row count of every table, the audit
  chain's head (last id, hash, count) and the SHA-256 of every file.

Encrypted columns are copied as stored (ciphertext): a restore needs the same
``WAIBAN_FIELD_ENCRYPTION_KEYS`` and ``WAIBAN_AUDIT_KEY``, which are kept apart from the backup.

``restore`` puts both back into the configured database and ``MEDIA_ROOT`` and then ``check`` compares
what is there with the manifest — row counts, the audit head, ``audit_verify`` of the whole chain and the
SHA-256 of every file — and names every difference.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


def _tables() -> list[str]:
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(names & existing)


def _counts(cursor, tables) -> dict[str, int]:
    out = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        out[table] = cursor.fetchone()[0]
    return out


def _audit_head(cursor) -> dict:
    table = connection.ops.quote_name("audit_auditevent")
    cursor.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
    row = cursor.fetchone()
    return {"last_id": row[0], "hash": row[1]} if row else {"last_id": None, "hash": ""}


def _migrations(cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): _sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _pg_env_and_url() -> tuple[dict, list[str]]:
    """Environment and connection arguments for pg_dump / pg_restore / psql from Django's settings."""
    import os

    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def backup(dest) -> Path:
    """Write a backup folder under ``dest`` and return its path."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = Path(dest) / f"waiban-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    tables = _tables()
    manifest = {"format": 1, "created_at": stamp, "engine": connection.vendor}
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        out = sqlite3.connect(target)
        try:
            connection.connection.backup(out)
        finally:
            out.close()
        copy = sqlite3.connect(target)
        try:
            cursor = copy.cursor()
            manifest["tables"] = {
                t: cursor.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
                for t in tables
            }
            row = cursor.execute(
                'SELECT id, hash FROM "audit_auditevent" ORDER BY id DESC LIMIT 1'
            ).fetchone()
            manifest["audit"] = {"last_id": row[0], "hash": row[1]} if row else {"last_id": None, "hash": ""}
            manifest["migrations"] = [
                f"{a}.{n}"
                for a, n in cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            ]
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_url()
        # Row counts and the dump from one snapshot: counted inside a repeatable-read transaction whose
        # snapshot pg_dump is told to use.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            manifest["tables"] = _counts(cursor, tables)
            manifest["audit"] = _audit_head(cursor)
            manifest["migrations"] = _migrations(cursor)
            done = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                 "--file", str(folder / "database.pgdump"), *args],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    else:
        raise BackupError(f"backups of {connection.vendor} databases are not supported")
    media_root = Path(settings.MEDIA_ROOT)
    manifest["files"] = _media_files(media_root)
    with tarfile.open(folder / MEDIA_TAR, "w") as tar:
        for rel in manifest["files"]:
            tar.add(media_root / rel, arcname=rel)
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return folder


def read_manifest(folder) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} is not a waiban backup (no {MANIFEST})")
    return json.loads(path.read_text())


def restore(folder) -> None:
    """Put the backup's database and files back (the configured database is replaced)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database; this one is {connection.vendor}"
        )
    if connection.vendor == "sqlite":
        source = sqlite3.connect(folder / "database.sqlite3")
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    else:
        env, args = _pg_env_and_url()
        connection.close()
        done = subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
             *args, str(folder / "database.pgdump")],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_TAR) as tar:
        tar.extractall(media_root, filter="data")


def check(folder) -> list[str]:
    """Differences between the configured database and files and the backup's manifest ([] = none)."""
    from apps.audit.chain import verify

    manifest = read_manifest(folder)
    problems = []
    with connection.cursor() as cursor:
        counts = _counts(cursor, list(manifest["tables"]))
        head = _audit_head(cursor)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, the backup has {expected}")
    if head != manifest["audit"]:
        problems.append(f"audit head {head} differs from the backup's {manifest['audit']}")
    # The chain itself; anchors written after the backup was taken would name events it cannot have.
    broken = verify(from_id=0, anchors=False).first_break
    if broken is not None:
        problems.append(f"audit chain: {broken}")
    media_root = Path(settings.MEDIA_ROOT)
    for rel, digest in manifest["files"].items():
        path = media_root / rel
        if not path.is_file():
            problems.append(f"file {rel} is missing")
        elif _sha256(path) != digest:
            problems.append(f"file {rel} differs from the backup (SHA-256)")
    return problems
