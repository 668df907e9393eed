"""Anchors of the audit chain (审计链锚点): the head of the chain, written where the database cannot reach.

The keyed chain (``apps.audit.chain``) stops anyone without the key from re-hashing a rewritten row, but
the newest events could still be deleted from the end without a trace. An anchor records the head of the
chain at a moment — the last event's id and hash, the first id and the number of events — signed with the
audit key, and is appended as one JSON line to ``settings.AUDIT_ANCHOR_FILE`` (which belongs on storage
the database administrator cannot rewrite: another host, a write-once volume) and written to the
``waiban.audit.anchor`` log, which a log collector keeps.

``manage.py audit_anchor`` writes one (run it every few minutes from cron or a systemd timer);
``manage.py audit_verify`` checks every anchor: a missing anchored event (truncation), an anchored event
whose hash changed (the chain rewritten after the anchor), fewer events than anchored (deleted rows), and
an anchor line that was edited (bad signature). The auditor's event list shows the last anchor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone

from .actions import AuditAction
from .chain import Break, chain_key
from .models import AuditEvent

logger = logging.getLogger("waiban.audit.anchor")

FIELDS = ("at", "first_id", "last_id", "count", "head_hash")


@dataclass(frozen=True)
class Anchor:
    at: dt.datetime
    first_id: int | None
    last_id: int | None
    count: int
    head_hash: str
    valid: bool  # the signature matches (the line was not edited)
    line: int  # line number in the anchor file


def _sign(payload: dict) -> str:
    text = json.dumps({k: payload[k] for k in FIELDS}, sort_keys=True, separators=(",", ":"))
    return hmac.new(chain_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def _path(path=None) -> Path:
    return Path(path or settings.AUDIT_ANCHOR_FILE)


def write_anchor(*, path=None) -> Anchor:
    """Append the current head of the chain to the anchor file (and the anchor log) and return it."""
    stats = AuditEvent.objects.aggregate(first=Min("id"), last=Max("id"), n=Count("id"))
    head = ""
    if stats["last"] is not None:
        head = AuditEvent.objects.filter(pk=stats["last"]).values_list("hash", flat=True).first() or ""
    payload = {
        "at": timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "first_id": stats["first"],
        "last_id": stats["last"],
        "count": stats["n"],
        "head_hash": head,
    }
    payload["sig"] = _sign(payload)
    line = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    target = _path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    logger.info("audit anchor %s", line)
    return _parse(payload, line=0)


def _parse(data: dict, *, line: int) -> Anchor:
    valid = isinstance(data.get("sig"), str) and all(k in data for k in FIELDS)
    if valid:
        valid = hmac.compare_digest(_sign(data), data["sig"])
    try:
        at = dt.datetime.strptime(str(data.get("at")), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        at, valid = dt.datetime.min.replace(tzinfo=dt.UTC), False
    return Anchor(
        at=at,
        first_id=data.get("first_id"),
        last_id=data.get("last_id"),
        count=int(data.get("count") or 0),
        head_hash=str(data.get("head_hash") or ""),
        valid=valid,
        line=line,
    )


def read_anchors(*, path=None) -> list[Anchor]:
    """Every anchor in the file, oldest first (an unreadable line is an anchor that is not valid)."""
    target = _path(path)
    if not target.exists():
        return []
    anchors = []
    with target.open(encoding="utf-8") as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except ValueError:
                data = {}
            anchors.append(_parse(data if isinstance(data, dict) else {}, line=number))
    return anchors


def last_anchor(*, path=None) -> Anchor | None:
    anchors = read_anchors(path=path)
    return anchors[-1] if anchors else None


def _purged_before(anchor: Anchor) -> int:
    """The first id kept by the latest purge recorded after the anchor (0 when none)."""
    if anchor.last_id is None:
        return 0
    kept = (
        AuditEvent.objects.filter(action=AuditAction.AUDIT_PURGE, id__gt=anchor.last_id)
        .order_by("-id")
        .values_list("extra__first_kept_id", flat=True)
        .first()
    )
    return int(kept or 0)


def check_anchors(*, path=None) -> Break | None:
    """The first anchor the database no longer agrees with, as a chain ``Break`` (None: all agree)."""
    for anchor in read_anchors(path=path):
        where = f"anchor of {anchor.at:%Y-%m-%d %H:%M:%S} UTC (line {anchor.line})"
        if not anchor.valid:
            return Break(0, anchor.at, "anchor", f"{where}: bad signature — the anchor file was edited")
        if anchor.last_id is None:
            continue
        purged = _purged_before(anchor)
        if purged and anchor.last_id < purged:
            continue  # everything this anchor names was purged, as recorded
        stored = AuditEvent.objects.filter(pk=anchor.last_id).values_list("hash", flat=True).first()
        if stored is None:
            return Break(
                anchor.last_id,
                anchor.at,
                "anchor",
                f"{where}: event #{anchor.last_id} is missing — the log was truncated after the anchor",
            )
        if not hmac.compare_digest(stored, anchor.head_hash):
            return Break(
                anchor.last_id,
                anchor.at,
                "anchor",
                f"{where}: event #{anchor.last_id} no longer has the anchored hash — the chain was rewritten",
            )
        if not purged:
            count = AuditEvent.objects.filter(id__gte=anchor.first_id or 0, id__lte=anchor.last_id).count()
            if count != anchor.count:
                return Break(
                    anchor.last_id,
                    anchor.at,
                    "anchor",
                    f"{where}: {anchor.count} events up to #{anchor.last_id} were anchored, {count} remain",
                )
    return None
