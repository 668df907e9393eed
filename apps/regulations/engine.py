"""The regulation check for official trips abroad — pure functions over plain data.

Nothing here touches the database: the trips app (or the API, or a benchmark) fills a :class:`TripFacts`
and calls :func:`evaluate` with a :class:`Pack` (the rule settings and the expense-standards table,
loaded once from the database by :func:`apps.regulations.packs.load_active_pack`). Each rule is a small
function registered by its ``rule_id``; its numbers come from the pack's parameters, never from code.

Counting conventions (documented here because the regulation text leaves room):

* **Days abroad** = (return date − departure date).days + 1: the day of leaving China's border and the
  day of re-entering both count.
* **Countries/regions counted** = the distinct countries or regions of the destinations, plus the
  countries of transit stops where the traveller leaves the airside area (a transit that stays airside
  does not count). A landside transit in a country already visited counts once.
* **+1 day for Latin America or Africa** applies when the trip is flagged "poor flight connections" AND
  at least one destination (not a transit) is in Latin America or in Africa.
* The days limit is looked up by the number of countries counted (1 → 5, 2 → 8, 3 → 10 by default); with
  more countries than the table has, the largest row applies (the countries rule fails anyway).
* A Hong Kong/Macao trip (every destination is a SAR) follows its own rules (permit + endorsement, each
  stay ≤ 30 days, both days counted) instead of the countries/days/passport/size rules for trips abroad.
* A rule whose parameters are missing (``null``) or unusable reports ``not_configured`` — never a silent
  pass. A disabled rule reports nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from apps.core.dates import add_months

BLOCKING = "blocking"
WARNING = "warning"
INFO = "info"
NOT_CONFIGURED = "not_configured"
RULE_SEVERITIES = (BLOCKING, WARNING)
FINDING_SEVERITIES = (BLOCKING, WARNING, INFO, NOT_CONFIGURED)

# Scope of a rule: trips abroad, Hong Kong/Macao trips, or both.
ABROAD = "abroad"
HK_MACAO = "hk_macao"
ALL = "all"

# The codes of apps.passports (Kind); "official_ordinary" is the engine's former code of 公务普通护照,
# still accepted in facts and customised packs.
PASSPORT_KINDS = ("diplomatic", "official", "public_affairs_ordinary", "ordinary")
OFFICIAL_PASSPORT_KINDS = frozenset({"diplomatic", "official", "public_affairs_ordinary"})
LEGACY_PASSPORT_KINDS = {"official_ordinary": "public_affairs_ordinary"}
# Ranks are the codes of the reference dictionary "official_rank" (provincial, bureau, division, section,
# other).
UNUSABLE_PASSPORT_STATUSES = frozenset({"lost", "void", "cancelled", "expired", "revoked"})
BUDGET_CATEGORIES = ("lodging", "meals", "incidentals", "fare", "other")
AFRICA = "africa"


# --------------------------------------------------------------------------------------------------
# Facts (filled by the trips app, the API or a test)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passport:
    kind: str  # diplomatic / official / public_affairs_ordinary / ordinary
    expiry: dt.date | None
    status: str = "valid"  # valid, in_custody, issued…; lost/void/cancelled/expired/revoked are unusable


@dataclass
class Member:
    person_id: int | str
    name: str = ""
    unit_id: int | str | None = None
    rank: str = ""  # dictionary "official_rank": provincial, bureau, division, section, other
    is_leader_of_unit: bool = False
    is_interpreter: bool = False
    passports: list[Passport] = field(default_factory=list)
    passport_pending: bool = False  # an application for the right passport is pending
    has_overdue_passport_return: bool = False
    has_overdue_report: bool = False
    trips_this_year: int = 0  # trips already made or approved this year, not counting this one


@dataclass
class HKMacaoDocs:
    """往来港澳通行证 and its endorsement (签注) for one member of a Hong Kong/Macao trip."""

    permit_expiry: dt.date | None = None
    endorsement_kind: str = ""  # e.g. visit (访问签注), business
    endorsement_valid_until: dt.date | None = None
    pending: bool = False  # an application for permit/endorsement is pending
    # the regions ("HK", "MO") the valid endorsements are for; None: not known (not checked)
    endorsement_regions: frozenset[str] | None = None
    # the endorsement's limit per stay (访问签注: 30 days); None: the rule's parameter
    endorsement_max_stay: int | None = None


@dataclass
class Leg:
    country: str  # ISO 3166-1 alpha-2 (HK and MO are regions of China, kind "sar")
    continent: str = ""  # asia, europe, africa, north_america, south_america, oceania, antarctica
    is_latin_america: bool = False
    kind: str = "country"  # country / sar / territory
    city: str = ""
    arrival: dt.date | None = None
    departure: dt.date | None = None
    transit: bool = False
    airside: bool = False  # transit without leaving the airside area
    name: str = ""  # the country's or region's name, for messages (never the code)
    name_zh: str = ""  # the country's name, shown in messages instead of the code (optional)
    name_en: str = ""


@dataclass
class BudgetLine:
    category: str  # lodging / meals / incidentals / fare / other
    amount: Decimal
    currency: str = ""
    country: str = ""
    city: str = ""
    nights: int = 0  # lodging
    days: int = 0  # meals, incidentals
    member_id: int | str | None = None  # None: per person


@dataclass
class TripFacts:
    departure: dt.date  # leaving China's border
    return_date: dt.date  # re-entering China
    legs: list[Leg] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    today: dt.date | None = None
    invitation_attached: bool = False
    inviter_is_counterpart: bool = False
    poor_flight_connections: bool = False
    host_transport: bool = False  # hired car or host's transport → incidentals at the reduced ratio
    unit_suspended: bool = False  # the unit's passports overdue > 30 days (computed by the trips app)
    is_hk_macao: bool | None = None  # None: derived (every destination is a SAR)
    hk_macao_documents: dict[Any, HKMacaoDocs] = field(default_factory=dict)  # by member person_id
    budget: list[BudgetLine] = field(default_factory=list)
    delegation_type: str = ""  # dictionary "delegation_type" (e.g. teaching_research 教学科研)
    task: str = ""  # the trip's title and task as written (a study tour is not allowed)
    # Names of countries (ISO code → (Chinese, English)) for messages; the legs' names are added to it.
    country_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def hk_macao(self) -> bool:
        if self.is_hk_macao is not None:
            return self.is_hk_macao
        dests = [leg for leg in self.legs if not leg.transit]
        return bool(dests) and all(leg.kind == "sar" for leg in dests)


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass
class Finding:
    rule_id: str
    severity: str  # blocking / warning / info / not_configured
    passed: bool
    message_zh: str
    message_en: str
    citation: str = ""
    details: dict = field(default_factory=dict)
    subject: Any = None  # e.g. a member's person_id
    title_zh: str = ""
    title_en: str = ""

    @property
    def message(self) -> str:
        from django.utils.translation import get_language

        return self.message_en if (get_language() or "").startswith("en") else self.message_zh

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if (get_language() or "").startswith("en") else self.title_zh

    @property
    def is_failure(self) -> bool:
        return not self.passed and self.severity in (BLOCKING, WARNING)

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "passed": self.passed,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "citation": self.citation,
            "details": _jsonable(self.details),
            "subject": self.subject,
        }


@dataclass
class CheckResult:
    findings: list[Finding]
    pack_version: int | None

    @property
    def blocking_count(self) -> int:
        return sum(1 for f in self.findings if not f.passed and f.severity == BLOCKING)

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if not f.passed and f.severity == WARNING)

    @property
    def not_configured_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == NOT_CONFIGURED)

    @property
    def ok(self) -> bool:
        return self.blocking_count == 0

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.is_failure]

    def for_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule_id == rule_id]

    def failed(self, rule_id: str) -> bool:
        return any(not f.passed for f in self.findings if f.rule_id == rule_id)

    def to_dict(self) -> dict:
        return {
            "pack_version": self.pack_version,
            "blocking_count": self.blocking_count,
            "warning_count": self.warning_count,
            "not_configured_count": self.not_configured_count,
            "findings": [f.to_dict() for f in self.findings],
        }


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------------------------------
# The pack: rule settings + expense standards, as plain data
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleConfig:
    rule_id: str
    enabled: bool = True
    severity: str = BLOCKING
    params: Any = None
    message_zh: str = ""
    message_en: str = ""
    citation: str = ""
    title_zh: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class StandardRow:
    country: str
    city_group: str
    cities: tuple[str, ...]  # normalised (casefolded); empty → the row covers every other city
    currency: str
    lodging: Decimal
    meals: Decimal
    incidentals: Decimal
    valid_from: dt.date
    citation: str = ""


def normalise_city(name: str) -> str:
    return (name or "").strip().casefold()


class StandardsTable:
    """Expense standards by country: ``lookup(country, city, on)`` finds the row for a city (its city
    group, else the country's catch-all row — "其他" or the whole country), latest ``valid_from`` ≤ on."""

    def __init__(self, rows: Iterable[StandardRow] = ()):
        self._by_country: dict[str, list[StandardRow]] = {}
        for row in rows:
            self._by_country.setdefault(row.country.upper(), []).append(row)
        for lst in self._by_country.values():
            lst.sort(key=lambda r: r.valid_from, reverse=True)

    def has_country(self, iso2: str, on: dt.date | None = None) -> bool:
        rows = self._by_country.get((iso2 or "").upper(), ())
        return any(on is None or r.valid_from <= on for r in rows)

    def rows(self, iso2: str) -> list[StandardRow]:
        return list(self._by_country.get((iso2 or "").upper(), ()))

    def lookup(self, iso2: str, city: str = "", on: dt.date | None = None) -> StandardRow | None:
        rows = [r for r in self._by_country.get((iso2 or "").upper(), ()) if on is None or r.valid_from <= on]
        key = normalise_city(city)
        if key:
            for r in rows:  # newest first
                if key in r.cities:
                    return r
        for r in rows:
            if not r.cities:
                return r
        return None

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_country.values())


