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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

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


def hash_ok(event_id: int | None, prev_hash: str, content: dict, stored: str) -> bool:
    keyed = event_id is None or event_id > settings.AUDIT_LEGACY_UNKEYED_UNTIL
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


def iter_rows(*, from_id: int = 0, chunk: int = 5000) -> Iterator[tuple]:
    """Every event with id ≥ from_id in id order, ``chunk`` rows at a time (keyset on the primary key)."""
    last = from_id - 1
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id").values_list(*ROW_FIELDS)[:chunk])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def verify(*, from_id: int = 0, chunk: int = 5000, progress=None) -> Result:
    """Recompute every hash from ``from_id`` on; stop at the first broken link."""
    result = Result()
    expected_prev: str | None = None
    prev_id: int | None = None
    if from_id > 0:
        before = AuditEvent.objects.filter(id__lt=from_id).order_by("-id").values_list("id", "hash").first()
        if before:
            prev_id, expected_prev = before
    for row in iter_rows(from_id=from_id, chunk=chunk):
        event_id, *content_values, prev_hash, stored_hash = row
        content = dict(zip(CONTENT_FIELDS, content_values, strict=True))
        if not hash_ok(event_id, prev_hash, content, stored_hash):
            result.first_break = Break(
                event_id,
                content["at"],
                "content",
                "content altered: the stored hash does not match the row's content",
            )
            return result
        if expected_prev is None:
            if prev_hash != GENESIS_HASH and not _purge_anchor_ok(event_id, prev_hash):
                result.first_break = Break(
                    event_id,
                    content["at"],
                    "start",
                    "chain broken: the log starts with an event whose predecessor is missing "
                    "and no recorded purge explains it",
                )
                return result
        elif prev_hash != expected_prev:
            result.first_break = Break(
                event_id,
                content["at"],
                "chain",
                f"chain broken: prev_hash does not match the hash of event #{prev_id} "
                f"(an event before it was deleted, or #{prev_id} was rewritten)",
            )
            return result
        expected_prev, prev_id = stored_hash, event_id
        result.checked += 1
        result.last_id = event_id
        if progress and result.checked % 100000 == 0:
            progress(result.checked)
    if from_id == 0:
        from .anchors import check_anchors

        result.first_break = check_anchors()
    return result
