"""Loading the active pack into the engine's plain data, cached in-process.

``load_active_pack()`` costs one indexed query (the cache stamp) when nothing changed; the pack and
the standards table are rebuilt only when the stamp's token changed (every change of a pack, rule
setting or standard sets a new token, see :class:`CheckStamp`), so every process picks up an
activation at its next check, and a rolled-back change never leaves a stale cache behind.
"""

from __future__ import annotations

import threading

from apps.core.statements import fixed_first

from .engine import Pack, RuleConfig, StandardRow, StandardsTable, normalise_city
from .models import CheckStamp, ExpenseStandard, RulePack

_lock = threading.Lock()
_cache: dict = {"token": None, "pack": None}


def _token() -> str | None:
    return fixed_first(CheckStamp.objects.filter(pk=1).values_list("token", flat=True), "regulations.stamp")


def standards_table() -> StandardsTable:
    rows = [
        StandardRow(
            country=s.country.iso2,
            city_group=s.city_group,
            cities=tuple(normalise_city(c) for c in (s.cities or [])),
            currency=s.currency,
            lodging=s.lodging,
            meals=s.meals,
            incidentals=s.incidentals,
            valid_from=s.valid_from,
            citation=s.citation,
        )
        for s in ExpenseStandard.objects.select_related("country")
    ]
    return StandardsTable(rows)


def pack_from_db(pack: RulePack, standards: StandardsTable | None = None) -> Pack:
    rules = {
        r.rule_id: RuleConfig(
            rule_id=r.rule_id,
            enabled=r.enabled,
            severity=r.severity,
            params=r.params,
            message_zh=r.message_zh,
            message_en=r.message_en,
            citation=r.citation,
            title_zh=r.title_zh,
            title_en=r.title_en,
        )
        for r in pack.rules.order_by("order", "rule_id")
    }
    return Pack(
        version=pack.version,
        rules=rules,
        standards=standards if standards is not None else standards_table(),
        name=pack.name,
    )


def load_active_pack() -> Pack:
    """The active pack as plain data (an empty pack with version None if none is active)."""
    token = _token()
    cached = _cache["pack"]
    if cached is not None and token is not None and token == _cache["token"]:
        return cached
    with _lock:
        active = RulePack.objects.filter(status=RulePack.Status.ACTIVE).first()
        pack = pack_from_db(active) if active else Pack(version=None, rules={}, standards=standards_table())
        _cache.update(token=token, pack=pack)
    return pack


def invalidate() -> None:
    _cache.update(token=None, pack=None)
