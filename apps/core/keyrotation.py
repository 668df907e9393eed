"""Field-key rotation (字段加密密钥轮换): re-encrypt every protected column under the newest key.

Every encrypted column of the project (``apps.core.crypto.encrypted_fields()``: found by type, so a new
one is covered without a list) is read in primary-key batches with plain SQL (no model ``save()``: no
timestamps move, no signals, no versions bumped) and each value is brought under the key that now encrypts
(the first of ``WAIBAN_FIELD_ENCRYPTION_KEYS``):

* already under that key → left as it is (so a run that was interrupted is simply run again: it goes on
  where the work remains, and a second run changes nothing);
* under an older key of the list → decrypted and encrypted again;
* not a Fernet token at all (a column encrypted by a migration, written in clear before) → encrypted;
* a token no configured key opens → left untouched and reported (a key is missing from the list).

Each batch is one transaction. The whole run is audited (``core.rotate_field_key``: the columns, how many
values were re-encrypted, how many could not be read), also when it stops half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.db import connections, router, transaction

from .crypto import encrypted_fields, field_keys, reset_field_keys

# A Fernet token: version byte 0x80, base64url → always starts with "gAAAAA".
TOKEN_PREFIX = "gAAAAA"


@dataclass
class ColumnReport:
    label: str  # "passports.Passport.mrz_line1"
    scanned: int = 0
    current: int = 0  # already under the newest key
    rotated: int = 0  # re-encrypted from an older key
    encrypted: int = 0  # was in clear, now encrypted
    unreadable: list = field(default_factory=list)  # primary keys no configured key opens

    def as_dict(self) -> dict:
        return {
            "scanned": self.scanned,
            "current": self.current,
            "rotated": self.rotated,
            "encrypted": self.encrypted,
            "unreadable": len(self.unreadable),
        }


@dataclass
class Column:
    label: str
    table: str
    pk: str
    column: str
    using: str = "default"


def columns(models: Iterable[str] | None = None) -> list[Column]:
    """Every encrypted column (optionally only of the models named "app_label.Model")."""
    wanted = {m.lower() for m in models} if models else None
    out = []
    for model, f in encrypted_fields():
        label = model._meta.label
        if wanted is not None and label.lower() not in wanted:
            continue
        out.append(
            Column(
                label=f"{label}.{f.name}",
                table=model._meta.db_table,
                pk=model._meta.pk.column,
                column=f.column,
                using=router.db_for_write(model),
            )
        )
    return out


class Recrypter:
    """Brings one stored value under the newest key (``None``: leave it as it is)."""

    def __init__(self, keys: list[bytes] | None = None):
        keys = keys or field_keys()
        self.primary = Fernet(keys[0])
        self.any = MultiFernet([Fernet(k) for k in keys])

    def __call__(self, stored: str, report: ColumnReport, pk) -> str | None:
        token = stored.encode("utf-8")
        try:
            self.primary.decrypt(token)
        except InvalidToken:
            pass
        else:
            report.current += 1
            return None
        try:
            plain = self.any.decrypt(token)
        except InvalidToken:
            if stored.startswith(TOKEN_PREFIX):
                report.unreadable.append(pk)
                return None
            report.encrypted += 1
            return self.primary.encrypt(stored.encode("utf-8")).decode("utf-8")
        report.rotated += 1
        return self.primary.encrypt(plain).decode("utf-8")


def rotate_column(col: Column, *, recrypt: Recrypter, batch_size: int = 500, progress=None) -> ColumnReport:
    report = ColumnReport(col.label)
    connection = connections[col.using]
    q = connection.ops.quote_name
    table, pk, column = q(col.table), q(col.pk), q(col.column)
    select_first = f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {pk} LIMIT %s"  # noqa: S608
    select_next = (
        f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL AND {pk} > %s "  # noqa: S608
        f"ORDER BY {pk} LIMIT %s"
    )
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"  # noqa: S608
    last = None
    while True:
        with transaction.atomic(using=col.using), connection.cursor() as cursor:
            if last is None:
                cursor.execute(select_first, [batch_size])
            else:
                cursor.execute(select_next, [last, batch_size])
            rows = cursor.fetchall()
            for row_pk, stored in rows:
                if not stored:
                    continue
                report.scanned += 1
                new = recrypt(str(stored), report, row_pk)
                if new is not None:
                    # "AND column = old": a value someone changed meanwhile is theirs (already current)
                    cursor.execute(update, [new, row_pk, stored])
        if not rows:
            break
        last = rows[-1][0]
        if progress:
            progress(report)
        if len(rows) < batch_size:
            break
    return report


def rotate(
    *,
    models: Iterable[str] | None = None,
    batch_size: int = 500,
    progress: Callable[[ColumnReport], None] | None = None,
    audit: bool = True,
) -> list[ColumnReport]:
    """Re-encrypt every encrypted column under the newest key; returns one report per column."""
    from apps.audit.actions import AuditAction
    from apps.audit.services import record

    reset_field_keys()  # read the key settings as they are now
    recrypt = Recrypter()
    reports: list[ColumnReport] = []
    done = False
    try:
        for col in columns(models):
            reports.append(rotate_column(col, recrypt=recrypt, batch_size=batch_size, progress=progress))
        done = True
    finally:
        if audit:
            record(
                action=AuditAction.CORE_ROTATE_FIELD_KEY,
                actor=None,
                target_repr="field encryption key",
                extra={
                    "completed": done,
                    "keys_configured": len(recrypt.any._fernets),
                    "columns": {r.label: r.as_dict() for r in reports},
                },
            )
    return reports


def encrypt_columns_in_place(table: str, pk: str, names: Iterable[str], schema_editor) -> None:
    """For a data migration that turns clear columns into encrypted ones: encrypt what is stored in clear
    (values that are already tokens are kept), on the migration's connection."""
    recrypt = Recrypter()
    for name in names:
        col = Column(
            label=f"{table}.{name}", table=table, pk=pk, column=name, using=schema_editor.connection.alias
        )
        rotate_column(col, recrypt=recrypt)
    _fire_pending_checks(schema_editor.connection)


def _fire_pending_checks(connection) -> None:
    """PostgreSQL: check the deferred foreign keys of the rows just updated now, so that the migration may
    ALTER the same table next in its transaction ("pending trigger events")."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def decrypt_columns_in_place(table: str, pk: str, names: Iterable[str], schema_editor) -> None:
    """The reverse of :func:`encrypt_columns_in_place` (a migration rolled back): store the clear text."""
    recrypt = Recrypter()
    connection = schema_editor.connection
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT {q(pk)}, {q(name)} FROM {q(table)} WHERE {q(name)} IS NOT NULL")  # noqa: S608
            for row_pk, stored in cursor.fetchall():
                try:
                    plain = recrypt.any.decrypt(str(stored).encode("utf-8")).decode("utf-8")
                except InvalidToken:
                    continue
                cursor.execute(
                    f"UPDATE {q(table)} SET {q(name)} = %s WHERE {q(pk)} = %s",  # noqa: S608
                    [plain, row_pk],
                )
            # the clear column was NOT NULL with "" for blank
            cursor.execute(f"UPDATE {q(table)} SET {q(name)} = '' WHERE {q(name)} IS NULL")  # noqa: S608
    _fire_pending_checks(connection)
