"""The hash chain: what is hashed, how, and how the chain is checked.

``hash = HMAC-SHA256(key, prev_hash + canonical JSON of the content)`` where the key is
``settings.AUDIT_CHAIN_KEY`` (from the environment, never in the database: whoever can rewrite rows
cannot recompute their hashes without it) and the content is every column except
``id``, ``prev_hash`` and ``hash``; the JSON has sorted keys, no spaces, UTF-8 (``ensure_ascii=False``) and
the time in a fixed UTC format. The id is not hashed (it is given by the database at insert time); order
and completeness are proven by each row carrying its predecessor's hash. Events up to
``settings.AUDIT_LEGACY_UNKEYED_UNTIL`` (written by a version without the key) keep their plain SHA-256.

The tail of the chain is protected by anchors (``apps.audit.anchors``): ``verify()`` also checks every
signed anchor, so deleting the newest events or rewriting the whole chain after an anchor is found.

The same code chains a second log, the login log (``apps.accounts.models.LoginLog``: sign-ins, failures,
lockouts, sign-outs): a :class:`Chain` names the table, its hashed columns and its writers' lock, and
:func:`append` / :func:`verify` work on either (``AUDIT`` and ``LOGIN_LOG`` below).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .actions import AuditAction
from .models import GENESIS_HASH, AuditEvent

# Columns, in the order read by the verifier (values_list), that make up the hashed content.
CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "changes",
    "extra",
    "ip",
    "user_agent",
    "request_id",
)
ROW_FIELDS = ("id", *CONTENT_FIELDS, "prev_hash", "hash")


@dataclass(frozen=True)
class Chain:
    """One hash-chained, append-only table: which model, which columns are hashed, which lock its writers
    take (a PostgreSQL advisory lock: two writers never chain to the same predecessor)."""

    model_label: str
    content_fields: tuple[str, ...]
    lock_key: int
    noun: str = "event"  # in messages: "event #12", "entry #12"
    legacy_until: Callable[[], int] = lambda: 0
    start_ok: Callable[[int, str], bool] | None = None  # may the chain start mid-way at this row?

    @property
    def model(self):
        return django_apps.get_model(self.model_label)

    @property
    def row_fields(self) -> tuple[str, ...]:
        return ("id", *self.content_fields, "prev_hash", "hash")


def normalise_ip(ip) -> str | None:
    if not ip:
        return None
    try:
        return str(ipaddress.ip_address(str(ip).strip()))
    except ValueError:
        return None


def format_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(content: dict) -> str:
    data = dict(content)
    data["at"] = format_time(data["at"])
    data["ip"] = data.get("ip") or None
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode("utf-8")


def compute_hash(prev_hash: str, content: dict, *, keyed: bool = True) -> str:
    message = ((prev_hash or "") + canonical(content)).encode("utf-8")
    if not keyed:  # events written before the chain was keyed (AUDIT_LEGACY_UNKEYED_UNTIL)
        return hashlib.sha256(message).hexdigest()
    return hmac.new(chain_key(), message, hashlib.sha256).hexdigest()


def hash_ok(
    event_id: int | None, prev_hash: str, content: dict, stored: str, *, chain: Chain | None = None
) -> bool:
    legacy_until = (chain or AUDIT).legacy_until()
    keyed = event_id is None or event_id > legacy_until
    return hmac.compare_digest(compute_hash(prev_hash, content, keyed=keyed), stored)


def event_content(event: AuditEvent) -> dict:
    return {f: getattr(event, f) for f in CONTENT_FIELDS}


def event_hash_ok(event: AuditEvent) -> bool:
    return hash_ok(event.pk, event.prev_hash, event_content(event), event.hash)


@dataclass
class Break:
    event_id: int
    at: dt.datetime
    kind: str  # "content" | "chain" | "start" | "anchor"
    detail: str

    def __str__(self):
        return f"event #{self.event_id} ({format_time(self.at)}): {self.detail}"


@dataclass
class Result:
    checked: int = 0
    first_break: Break | None = None
    last_id: int | None = None


def _purge_anchor_ok(first_id: int, prev_hash: str) -> bool:
    """The chain may start mid-way only where a recorded purge says it does."""
    return AuditEvent.objects.filter(
        action=AuditAction.AUDIT_PURGE, extra__first_kept_id=first_id, extra__first_kept_prev_hash=prev_hash
    ).exists()


AUDIT = Chain(
    model_label="audit.AuditEvent",
    content_fields=CONTENT_FIELDS,
    lock_key=0x61756474,  # "audt"
    legacy_until=lambda: settings.AUDIT_LEGACY_UNKEYED_UNTIL,
    start_ok=_purge_anchor_ok,
)

# The login log: never purged, so it always starts at the genesis; keyed from its first row.
LOGIN_LOG = Chain(
    model_label="accounts.LoginLog",
    content_fields=("at", "username", "user_id", "outcome", "ip", "user_agent"),
    lock_key=0x6C6F676E,  # "logn"
    noun="entry",
)


def append(chain: Chain, rows: Iterable, *, using: str | None = None) -> list:
    """Insert unsaved instances of ``chain.model``, each chained to the one before it; returns them saved.

    One transaction holding the chain's lock (PostgreSQL advisory lock; SQLite: the IMMEDIATE transaction
    already holds the write lock) reads the last hash, stamps ``at`` (microseconds, UTC: what both databases
    store, so the hash survives the round trip), ``prev_hash`` and ``hash``, and inserts. Inside a caller's
    transaction the rows commit or roll back with it.
    """
    model = chain.model
    rows = list(rows)
    db = using or router.db_for_write(model)
    connection = connections[db]
    with transaction.atomic(using=db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [chain.lock_key])
        prev_hash = model._base_manager.using(db).order_by("-id").values_list("hash", flat=True).first()
        prev_hash = prev_hash or GENESIS_HASH
        for row in rows:
            row.at = (row.at or timezone.now()).astimezone(dt.UTC)
            if "ip" in chain.content_fields:
                row.ip = normalise_ip(row.ip)  # as the database gives it back, so the hash survives
            content = {f: getattr(row, f) for f in chain.content_fields}
            row.prev_hash = prev_hash
            row.hash = prev_hash = compute_hash(prev_hash, content)
        # the base QuerySet's bulk_create: the append-only querysets refuse it to everyone else
        QuerySet.bulk_create(model._base_manager.using(db).all(), rows)
    return rows


def iter_rows(*, from_id: int = 0, chunk: int = 5000, chain: Chain | None = None) -> Iterator[tuple]:
    """Every row with id ≥ from_id in id order, ``chunk`` rows at a time (keyset on the primary key)."""
    chain = chain or AUDIT
    model, fields = chain.model, chain.row_fields
    last = from_id - 1
    while True:
        rows = list(model._base_manager.filter(id__gt=last).order_by("id").values_list(*fields)[:chunk])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def verify(
    *, from_id: int = 0, chunk: int = 5000, progress=None, anchors: bool = True, chain: Chain | None = None
) -> Result:
    """Recompute every hash of ``chain`` (the audit trail by default) from ``from_id`` on; stop at the first
    broken link."""
    chain = chain or AUDIT
    noun = chain.noun
    result = Result()
    expected_prev: str | None = None
    prev_id: int | None = None
    if from_id > 0:
        before = (
            chain.model._base_manager.filter(id__lt=from_id).order_by("-id").values_list("id", "hash").first()
        )
        if before:
            prev_id, expected_prev = before
    for row in iter_rows(from_id=from_id, chunk=chunk, chain=chain):
        event_id, *content_values, prev_hash, stored_hash = row
        content = dict(zip(chain.content_fields, content_values, strict=True))
        if not hash_ok(event_id, prev_hash, content, stored_hash, chain=chain):
            result.first_break = Break(
                event_id,
                content["at"],
                "content",
                "content altered: the stored hash does not match the row's content",
            )
            return result
        if expected_prev is None:
            if prev_hash != GENESIS_HASH and not (chain.start_ok and chain.start_ok(event_id, prev_hash)):
                result.first_break = Break(
                    event_id,
                    content["at"],
                    "start",
                    f"chain broken: the log starts with an {noun} whose predecessor is missing "
                    "and no recorded purge explains it",
                )
                return result
        elif prev_hash != expected_prev:
            result.first_break = Break(
                event_id,
                content["at"],
                "chain",
                f"chain broken: prev_hash does not match the hash of {noun} #{prev_id} "
                f"(an {noun} before it was deleted, or #{prev_id} was rewritten)",
            )
            return result
        expected_prev, prev_id = stored_hash, event_id
        result.checked += 1
        result.last_id = event_id
        if progress and result.checked % 100000 == 0:
            progress(result.checked)
    if from_id == 0 and anchors and chain is AUDIT:
        from .anchors import check_anchors

        result.first_break = check_anchors()
    return result
