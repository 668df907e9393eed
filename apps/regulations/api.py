"""API: the active rule pack, and the regulation check on a JSON form of TripFacts.

``POST /api/regulations/check`` takes the fields of :class:`apps.regulations.engine.TripFacts` (dates as
YYYY-MM-DD, amounts as strings or numbers, countries by code: their facts are looked up here) and answers
the findings, the pack version and the counts.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS
from apps.core.errors import NotFound, ServiceError
from apps.core.filters import query_schema
from apps.core.pagination import window

from . import engine, selectors
from .filters import StandardFilter
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


class StandardOut(Schema):
    id: int
    country: str = Field(description="ISO 3166-1 二位字母代码")
    country_name: str
    city_group: str
    cities: list[str]
    currency: str
    lodging: Decimal = Field(description="住宿费限额（每人每晚）")
    meals: Decimal = Field(description="伙食费（每人每天）")
    incidentals: Decimal = Field(description="公杂费（每人每天）")
    valid_from: date
    citation: str = Field(description="依据（文件名称、文号）")


StandardQuery = query_schema(StandardFilter, "StandardQuery")


@router.get(
    "/standards",
    response={200: list[StandardOut], **ERRORS},
    summary="出国开支标准（住宿、伙食、公杂费）及其依据",
)
def standard_list(request, filters: Query[StandardQuery], limit: int = 200, offset: int = 0):
    """The expense standards as the regulation check uses them, newest first per country, each with the
    document it comes from; ``country`` filters by code or name (``StandardFilter``, as on its page)."""
    f = StandardFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [
        {
            "id": s.pk,
            "country": s.country.iso2,
            "country_name": s.country.label,
            "city_group": s.city_group,
            "cities": [str(c) for c in s.cities or []],
            "currency": s.currency,
            "lodging": s.lodging,
            "meals": s.meals,
            "incidentals": s.incidentals,
            "valid_from": s.valid_from,
            "citation": s.citation,
        }
        for s in window(f.api_qs(), limit=limit, offset=offset)
    ]


# --- the check on facts sent by an integrating system ---------------------------------------------
# Numbers are bounded (a 14-digit amount, counts a trip can have) and countries are named by code only:
# their continent, kind (foreign country, Hong Kong/Macao, Taiwan region) and Latin-America flag are
# looked up here in apps.reference, never taken from the client.
MAX_COUNT = 999
MAX_ID = 2**63 - 1
AMOUNT = {"max_digits": 14, "decimal_places": 2, "ge": 0, "allow_inf_nan": False}


class PassportFactIn(Schema):
    kind: str = Field("", max_length=40)
    expiry: date | None = None
    status: str = Field("valid", max_length=40)


class MemberFactIn(Schema):
    person_id: int | str = Field(..., description="成员标识（整数或文本）")
    name: str = Field("", max_length=100)
    unit_id: int | None = Field(None, ge=0, le=MAX_ID)
    rank: str = Field("", max_length=40)
    is_leader_of_unit: bool = False
    is_interpreter: bool = False
    passports: list[PassportFactIn] = Field([], max_length=20)
    passport_pending: bool = False
    has_overdue_passport_return: bool = False
    has_overdue_report: bool = False
    trips_this_year: int = Field(0, ge=0, le=MAX_COUNT)


class LegFactIn(Schema):
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 二位字母代码")
    city: str = Field("", max_length=100)
    arrival: date | None = None
    departure: date | None = None
    transit: bool = False
    airside: bool = False


class BudgetFactIn(Schema):
    category: str = Field("other", max_length=30)
    amount: Decimal = Field(Decimal(0), **AMOUNT)
    currency: str = Field("", max_length=3)
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=100)
    nights: int = Field(0, ge=0, le=MAX_COUNT)
    days: int = Field(0, ge=0, le=MAX_COUNT)
    member_id: int | str | None = None


class HKMacaoDocsIn(Schema):
    permit_expiry: date | None = None
    endorsement_kind: str = Field("", max_length=40)
    endorsement_valid_until: date | None = None
    pending: bool = False


class FactsIn(Schema):
    """The facts of a trip (:class:`apps.regulations.engine.TripFacts`) without what the server knows
    better: a leg names its country by code; continent, kind and Latin-America flag come from the
    country table."""

    departure: date
    return_date: date
    today: date | None = None
    legs: list[LegFactIn] = Field([], max_length=100)
    members: list[MemberFactIn] = Field([], max_length=200)
    budget: list[BudgetFactIn] = Field([], max_length=400)
    hk_macao_documents: dict[str, HKMacaoDocsIn] = Field({}, max_length=200)
    invitation_attached: bool = False
    inviter_is_counterpart: bool = False
    poor_flight_connections: bool = False
    host_transport: bool = False
    unit_suspended: bool = False


def _countries(codes: set[str]) -> dict:
    """Country by code for every code given; a code that is not a destination is refused by name."""
    from apps.reference.models import Country, CountryKind

    found = {c.iso2: c for c in Country.objects.active().filter(iso2__in=codes)} if codes else {}
    for code in sorted(codes):
        c = found.get(code)
        if c is None:
            raise ServiceError(
                _("“%(code)s”不是已知的国家（地区）代码（应为 ISO 3166-1 二位字母代码）。") % {"code": code},
                code="country",
            )
        if c.kind == CountryKind.REGION_OF_CHINA:
            raise ServiceError(
                _("%(name)s是中国的地区，赴台湾地区按对台事务有关规定另行报批，不在本办出访审批范围内。")
                % {"name": c.label},
                code="country",
            )
        if not c.is_trip_destination:
            raise ServiceError(_("%(name)s不是出访目的地。") % {"name": c.label}, code="country")
    return found


@router.post("/check", response={200: dict[str, Any], **ERRORS})
def check(request, payload: FactsIn):
    """The regulation check on the facts of a trip (the active rule pack); the answer has the findings
    (passed ones too), the pack version and the counts."""
    codes = {leg.country.upper() for leg in payload.legs}
    codes |= {b.country.upper() for b in payload.budget if b.country}
    countries = _countries(codes)
    data = payload.model_dump()
    for leg in data["legs"]:
        c = countries[leg["country"].upper()]
        leg.update(country=c.iso2, continent=c.continent, kind=c.kind, is_latin_america=c.latin_america)
    for line in data["budget"]:
        line["country"] = line["country"].upper()
    if data["departure"] > data["return_date"]:
        raise ServiceError(_("入境日期不能早于出境日期。"), code="return_date")
    try:
        facts = engine.facts_from_dict(data)
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
