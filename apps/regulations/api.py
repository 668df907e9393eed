"""API: the active rule pack, and the regulation check on a JSON form of TripFacts.

``POST /api/regulations/check`` takes the fields of :class:`apps.regulations.engine.TripFacts` (dates as
YYYY-MM-DD, amounts as strings or numbers) and answers the findings, the pack version and the counts.
"""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Body, Router, Schema
from ninja.errors import HttpError

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS
from apps.core.errors import NotFound

from . import engine, selectors
from .packs import load_active_pack

router = Router(tags=["regulations"], auth=api_auth)


class RuleOut(Schema):
    rule_id: str
    enabled: bool
    severity: str
    params: Any = None
    not_configured: bool
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    citation: str


class PackOut(Schema):
    version: int
    name: str
    status: str
    activated_at: Any = None
    rules: list[RuleOut]


@router.get("/packs/active", response={200: PackOut, **ERRORS})
def active_pack(request):
    pack = selectors.active_pack()
    if pack is None:
        raise NotFound(_("尚无生效的规则包。"))
    return {
        "version": pack.version,
        "name": pack.name,
        "status": pack.status,
        "activated_at": pack.activated_at,
        "rules": [
            {
                "rule_id": r.rule_id,
                "enabled": r.enabled,
                "severity": r.severity,
                "params": r.params,
                "not_configured": r.not_configured,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "message_zh": r.message_zh,
                "message_en": r.message_en,
                "citation": r.citation,
            }
            for r in pack.rules.order_by("order", "rule_id")
        ],
    }


@router.post("/check", response={200: dict[str, Any], **ERRORS})
def check(request, payload: dict[str, Any] = Body(...)):
    try:
        facts = engine.facts_from_dict(payload)
    except ValueError as exc:  # the engine is plain Python: its messages are for developers
        raise HttpError(
            422,
            _("出访情况数据不完整或格式不正确：须有出境和入境日期（YYYY-MM-DD），数字和列表须符合接口说明。"),
        ) from exc
    _name_countries(facts)
    result = engine.evaluate(facts, load_active_pack())
    return result.to_dict()


def _name_countries(facts: engine.TripFacts) -> None:
    """Messages name countries, not codes: their names from the reference list."""
    from apps.reference.models import Country

    codes = {(leg.country or "").upper() for leg in facts.legs} | {
        (b.country or "").upper() for b in facts.budget
    }
    codes.discard("")
    for c in Country.objects.filter(iso2__in=codes).only("iso2", "name_zh", "name_en"):
        facts.country_names.setdefault(c.iso2, (c.name_zh, c.name_en))