@dataclass
class Pack:
    version: int | None
    rules: dict[str, RuleConfig]  # in display order
    standards: StandardsTable = field(default_factory=StandardsTable)
    name: str = ""


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def format_message(template: str, values: dict) -> str:
    """Fill ``{placeholders}``; unknown ones stay as they are, a malformed template is shown raw."""
    try:
        return (template or "").format_map(_SafeDict({k: _display(v) for k, v in values.items()}))
    except (ValueError, IndexError, AttributeError, TypeError):
        return template or ""


def _display(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(str(_display(v)) for v in value)
    return value


def _dec(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc


class _Ctx:
    """Facts plus values derived once per evaluation."""

    def __init__(self, facts: TripFacts, pack: Pack):
        self.facts = facts
        self.pack = pack
        self.destinations = [leg for leg in facts.legs if not leg.transit]
        counted: list[str] = []
        for leg in facts.legs:
            if leg.transit and leg.airside:
                continue
            code = (leg.country or "").upper()
            if code and code not in counted:
                counted.append(code)
        self.countries = counted
        self.days_abroad = (facts.return_date - facts.departure).days + 1
        self.today = facts.today or dt.date.today()
        self.latam_africa = any(leg.is_latin_america or leg.continent == AFRICA for leg in self.destinations)


CONTINENT_NAMES = {
    "asia": ("亚洲", "Asia"),
    "europe": ("欧洲", "Europe"),
    "africa": ("非洲", "Africa"),
    "north_america": ("北美洲", "North America"),
    "south_america": ("南美洲", "South America"),
    "oceania": ("大洋洲", "Oceania"),
    "antarctica": ("南极洲", "Antarctica"),
}
COUNTRY_PLACEHOLDERS = ("country", "countries", "place")


def _names_of(facts: TripFacts) -> dict[str, tuple[str, str]]:
    names = {str(k).upper(): tuple(v) for k, v in facts.country_names.items()}
    for leg in facts.legs:
        code = (leg.country or "").upper()
        if code and (leg.name_zh or leg.name_en):
            names.setdefault(code, (leg.name_zh or leg.name_en, leg.name_en or leg.name_zh))
    return names


def _shown(value, names: dict, i: int, upper: bool = True):
    """``value`` (a code or a list of codes) as names in language ``i`` (0 Chinese, 1 English)."""
    if isinstance(value, (list, tuple)):
        return ("、" if i == 0 else ", ").join(str(_shown(v, names, i, upper)) for v in value)
    key = str(value or "")
    key = key.upper() if upper else key.lower()
    return names[key][i] if key in names and names[key][i] else value


def humanise(finding: Finding, conf: RuleConfig, names: dict[str, tuple[str, str]]) -> Finding:
    """Say countries and continents by name, not code, in a failed finding's messages (the details
    keep the codes, for programs)."""
    d = finding.details
    if finding.passed or finding.severity == NOT_CONFIGURED:
        return finding
    if not any(k in d for k in (*COUNTRY_PLACEHOLDERS, "continents")):
        return finding
    for i, attr, template in ((0, "message_zh", conf.message_zh), (1, "message_en", conf.message_en)):
        shown = dict(d)
        for k in COUNTRY_PLACEHOLDERS:
            if k in shown:
                shown[k] = _shown(shown[k], names, i)
        if "continents" in shown:
            shown["continents"] = _shown(shown["continents"], CONTINENT_NAMES, i, upper=False)
        current = getattr(finding, attr)
        base = format_message(template, d)
        suffix = current[len(base) :] if current.startswith(base) else ""  # e.g. the lodging note
        setattr(finding, attr, format_message(template, shown) + suffix)
    return finding


def count_noun_en(count: int, one: str, many: str) -> str:
    """ "1 country", "2 countries": English for a count."""
    return f"{count} {one if count == 1 else many}"


def _finding(conf: RuleConfig, *, passed: bool, details: dict | None = None, subject=None, severity=None):
    details = details or {}
    if passed:
        zh = f"{conf.title_zh}：符合规定" if conf.title_zh else "符合规定"
        en = f"{conf.title_en}: OK" if conf.title_en else "OK"
    else:
        zh = format_message(conf.message_zh, details)
        en = format_message(conf.message_en, details)
    return Finding(
        rule_id=conf.rule_id,
        severity=severity or conf.severity,
        passed=passed,
        message_zh=zh,
        message_en=en,
        citation=conf.citation,
        details=details,
        subject=subject,
        title_zh=conf.title_zh,
        title_en=conf.title_en,
    )


def _not_configured(conf: RuleConfig, reason: str = "") -> Finding:
    zh = f"{conf.title_zh or conf.rule_id}：参数未配置，本项未检查"
    en = f"{conf.title_en or conf.rule_id}: not configured — this rule was not checked"
    if reason:
        zh += f"（{reason}）"
        en += f" ({reason})"
    return Finding(
        rule_id=conf.rule_id,
        severity=NOT_CONFIGURED,
        passed=False,
        message_zh=zh,
        message_en=en,
        citation=conf.citation,
        details={"reason": reason} if reason else {},
        title_zh=conf.title_zh,
        title_en=conf.title_en,
    )


# --------------------------------------------------------------------------------------------------
# Rule registry
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSpec:
    rule_id: str
    func: Callable[[_Ctx, RuleConfig], list[Finding]]
    scope: str
    validate: Callable[[Any], list[str]]
    placeholders: tuple[str, ...]
    params_nullable: bool  # null params = "not configured" is an expected state (unknown value)


RULES: dict[str, RuleSpec] = {}


def rule(rule_id: str, *, scope: str = ALL, validate=None, placeholders=(), params_nullable=False):
    def register(func):
        RULES[rule_id] = RuleSpec(
            rule_id, func, scope, validate or (lambda p: []), tuple(placeholders), params_nullable
        )
        return func

    return register


def validate_params(rule_id: str, params) -> list[str]:
    """Errors in a rule's parameters, in Chinese (shown on the edit page and the import preview)."""
    spec = RULES.get(rule_id)
    if spec is None:
        return [f"未知的规则：{rule_id}"]
    if params is None:
        return [] if (spec.params_nullable or rule_id in PARAMLESS_RULES) else ["此规则必须有参数"]
    if not isinstance(params, dict):
        return ["参数必须是 JSON 对象（{…}）"]
    try:
        return spec.validate(params)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return [f"参数无效：{exc}"]


def _int_param(params: dict, key: str, *, minimum: int = 0, required: bool = True) -> list[str]:
    if key not in params:
        return [f"缺少参数 {key}"] if required else []
    value = params[key]
    if value is None and not required:
        return []
    if isinstance(value, bool) or not isinstance(value, int):
        return [f"{key} 必须是整数"]
    if value < minimum:
        return [f"{key} 不能小于 {minimum}"]
    return []


def _int_map(params: dict, key: str, *, required: bool = True, minimum: int = 0) -> list[str]:
    if key not in params:
        return [f"缺少参数 {key}"] if required else []
    value = params[key]
    if not isinstance(value, dict):
        return [f'{key} 必须是对象，例如 {{"1": 5}}']
    errors = []
    for k, v in value.items():
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
            errors.append(f"{key}.{k} 必须是不小于 {minimum} 的整数")
    return errors


# --------------------------------------------------------------------------------------------------
# Rules for trips abroad
# --------------------------------------------------------------------------------------------------


def _v_trip_dates(p):
    return []


@rule(
    "trip_dates",
    validate=_v_trip_dates,
    placeholders=("departure", "return_date", "problem_zh", "problem_en"),
)
def r_trip_dates(ctx: _Ctx, conf: RuleConfig):
    f = ctx.facts
    problems = []
    if f.return_date < f.departure:
        problems.append(("回国日期早于出境日期", "the return date is before the departure date"))
    for leg in f.legs:
        for day in (leg.arrival, leg.departure):
            if day and not (f.departure <= day <= f.return_date):
                problems.append(
                    (
                        f"{leg.country} 行程日期不在出入境日期之内",
                        f"dates of the {leg.country} leg fall outside the trip",
                    )
                )
                break
        if leg.arrival and leg.departure and leg.departure < leg.arrival:
            problems.append(
                (f"{leg.country} 离开日期早于到达日期", f"{leg.country}: leaving before arriving")
            )
    details = {"departure": f.departure, "return_date": f.return_date}
    if not problems:
        return [_finding(conf, passed=True, details=details)]
    details["problem_zh"] = "；".join(p[0] for p in problems)
    details["problem_en"] = "; ".join(p[1] for p in problems)
    return [_finding(conf, passed=False, details=details)]


@rule(
    "countries_max",
    scope=ABROAD,
    validate=lambda p: _int_param(p, "max", minimum=1),
    placeholders=("count", "max", "countries"),
)
def r_countries_max(ctx: _Ctx, conf: RuleConfig):
    limit = conf.params["max"]
    details = {"count": len(ctx.countries), "max": limit, "countries": list(ctx.countries)}
    return [_finding(conf, passed=len(ctx.countries) <= limit, details=details)]


def _v_days(p):
    errors = _int_map(p, "by_countries", minimum=1) + _int_param(p, "extra_days_latam_africa", required=False)
    if not errors:
        if not p["by_countries"]:
            errors.append("by_countries 不能为空")
        for k in p["by_countries"]:
            if not str(k).isdigit() or int(k) < 1:
                errors.append(f"by_countries 的键必须是国家数（1、2、3…），不能是 {k!r}")
    return errors


def days_allowed(params: dict, countries: int, extra: bool) -> int:
    table = {int(k): v for k, v in params["by_countries"].items()}
    n = max(1, countries)
    key = n if n in table else (max(table) if n > max(table) else min(k for k in table if k >= n))
    return table[key] + (int(params.get("extra_days_latam_africa") or 0) if extra else 0)


@rule(
    "days_abroad",
    scope=ABROAD,
    validate=_v_days,
    placeholders=("days", "allowed", "count", "extra", "countries_en"),
)
def r_days_abroad(ctx: _Ctx, conf: RuleConfig):
    extra = bool(ctx.facts.poor_flight_connections and ctx.latam_africa)
    allowed = days_allowed(conf.params, len(ctx.countries), extra)
    details = {
        "days": ctx.days_abroad,
        "allowed": allowed,
        "count": max(1, len(ctx.countries)),
        "extra": int(conf.params.get("extra_days_latam_africa") or 0) if extra else 0,
    }
    details["countries_en"] = count_noun_en(details["count"], "country", "countries")
    return [_finding(conf, passed=ctx.days_abroad <= allowed, details=details)]


@rule(
    "delegation_size",
    scope=ABROAD,
    validate=lambda p: _int_param(p, "max", minimum=1),
    placeholders=("count", "max"),
)
def r_delegation_size(ctx: _Ctx, conf: RuleConfig):
    limit = conf.params["max"]
    count = len(ctx.facts.members)
    return [_finding(conf, passed=count <= limit, details={"count": count, "max": limit})]


@rule(
    "one_continent",
    scope=ABROAD,
    validate=lambda p: _int_param(p, "max_continents", minimum=1),
    placeholders=("count", "max", "continents"),
)
def r_one_continent(ctx: _Ctx, conf: RuleConfig):
    continents: list[str] = []
    for leg in ctx.destinations:
        if leg.continent and leg.continent not in continents:
            continents.append(leg.continent)
    limit = conf.params["max_continents"]
    details = {"count": len(continents), "max": limit, "continents": continents}
    return [_finding(conf, passed=len(continents) <= limit, details=details)]


@rule("invitation_attached", placeholders=())
def r_invitation_attached(ctx: _Ctx, conf: RuleConfig):
    return [_finding(conf, passed=bool(ctx.facts.invitation_attached))]


@rule("invitation_counterpart", placeholders=())
def r_invitation_counterpart(ctx: _Ctx, conf: RuleConfig):
    if not ctx.facts.invitation_attached:
        return []  # reported by invitation_attached
    return [_finding(conf, passed=bool(ctx.facts.inviter_is_counterpart))]


@rule(
    "unit_leaders_together",
    validate=lambda p: _int_param(p, "max_per_unit", minimum=1),
    placeholders=("unit", "count", "max", "names"),
)
def r_unit_leaders(ctx: _Ctx, conf: RuleConfig):
    limit = conf.params["max_per_unit"]
    by_unit: dict[Any, list[Member]] = {}
    for m in ctx.facts.members:
        if m.is_leader_of_unit and m.unit_id is not None:
            by_unit.setdefault(m.unit_id, []).append(m)
    out = []
    for unit, leaders in by_unit.items():
        if len(leaders) > limit:
            details = {"unit": unit, "count": len(leaders), "max": limit, "names": [m.name for m in leaders]}
            out.append(_finding(conf, passed=False, details=details, subject=unit))
    return out or [_finding(conf, passed=True, details={"max": limit})]


@rule(
    "lead_time",
    validate=lambda p: _int_param(p, "days", minimum=0),
    placeholders=("days", "min_days", "departure"),
)
def r_lead_time(ctx: _Ctx, conf: RuleConfig):
    need = conf.params["days"]
    days = (ctx.facts.departure - ctx.today).days
    details = {"days": days, "min_days": need, "departure": ctx.facts.departure}
    return [_finding(conf, passed=days >= need, details=details)]


def _v_passport(p):
    errors = _int_param(p, "months_after_return", minimum=0)
    kinds = p.get("kind_by_rank", {})
    if not isinstance(kinds, dict):
        errors.append('kind_by_rank 必须是对象，例如 {"division": "official"}')
    else:
        for rank, kind in kinds.items():
            if passport_kind(kind) not in OFFICIAL_PASSPORT_KINDS:
                errors.append(f"kind_by_rank.{rank} 必须是 diplomatic、official 或 public_affairs_ordinary")
    other = p.get("other_kind", "public_affairs_ordinary")
    if passport_kind(other) not in OFFICIAL_PASSPORT_KINDS:
        errors.append("other_kind 必须是 diplomatic、official 或 public_affairs_ordinary")
    if "accept_pending_application" in p and not isinstance(p["accept_pending_application"], bool):
        errors.append("accept_pending_application 必须是 true 或 false")
    return errors


PASSPORT_KIND_LABELS = {
    "diplomatic": ("外交护照", "diplomatic passport"),
    "official": ("公务护照", "official passport"),
    "public_affairs_ordinary": ("公务普通护照", "passport for public affairs"),
    "ordinary": ("普通护照", "ordinary passport"),
}


def required_passport_kind(params: dict, rank: str) -> str | None:
    """The kind a member of this rank must hold; None when the rank is not known (any official kind)."""
    if not rank:
        return None
    kind = (params.get("kind_by_rank") or {}).get(rank) or params.get("other_kind", "public_affairs_ordinary")
    return passport_kind(kind)


def passport_kind(kind) -> str:
    """The current code of a passport kind (former engine codes are mapped to apps.passports' codes)."""
    return LEGACY_PASSPORT_KINDS.get(kind, kind) if isinstance(kind, str) else kind


@rule(
    "passport_valid",
    scope=ABROAD,
    validate=_v_passport,
    placeholders=("name", "reason_zh", "reason_en", "required_kind", "valid_until", "months"),
)
def r_passport_valid(ctx: _Ctx, conf: RuleConfig):
    p = conf.params
    months = p["months_after_return"]
    valid_until = add_months(ctx.facts.return_date, months)
    accept_pending = p.get("accept_pending_application", True)
    out = []
    for m in ctx.facts.members:
        need = required_passport_kind(p, m.rank)
        usable = [
            pp
            for pp in m.passports
            if pp.status not in UNUSABLE_PASSPORT_STATUSES
            and passport_kind(pp.kind) in OFFICIAL_PASSPORT_KINDS
        ]
        right_kind = [pp for pp in usable if need is None or passport_kind(pp.kind) == need]
        long_enough = [pp for pp in right_kind if pp.expiry is not None and pp.expiry >= valid_until]
        if long_enough:
            continue
        if m.passport_pending and accept_pending:
            # an application in progress satisfies the rule, with a warning until the passport is issued
            details = {
                "name": m.name,
                "reason_zh": "护照申请在办，尚未签发；须在出境前签发并交外办保管",
                "reason_en": (
                    "a passport application is in progress; it must be issued and lodged before departure"
                ),
                "required_kind": need or "",
                "valid_until": valid_until,
                "months": months,
                "pending": True,
            }
            out.append(_finding(conf, passed=False, details=details, subject=m.person_id, severity=WARNING))
            continue
        need_zh, need_en = PASSPORT_KIND_LABELS.get(need or "official", (need, need))
        if not need:
            need_zh, need_en = "因公护照", "official passport"
        if not usable:
            reason = (
                f"没有有效的{need_zh}，也没有在办申请",
                f"holds no valid {need_en} and no pending application",
            )
        elif not right_kind:
            reason = (f"按职级应持{need_zh}", f"should hold a {need_en} for the rank")
        else:
            reason = (
                f"护照有效期须至少到 {valid_until.isoformat()}（回国后{months}个月）",
                f"the passport must be valid until at least {valid_until.isoformat()} ({months} months after return)",  # noqa: E501
            )
        details = {
            "name": m.name,
            "reason_zh": reason[0],
            "reason_en": reason[1],
            "required_kind": need or "",
            "valid_until": valid_until,
            "months": months,
        }
        out.append(_finding(conf, passed=False, details=details, subject=m.person_id))
    return out or [_finding(conf, passed=True, details={"valid_until": valid_until, "months": months})]


@rule("overdue_passport_return", placeholders=("name",))
def r_overdue_passport(ctx: _Ctx, conf: RuleConfig):
    out = [
        _finding(conf, passed=False, details={"name": m.name}, subject=m.person_id)
        for m in ctx.facts.members
        if m.has_overdue_passport_return
    ]
    return out or [_finding(conf, passed=True)]


@rule("overdue_trip_report", placeholders=("name",))
def r_overdue_report(ctx: _Ctx, conf: RuleConfig):
    out = [
        _finding(conf, passed=False, details={"name": m.name}, subject=m.person_id)
        for m in ctx.facts.members
        if m.has_overdue_report
    ]
    return out or [_finding(conf, passed=True)]


@rule(
    "unit_suspended",
    validate=lambda p: _int_param(p, "overdue_days", minimum=0),
    placeholders=("overdue_days",),
)
def r_unit_suspended(ctx: _Ctx, conf: RuleConfig):
    details = {"overdue_days": conf.params["overdue_days"]}
    return [_finding(conf, passed=not ctx.facts.unit_suspended, details=details)]


def _v_yearly(p):
    errors = _int_param(p, "max_per_year", minimum=0, required=False)
    errors += _int_map(p, "by_rank", required=False)
    if p.get("max_per_year") is None and not p.get("by_rank"):
        errors.append("至少设置 max_per_year 或 by_rank 之一")
    return errors


@rule(
    "yearly_limit",
    validate=_v_yearly,
    placeholders=("name", "trips", "max"),
    params_nullable=True,
)
def r_yearly_limit(ctx: _Ctx, conf: RuleConfig):
    p = conf.params
    by_rank = p.get("by_rank") or {}
    out, unconfigured = [], False
    for m in ctx.facts.members:
        limit = by_rank.get(m.rank, p.get("max_per_year"))
        if limit is None:
            unconfigured = True
            continue
        trips = m.trips_this_year + 1  # this trip included
        if trips > limit:
            details = {"name": m.name, "trips": trips, "max": limit}
            out.append(_finding(conf, passed=False, details=details, subject=m.person_id))
    if unconfigured:
        out.append(_not_configured(conf, "部分职级未设上限 / no limit for some ranks"))
    return out or [_finding(conf, passed=True)]


# --------------------------------------------------------------------------------------------------
# Budget (财行〔2013〕516号)
# --------------------------------------------------------------------------------------------------


def _v_budget(p):
    errors = []
    ratio = p.get("incidentals_host_transport_ratio")
    try:
        r = _dec(ratio)
        if not (Decimal(0) <= r <= Decimal(1)):
            errors.append("incidentals_host_transport_ratio 必须在 0 与 1 之间")
    except ValueError:
        errors.append("incidentals_host_transport_ratio 必须是数字，例如 0.4")
    since = p.get("lodging_current_from")
    if since not in (None, ""):
        try:
            _date(since)
        except ValueError:
            errors.append("lodging_current_from 必须是日期，例如 2017-01-01")
    return errors


# Lodging caps were raised by 财行〔2017〕434号, whose values are not in the shipped table: a lodging
# amount above a cap from a row older than this is only a warning until newer rows are imported
# (parameter ``lodging_current_from`` of budget_within_standard).
LODGING_CURRENT_FROM = "2017-01-01"


def lodging_row_outdated(row: StandardRow, params: dict | None) -> bool:
    """Whether ``row``'s lodging cap predates the current lodging standard (so an overrun only warns)."""
    since = _date((params or {}).get("lodging_current_from") or LODGING_CURRENT_FROM)
    return since is not None and row.valid_from < since


def budget_rate(row: StandardRow, category: str, host_transport: bool, ratio: Decimal) -> Decimal:
    if category == "lodging":
        return row.lodging
    if category == "meals":
        return row.meals
    if category == "incidentals":
        return (row.incidentals * ratio).quantize(Decimal("0.01")) if host_transport else row.incidentals
    raise ValueError(category)


@rule(
    "budget_within_standard",
    validate=_v_budget,
    placeholders=(
        "country",
        "city",
        "category_zh",
        "category_en",
        "amount",
        "cap",
        "currency",
        "rate",
        "count",
    ),
)
def r_budget_within(ctx: _Ctx, conf: RuleConfig):
    ratio = _dec(conf.params.get("incidentals_host_transport_ratio", "0.4"))
    table = ctx.pack.standards
    out, checked = [], 0
    for line in ctx.facts.budget:
        if line.category not in ("lodging", "meals", "incidentals") or not line.country:
            continue
        row = table.lookup(line.country, line.city, ctx.facts.departure)
        if row is None or (line.currency and line.currency.upper() != row.currency.upper()):
            continue  # reported by budget_standard_on_file
        checked += 1
        rate = budget_rate(row, line.category, ctx.facts.host_transport, ratio)
        count = line.nights if line.category == "lodging" else line.days
        cap = rate * count
        if _dec(line.amount) > cap:
            label = CATEGORY_LABELS[line.category]
            details = {
                "country": line.country.upper(),
                "city": line.city or row.city_group,
                "category": line.category,
                "category_zh": label[0],
                "category_en": label[1],
                "amount": _dec(line.amount),
                "cap": cap,
                "currency": row.currency,
                "rate": rate,
                "count": count,
            }
            if line.category == "lodging" and lodging_row_outdated(row, conf.params):
                details["standard_year"] = row.valid_from.year
                f = _finding(conf, passed=False, details=details, subject=line.member_id, severity=WARNING)
                f.message_zh += f"住宿费限额为{row.valid_from.year}年标准（已经财行〔2017〕434号调整），导入新标准前仅作提醒。"  # noqa: E501
                f.message_en += (
                    f" The lodging cap is the {row.valid_from.year} value (since adjusted by 财行〔2017〕434号): "  # noqa: E501
                    "a warning until newer standards are imported."
                )
                out.append(f)
                continue
            out.append(_finding(conf, passed=False, details=details, subject=line.member_id))
    return out or [_finding(conf, passed=True, details={"lines_checked": checked})]


CATEGORY_LABELS = {
    "lodging": ("住宿费", "lodging"),
    "meals": ("伙食费", "meals"),
    "incidentals": ("公杂费", "incidentals"),
    "fare": ("国际旅费", "fares"),
    "other": ("其他费用", "other costs"),
}


@rule("budget_standard_on_file", placeholders=("country", "reason_zh", "reason_en"))
def r_budget_on_file(ctx: _Ctx, conf: RuleConfig):
    table = ctx.pack.standards
    on = ctx.facts.departure
    out, seen = [], set()
    for leg in ctx.destinations:
        code = (leg.country or "").upper()
        if code and code not in seen:
            seen.add(code)
            if not table.has_country(code, on):
                details = {"country": code, "reason_zh": "无开支标准记录", "reason_en": "no standard on file"}
                out.append(_finding(conf, passed=False, details=details, subject=code))
    for line in ctx.facts.budget:
        if line.category not in ("lodging", "meals", "incidentals") or not line.country:
            continue
        code = line.country.upper()
        row = table.lookup(code, line.city, on)
        if row is None:
            if code not in seen:
                seen.add(code)
                details = {"country": code, "reason_zh": "无开支标准记录", "reason_en": "no standard on file"}
                out.append(_finding(conf, passed=False, details=details, subject=code))
        elif line.currency and line.currency.upper() != row.currency.upper():
            key = (code, line.currency.upper())
            if key not in seen:
                seen.add(key)
                details = {
                    "country": code,
                    "reason_zh": f"标准以 {row.currency} 计，预算用 {line.currency.upper()}，无法比较",
                    "reason_en": f"the standard is in {row.currency}, the budget in {line.currency.upper()}",
                }
                out.append(_finding(conf, passed=False, details=details, subject=code))
    return out or [_finding(conf, passed=True)]


@rule("budget_present", placeholders=())
def r_budget_present(ctx: _Ctx, conf: RuleConfig):
    return [_finding(conf, passed=any(_dec(b.amount) > 0 for b in ctx.facts.budget))]


# --------------------------------------------------------------------------------------------------
# Hong Kong / Macao (因公临时赴港澳)
# --------------------------------------------------------------------------------------------------


@rule("hk_macao_documents", scope=HK_MACAO, placeholders=("name", "reason_zh", "reason_en"))
def r_hk_docs(ctx: _Ctx, conf: RuleConfig):
    docs_by_id = {str(k): v for k, v in ctx.facts.hk_macao_documents.items()}
    ret = ctx.facts.return_date
    out = []
    for m in ctx.facts.members:
        docs = docs_by_id.get(str(m.person_id))
        reasons = []
        if docs is None or not docs.pending:
            if docs is None or docs.permit_expiry is None:
                reasons.append(("没有往来港澳通行证", "no exit-entry permit for Hong Kong and Macao"))
            elif docs.permit_expiry < ret:
                reasons.append(("通行证在回程前到期", "the permit expires before the return"))
            if docs is None or docs.endorsement_valid_until is None:
                reasons.append(("没有有效签注", "no valid endorsement"))
            elif docs.endorsement_valid_until < ret:
                reasons.append(("签注在回程前到期", "the endorsement expires before the return"))
            elif docs.endorsement_regions is not None:
                # each destination's region needs its own endorsement (a HK endorsement does not cover Macao)
                for leg in ctx.destinations:
                    code = (leg.country or "").upper()
                    if leg.kind == "sar" and code not in docs.endorsement_regions:
                        place = leg.name or code
                        reasons.append((f"签注不含前往{place}", f"the endorsement does not cover {place}"))
        if reasons:
            details = {
                "name": m.name,
                "reason_zh": "；".join(r[0] for r in reasons),
                "reason_en": "; ".join(r[1] for r in reasons),
            }
            out.append(_finding(conf, passed=False, details=details, subject=m.person_id))
    return out or [_finding(conf, passed=True)]


@rule(
    "hk_macao_stay",
    scope=HK_MACAO,
    validate=lambda p: _int_param(p, "max_days", minimum=1),
    placeholders=("place", "days", "max"),
)
def r_hk_stay(ctx: _Ctx, conf: RuleConfig):
    """The endorsement's limit per stay (访问签注: each stay ≤ 30 days), checked per stay — one
    destination leg in Hong Kong or Macao, both days counted — not on the trip's days. A member's own
    endorsement with a shorter limit applies to them."""
    limit = conf.params["max_days"]
    own = [
        d.endorsement_max_stay
        for d in ctx.facts.hk_macao_documents.values()
        if d is not None and d.endorsement_max_stay
    ]
    if own:
        limit = min(limit, *own)
    out = []
    for leg in ctx.destinations:
        if leg.kind != "sar" or not (leg.arrival and leg.departure):
            continue  # a stay without its dates is not measured (the trip's days are not this rule)
        days = (leg.departure - leg.arrival).days + 1
        if days > limit:
            place = leg.name or leg.country.upper()
            out.append(_finding(conf, passed=False, details={"place": place, "days": days, "max": limit}))
    return out or [_finding(conf, passed=True, details={"max": limit})]


# --------------------------------------------------------------------------------------------------
# Delegation categories and the purpose of the trip
# --------------------------------------------------------------------------------------------------


def _v_as_needed(params):
    errors = []
    if not isinstance(params.get("categories"), list) or not params["categories"]:
        errors.append("categories 必须是非空列表（字典“delegation_type”中的编码）")
    if not isinstance(params.get("rules"), list) or not params["rules"]:
        errors.append("rules 必须是非空列表（按实际需要安排的规则编号）")
    return errors


@rule("category_as_needed", validate=_v_as_needed, placeholders=("category",))
def r_category_as_needed(ctx: _Ctx, conf: RuleConfig):
    """A delegation category whose countries, size and days are "根据实际需要安排" (教学科研): reported as
    information; ``evaluate`` does not run the listed rules for it."""
    if ctx.facts.delegation_type not in conf.params["categories"]:
        return [_finding(conf, passed=True)]
    return [_finding(conf, passed=False, details={"category": ctx.facts.delegation_type}, severity=INFO)]


def _v_study_tour(params):
    words = params.get("keywords")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        return ["keywords 必须是非空的字符串列表"]
    return []


@rule("study_tour", validate=_v_study_tour, placeholders=("word",))
def r_study_tour(ctx: _Ctx, conf: RuleConfig):
    """The task reads as a study tour (考察性出访), which is not allowed: a warning for the reviewer."""
    text = ctx.facts.task or ""
    hit = next((w for w in conf.params["keywords"] if w in text), None)
    return [_finding(conf, passed=hit is None, details={"word": hit or ""})]


def _as_needed_rules(facts: TripFacts, pack: Pack) -> frozenset[str]:
    conf = pack.rules.get("category_as_needed")
    if conf is None or not conf.enabled or not isinstance(conf.params, dict):
        return frozenset()
    if facts.delegation_type and facts.delegation_type in (conf.params.get("categories") or []):
        return frozenset(conf.params.get("rules") or [])
    return frozenset()


@rule(
    "hk_macao_size",
    scope=HK_MACAO,
    validate=lambda p: _int_param(p, "max", minimum=1),
    placeholders=("count", "max"),
    params_nullable=True,
)
def r_hk_size(ctx: _Ctx, conf: RuleConfig):
    limit = conf.params["max"]
    count = len(ctx.facts.members)
    return [_finding(conf, passed=count <= limit, details={"count": count, "max": limit})]


# --------------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------------


def evaluate(facts: TripFacts, pack: Pack | None = None) -> CheckResult:
    """Run every enabled rule of the pack (default: the active pack) on the facts."""
    if pack is None:
        from .packs import load_active_pack

        pack = load_active_pack()
    ctx = _Ctx(facts, pack)
    names = _names_of(facts)
    trip_scope = HK_MACAO if facts.hk_macao else ABROAD
    as_needed = _as_needed_rules(facts, pack)
    findings: list[Finding] = []
    for rule_id, conf in pack.rules.items():
        if not conf.enabled or rule_id in as_needed:
            continue
        spec = RULES.get(rule_id)
        if spec is None:
            findings.append(_not_configured(conf, "未知规则 / unknown rule"))
            continue
        if spec.scope not in (ALL, trip_scope):
            continue
        if conf.params is None and spec.rule_id not in PARAMLESS_RULES:
            findings.append(_not_configured(conf))
            continue
        try:
            findings.extend(humanise(f, conf, names) for f in spec.func(ctx, conf))
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation):
            findings.append(_not_configured(conf, "参数无效 / invalid parameters"))
    return CheckResult(findings=findings, pack_version=pack.version)


PARAMLESS_RULES = frozenset(
    {
        "trip_dates",
        "invitation_attached",
        "invitation_counterpart",
        "overdue_passport_return",
        "overdue_trip_report",
        "budget_standard_on_file",
        "budget_present",
        "hk_macao_documents",
    }
)


# --------------------------------------------------------------------------------------------------
# Budget prefill for the trips form
# --------------------------------------------------------------------------------------------------


@dataclass
class BudgetSuggestion:
    country: str
    city: str
    category: str
    rate: Decimal | None
    count: int  # nights (lodging) or days (meals, incidentals)
    amount: Decimal | None
    currency: str
    city_group: str = ""
    standard_on_file: bool = True


def leg_days(departure: dt.date, return_date: dt.date, legs: list[Leg]) -> list[tuple[Leg, int, int]]:
    """(leg, nights, days) for each destination: nights = leaving − arriving; days share the whole
    trip so that they add up to the days abroad (the first destination takes the departure day, the
    last one the return day)."""
    dests = [leg for leg in legs if not leg.transit]
    out = []
    for i, leg in enumerate(dests):
        start = departure if i == 0 else (leg.arrival or departure)
        if i + 1 < len(dests):
            end = dests[i + 1].arrival or leg.departure or return_date
            days = max(0, (end - start).days)
        else:
            days = max(0, (return_date - start).days + 1)
        nights = (
            max(0, (leg.departure - leg.arrival).days)
            if leg.arrival and leg.departure
            else max(0, (return_date - departure).days)
            if len(dests) == 1
            else 0
        )
        out.append((leg, nights, days))
    return out


def budget_compute(
    *,
    departure: dt.date,
    return_date: dt.date,
    legs: list[Leg],
    host_transport: bool = False,
    pack: Pack | None = None,
) -> list[BudgetSuggestion]:
    """Per-person lodging/meals/incidentals from the standards table, to prefill the budget form.
    A destination without a standard gets suggestions with ``standard_on_file=False`` and no amount."""
    if pack is None:
        from .packs import load_active_pack

        pack = load_active_pack()
    conf = pack.rules.get("budget_within_standard")
    ratio = (
        _dec((conf.params or {}).get("incidentals_host_transport_ratio", "0.4")) if conf else Decimal("0.4")
    )
    out = []
    for leg, nights, days in leg_days(departure, return_date, legs):
        row = pack.standards.lookup(leg.country, leg.city, departure)
        for category in ("lodging", "meals", "incidentals"):
            count = nights if category == "lodging" else days
            if row is None:
                out.append(
                    BudgetSuggestion(
                        leg.country.upper(), leg.city, category, None, count, None, "", standard_on_file=False
                    )
                )
                continue
            rate = budget_rate(row, category, host_transport, ratio)
            out.append(
                BudgetSuggestion(
                    leg.country.upper(),
                    leg.city,
                    category,
                    rate,
                    count,
                    rate * count,
                    row.currency,
                    row.city_group,
                )
            )
    return out


# --------------------------------------------------------------------------------------------------
# JSON form of the facts (API, benchmark)
# --------------------------------------------------------------------------------------------------


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def facts_from_dict(data: dict) -> TripFacts:
    """Build TripFacts from JSON-like data; raises ValueError with a readable message on bad input."""
    try:
        members = []
        for m in data.get("members") or []:
            passports = [
                Passport(
                    kind=p.get("kind", ""), expiry=_date(p.get("expiry")), status=p.get("status", "valid")
                )
                for p in m.get("passports") or []
            ]
            members.append(
                Member(
                    person_id=m.get("person_id"),
                    name=m.get("name", ""),
                    unit_id=m.get("unit_id"),
                    rank=m.get("rank", "") or "",
                    is_leader_of_unit=bool(m.get("is_leader_of_unit", False)),
                    is_interpreter=bool(m.get("is_interpreter", False)),
                    passports=passports,
                    passport_pending=bool(m.get("passport_pending", False)),
                    has_overdue_passport_return=bool(m.get("has_overdue_passport_return", False)),
                    has_overdue_report=bool(m.get("has_overdue_report", False)),
                    trips_this_year=int(m.get("trips_this_year") or 0),
                )
            )
        legs = [
            Leg(
                country=str(leg.get("country", "")).upper(),
                continent=leg.get("continent", "") or "",
                is_latin_america=bool(leg.get("is_latin_america", False)),
                kind=leg.get("kind", "country") or "country",
                city=leg.get("city", "") or "",
                arrival=_date(leg.get("arrival")),
                departure=_date(leg.get("departure")),
                transit=bool(leg.get("transit", False)),
                airside=bool(leg.get("airside", False)),
            )
            for leg in data.get("legs") or []
        ]
        budget = [
            BudgetLine(
                category=b.get("category", "other"),
                amount=_dec(b.get("amount", 0)),
                currency=b.get("currency", "") or "",
                country=str(b.get("country", "") or "").upper(),
                city=b.get("city", "") or "",
                nights=int(b.get("nights") or 0),
                days=int(b.get("days") or 0),
                member_id=b.get("member_id"),
            )
            for b in data.get("budget") or []
        ]
        docs = {
            str(k): HKMacaoDocs(
                permit_expiry=_date(v.get("permit_expiry")),
                endorsement_kind=v.get("endorsement_kind", "") or "",
                endorsement_valid_until=_date(v.get("endorsement_valid_until")),
                pending=bool(v.get("pending", False)),
            )
            for k, v in (data.get("hk_macao_documents") or {}).items()
        }
        departure = _date(data.get("departure"))
        return_date = _date(data.get("return_date"))
        if departure is None or return_date is None:
            raise ValueError("departure and return_date are required")
        return TripFacts(
            departure=departure,
            return_date=return_date,
            legs=legs,
            members=members,
            today=_date(data.get("today")),
            invitation_attached=bool(data.get("invitation_attached", False)),
            inviter_is_counterpart=bool(data.get("inviter_is_counterpart", False)),
            poor_flight_connections=bool(data.get("poor_flight_connections", False)),
            host_transport=bool(data.get("host_transport", False)),
            unit_suspended=bool(data.get("unit_suspended", False)),
            is_hk_macao=data.get("is_hk_macao"),
            hk_macao_documents=docs,
            budget=budget,
            delegation_type=str(data.get("delegation_type", "") or "")[:40],
            task=str(data.get("task", "") or "")[:5000],
        )
    except (AttributeError, TypeError) as exc:
        raise ValueError(f"malformed trip facts: {exc}") from exc
