"""The one audit service every write passes through.

``record()`` stores who did what to which object, the before/after of the changed fields, and the
request's IP, browser and request id, chained to the previous event by a SHA-256 hash. It opens its own
``transaction.atomic()`` so it works inside the caller's transaction (the event commits or rolls back
with the change it describes) or on its own.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Iterable

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.functional import Promise

from apps.core import context
from apps.core.crypto import mask_identifier

from .actions import AuditAction, registry
from .chain import AUDIT, append, normalise_ip
from .models import AuditEvent

# Fields whose values are personal identifiers: stored masked in the audit trail, never in clear.
SENSITIVE_FIELDS = frozenset(
    {
        "id_number",
        "id_card_number",
        "identity_number",
        "passport_number",
        "passport_no",
        "permit_number",
        "travel_permit_number",
        "document_number",
        "visa_number",
        "apec_card_number",
        "card_number",
        "certificate_number",
        "hk_macao_permit_number",
    }
)

# Every writer takes this PostgreSQL advisory lock (inside its transaction) before reading the last hash,
# so two concurrent writers cannot both chain to the same predecessor (apps.audit.chain.append).
ADVISORY_LOCK_KEY = AUDIT.lock_key

SENSITIVE_VIEW_ACTION = AuditAction.SENSITIVE_VIEW


def is_sensitive(field: str, target=None) -> bool:
    extra = getattr(target, "AUDIT_SENSITIVE_FIELDS", ()) if target is not None else ()
    return field in SENSITIVE_FIELDS or field in extra


def _clean_str(value: str) -> str:
    return value.replace("\x00", "")  # PostgreSQL refuses NUL in text and jsonb


def json_safe(value):
    """Make a value storable in JSON and stable across a database round trip."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return _clean_str(value)
    if isinstance(value, Promise):
        return _clean_str(str(value))
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float | decimal.Decimal | uuid.UUID):
        return str(value)  # floats as text: JSON number round trips differ between backends
    if isinstance(value, Model):
        return _clean_str(f"{value} (#{value.pk})")
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return _clean_str(str(value))


def _mask(value):
    if value in (None, ""):
        return value
    return mask_identifier(str(value))


def clean_changes(changes: dict | None, target=None) -> dict:
    """{field: [before, after]} made JSON-safe, identifiers masked."""
    out = {}
    for field, pair in (changes or {}).items():
        field = str(field)
        if isinstance(pair, list | tuple) and len(pair) == 2:
            before, after = pair
            value = [json_safe(before), json_safe(after)]
            if is_sensitive(field, target):
                value = [_mask(value[0]), _mask(value[1])]
        else:
            value = json_safe(pair)
            if is_sensitive(field, target):
                value = _mask(value)
        out[field] = value
    return out


_normalise_ip = normalise_ip


def _resolve_actor(actor):
    if actor is None:
        actor = context.current_user()
    if actor is None or not getattr(actor, "is_authenticated", False) or getattr(actor, "pk", None) is None:
        return None
    return actor


def describe_target(target) -> tuple[str, str, str]:
    """(target_type "app_label.model", target_id, repr) for a model instance (or a (type, id) pair)."""
    if target is None:
        return "", "", ""
    if isinstance(target, Model):
        return target._meta.label_lower, "" if target.pk is None else str(target.pk), str(target)
    if isinstance(target, tuple | list) and len(target) == 2:
        return str(target[0]), str(target[1]), ""
    return type(target).__name__.lower(), "", str(target)


def _via_token(ctx) -> dict:
    """``{"via_token": "<name> (<prefix>…)"}`` when the request was authenticated by an API token."""
    token = getattr(getattr(ctx, "request", None), "api_token", None)
    return {"via_token": f"{token.name} ({token.prefix}…)"} if token is not None else {}


def _event_fields(*, action, target=None, changes=None, actor=None, target_repr=None, extra=None) -> dict:
    action = registry.validate(action)  # ValueError for an action that is not in the vocabulary
    actor = _resolve_actor(actor)
    ctx = context.current()
    target_type, target_id, default_repr = describe_target(target)
    model_target = target if isinstance(target, Model) else None
    return {
        "actor_id": actor.pk if actor else None,
        "actor_username": _clean_str(actor.get_username())[:150] if actor else "",
        "actor_name": _clean_str(getattr(actor, "full_name", "") or "")[:100] if actor else "",
        "action": action,
        "target_type": target_type[:100],
        "target_id": _clean_str(target_id)[:64],
        "target_repr": _clean_str(str(target_repr if target_repr is not None else default_repr))[:200],
        "changes": clean_changes(changes, model_target),
        "extra": json_safe({**dict(extra or {}), **_via_token(ctx)}),
        "ip": _normalise_ip(ctx.ip),
        "user_agent": _clean_str(ctx.user_agent or "")[:300],
        "request_id": _clean_str(ctx.request_id or "")[:64],
    }


def record(*, action, target=None, changes=None, actor=None, target_repr=None, extra=None) -> AuditEvent:
    """Append one event to the audit trail and return it.

    ``action`` is a member of ``apps.audit.actions.AuditAction`` (or its string, e.g. "casework.close");
    an action that is not in the vocabulary (``apps.audit.actions.registry``) raises ``ValueError``.
    Guarantees: the event is chained (its ``prev_hash`` is the hash of the event before it, also under
    concurrent writers); personal identifiers in ``changes`` are masked; every value is JSON-safe; the
    actor defaults to the signed-in user of the current request and IP/user agent/request id come from
    the request context. Inside a caller's transaction the event rolls back with the caller's change.
    """
    fields = _event_fields(
        action=action, target=target, changes=changes, actor=actor, target_repr=target_repr, extra=extra
    )
    (event,) = append(AUDIT, [AuditEvent(**fields)])
    return event


def record_many(items, *, batch_size: int = 5000) -> int:
    """Append many events, chained exactly as ``record()`` would (for imports and bulk loads).

    ``items`` yields dicts of ``record()``'s keyword arguments, optionally with ``at`` (an aware datetime,
    for loading historical data). Each batch is one transaction holding the chain lock, so a load of
    millions of rows keeps memory and transactions bounded. Returns the number of events written.
    """
    written = 0
    batch = []
    for item in items:
        batch.append(dict(item))
        if len(batch) >= batch_size:
            written += _append_batch(batch)
            batch = []
    if batch:
        written += _append_batch(batch)
    return written


def _append_batch(items: list[dict]) -> int:
    events = []
    for item in items:
        at = item.pop("at", None)
        events.append(AuditEvent(at=at, **_event_fields(**item)))
    return len(append(AUDIT, events))


def record_sensitive_view(*, target, fields, actor=None, purpose="") -> AuditEvent:
    """Record that someone displayed personal identifiers (ID/passport numbers) of ``target``."""
    return record(
        action=SENSITIVE_VIEW_ACTION,
        target=target,
        actor=actor,
        extra={"fields": [str(f) for f in fields], "purpose": str(purpose or "")},
    )


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed (in a stable order)."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def snapshot(obj, fields: Iterable[str]) -> dict:
    """The current values of ``fields`` on ``obj`` (related objects as themselves, many-to-many as lists)."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "all") and hasattr(value, "through"):  # a many-to-many manager
            value = sorted(str(v) for v in value.all())
        out[name] = value
    return out
