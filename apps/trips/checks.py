"""The regulation check of a trip: TripFacts from a saved trip or from an unsaved form, the findings with
their overrides for display, and the approval level from the configurable rank tiers.

The rules themselves live in :mod:`apps.regulations.engine` (pure functions over plain data); this
module only gathers facts from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language

from apps.regulations import engine

# passports.Kind → the engine's passport kinds: the same codes (identity), listed so that only the
# official passports reach the passport rule.
PASSPORT_KIND_MAP = {
    "diplomatic": "diplomatic",
    "official": "official",
    "public_affairs_ordinary": "public_affairs_ordinary",
}
ENGINE_CATEGORY = {"international_fare": "fare"}
# passports.Endorsement.Region → the regions (ISO codes of the SARs) an endorsement is for
ENDORSEMENT_REGIONS = {"hk": {"HK"}, "mo": {"MO"}, "both": {"HK", "MO"}}


@dataclass
class LegIn:
    country: object  # reference.Country
    city: str = ""
    arrival: dt.date | None = None
    departure: dt.date | None = None
    transit: bool = False
    airside: bool = False


@dataclass
class MemberIn:
    person: object  # people.Person
    role: str = "member"
    passport: object | None = None
    passport_name: str = ""


@dataclass
class BudgetIn:
    category: str
    amount: Decimal
    currency: str = "CNY"
    country: object | None = None
    city: str = ""
    rate: Decimal | None = None
    count: int = 0
    persons: int = 1
    computed: bool = False
    note: str = ""


@dataclass
class TripDraft:
    """What the check needs, from a saved trip or a posted form."""

    unit: object
    departure: dt.date | None
    return_date: dt.date | None
    legs: list[LegIn] = field(default_factory=list)
    members: list[MemberIn] = field(default_factory=list)
    budget: list[BudgetIn] = field(default_factory=list)
    invitation_attached: bool = False
    inviter_is_counterpart: bool = False
    poor_flight_connections: bool = False
    host_transport: bool = False
    trip_id: int | None = None
    delegation_type: str = ""
    task: str = ""  # title and task: the purpose the study-tour rule reads


def draft_from_trip(trip) -> TripDraft:
    from apps.casework.models import Attachment

    legs = [
        LegIn(
            country=leg.country,
            city=leg.city,
            arrival=leg.arrival,
            departure=leg.departure,
            transit=leg.transit,
            airside=leg.airside,
        )
        for leg in trip.legs.select_related("country")
    ]
    members = [
        MemberIn(person=m.person, role=m.role, passport=m.passport, passport_name=m.passport_name)
        for m in trip.members.select_related("person", "passport")
    ]
    budget = [
        BudgetIn(
            category=b.category,
            amount=b.amount,
            currency=b.currency,
            country=b.country,
            city=b.city,
            rate=b.rate,
            count=b.count,
            persons=b.persons,
            computed=b.computed,
            note=b.note,
        )
        for b in trip.budget.select_related("country")
    ]
    invitation = Attachment.objects.filter(
        case_id=trip.pk, kind="invitation", archived_at__isnull=True
    ).exists()
    return TripDraft(
        unit=trip.applicant_unit,
        departure=trip.departure_date,
        return_date=trip.return_date,
        legs=legs,
        members=members,
        budget=budget,
        invitation_attached=invitation,
        inviter_is_counterpart=trip.inviter_is_counterpart,
        poor_flight_connections=trip.poor_flight_connections,
        host_transport=trip.host_transport,
        trip_id=trip.pk,
        delegation_type=trip.delegation_type,
        task=f"{trip.title}\n{trip.task}",
    )


def engine_leg(leg: LegIn) -> engine.Leg:
    c = leg.country
    return engine.Leg(
        country=c.iso2,
        continent=c.continent,
        is_latin_america=c.latin_america,
        kind=c.kind,
        city=leg.city,
        arrival=leg.arrival,
        departure=leg.departure,
        transit=leg.transit,
        airside=leg.airside,
        name=str(c),
        name_zh=c.name_zh,
        name_en=c.name_en,
    )


def _member_rows(draft: TripDraft, today: dt.date) -> dict:
    """What the check needs about every member's other records, read for all members at once (five
    queries however large the delegation): passports with their check-out and endorsements, pending
    passport applications, other trips with an overdue report, and approved trips this year."""
    from django.db.models import Count

    from apps.passports.models import OFFICIAL_PASSPORT_KINDS, Passport, PassportApplication

    from .models import Stage, TripMember

    ids = {m.person.pk for m in draft.members}
    if not ids:
        return {"passports": {}, "pending": set(), "overdue_report": set(), "trips": {}}
    passports: dict[int, list] = {}
    for pp in (
        Passport.objects.filter(holder_id__in=ids)
        .select_related("current_checkout")
        .prefetch_related("endorsements")
    ):
        passports.setdefault(pp.holder_id, []).append(pp)
    pending = set(
        PassportApplication.objects.filter(
            holder_id__in=ids, kind__in=OFFICIAL_PASSPORT_KINDS, status=PassportApplication.Status.APPLIED
        ).values_list("holder_id", flat=True)
    )
    others = TripMember.objects.filter(person_id__in=ids)
    if draft.trip_id:
        others = others.exclude(trip_id=draft.trip_id)
    overdue_report = set(
        others.filter(trip__report_due__lt=today, trip__report_filed_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    year = (draft.departure or today).year
    trips = dict(
        others.filter(trip__state__in=["approved", "closed"], trip__departure_date__year=year)
        .exclude(trip__stage=Stage.CANCELLED)
        .order_by()
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    return {"passports": passports, "pending": pending, "overdue_report": overdue_report, "trips": trips}


def _member_facts(
    m: MemberIn, draft: TripDraft, today: dt.date, rows: dict
) -> tuple[engine.Member, engine.HKMacaoDocs]:
    from apps.passports.models import Kind

    person = m.person
    passports, overdue = [], False
    permit_expiry, endorsement_until, endorsement_kind = None, None, ""
    regions: set[str] = set()
    max_stay: int | None = None
    need_until = draft.return_date or today
    for pp in rows["passports"].get(person.pk, []):
        status = pp.effective_status(today)
        if status == "overdue":
            overdue = True
        if pp.kind in PASSPORT_KIND_MAP:
            passports.append(
                engine.Passport(
                    kind=PASSPORT_KIND_MAP[pp.kind],
                    expiry=pp.expiry_date,
                    status="valid" if status in ("in_custody", "out", "overdue") else status,
                )
            )
        elif pp.kind == Kind.HK_MACAO_PERMIT and status not in ("cancelled", "lost"):
            if permit_expiry is None or pp.expiry_date > permit_expiry:
                permit_expiry = pp.expiry_date
            for e in pp.endorsements.all():
                if endorsement_until is None or e.valid_until > endorsement_until:
                    endorsement_until, endorsement_kind = e.valid_until, e.kind
                if e.valid_until >= need_until:  # valid for the trip: the regions it is for
                    regions |= ENDORSEMENT_REGIONS.get(e.region, set())
                    if e.max_stay_days:
                        max_stay = e.max_stay_days if max_stay is None else max(max_stay, e.max_stay_days)
    member = engine.Member(
        person_id=person.pk,
        name=person.full_name,
        unit_id=person.unit_id,
        rank=person.rank or "",
        is_leader_of_unit=person.is_leader_of_unit,
        is_interpreter=m.role == "interpreter",
        passports=passports,
        passport_pending=person.pk in rows["pending"],
        has_overdue_passport_return=overdue,
        has_overdue_report=person.pk in rows["overdue_report"],
        trips_this_year=rows["trips"].get(person.pk, 0),
    )
    docs = engine.HKMacaoDocs(
        permit_expiry=permit_expiry,
        endorsement_kind=endorsement_kind,
        endorsement_valid_until=endorsement_until,
        endorsement_regions=frozenset(regions),
        endorsement_max_stay=max_stay,
    )
    return member, docs


def facts_from_draft(draft: TripDraft, today: dt.date | None = None) -> engine.TripFacts | None:
    """TripFacts, or None when the dates are missing (the check cannot run yet)."""
    if draft.departure is None or draft.return_date is None:
        return None
    from apps.passports.selectors import unit_suspended

    today = today or timezone.localdate()
    members, docs = [], {}
    rows = _member_rows(draft, today)
    for m in draft.members:
        member, d = _member_facts(m, draft, today, rows)
        members.append(member)
        docs[member.person_id] = d
    budget = []
    for b in draft.budget:
        persons = b.persons or 1
        budget.append(
            engine.BudgetLine(
                category=ENGINE_CATEGORY.get(b.category, b.category),
                amount=(Decimal(b.amount or 0) / persons),
                currency=b.currency or "",
                country=b.country.iso2 if b.country is not None else "",
                city=b.city or "",
                nights=b.count if b.category == "lodging" else 0,
                days=b.count if b.category in ("meals", "incidentals") else 0,
            )
        )
    suspended = unit_suspended(draft.unit, today)[0] if draft.unit is not None else False
    return engine.TripFacts(
        departure=draft.departure,
        return_date=draft.return_date,
        legs=[engine_leg(leg) for leg in draft.legs],
        members=members,
        today=today,
        invitation_attached=draft.invitation_attached,
        inviter_is_counterpart=draft.inviter_is_counterpart,
        poor_flight_connections=draft.poor_flight_connections,
        host_transport=draft.host_transport,
        unit_suspended=suspended,
        hk_macao_documents=docs,
        budget=budget,
        delegation_type=draft.delegation_type or "",
        task=draft.task or "",
        country_names={
            b.country.iso2: (b.country.name_zh, b.country.name_en)
            for b in draft.budget
            if b.country is not None
        },
    )


def run(draft: TripDraft, today: dt.date | None = None) -> engine.CheckResult | None:
    facts = facts_from_draft(draft, today)
    if facts is None:
        return None
    return engine.evaluate(facts)


def subject_key(subject) -> str:
    return "" if subject is None else str(subject)[:100]


def finding_key(finding: dict | engine.Finding) -> tuple[str, str]:
    if isinstance(finding, dict):
        return finding.get("rule_id", ""), subject_key(finding.get("subject"))
    return finding.rule_id, subject_key(finding.subject)


def _localised(f: dict, key: str) -> str:
    lang = (get_language() or "").lower()
    return f.get(f"{key}_en") if lang.startswith("en") else f.get(f"{key}_zh")


localised = _localised  # a stored finding's title or message in the current language


@dataclass
class FindingView:
    rule_id: str
    severity: str
    passed: bool
    message: str
    title: str
    citation: str
    subject: str
    override: object | None = None
    can_override: bool = False

    @property
    def css(self) -> str:
        if self.override is not None:
            return "secondary"
        return {"blocking": "danger", "warning": "warning", "not_configured": "info"}.get(
            self.severity, "light"
        )

    @property
    def unresolved_blocking(self) -> bool:
        return self.severity == engine.BLOCKING and not self.passed and self.override is None


def findings_view(check: dict | None, *, overrides=(), user=None) -> list[FindingView]:
    """Failures and "not configured" findings of a stored check (``CheckResult.to_dict()``), with their
    active overrides and whether ``user`` may override each."""
    from apps.regulations.permissions import may_override

    if not check:
        return []
    by_key = {o.key: o for o in overrides}
    out = []
    for f in check.get("findings", []):
        if f.get("passed") and f.get("severity") != engine.NOT_CONFIGURED:
            continue
        key = finding_key(f)
        ov = by_key.get(key)
        finding = engine.Finding(
            rule_id=f["rule_id"],
            severity=f["severity"],
            passed=f["passed"],
            message_zh=f.get("message_zh", ""),
            message_en=f.get("message_en", ""),
        )
        out.append(
            FindingView(
                rule_id=f["rule_id"],
                severity=f["severity"],
                passed=f["passed"],
                message=_localised(f, "message") or "",
                title=_localised(f, "title") or f["rule_id"],
                citation=f.get("citation", ""),
                subject=key[1],
                override=ov,
                can_override=bool(user is not None and ov is None and may_override(user, finding)),
            )
        )
    order = {engine.BLOCKING: 0, engine.WARNING: 1, engine.NOT_CONFIGURED: 2, engine.INFO: 3}
    out.sort(key=lambda v: (v.override is not None, order.get(v.severity, 9)))
    return out


def unresolved_blocking(check: dict | None, overrides=()) -> list[FindingView]:
    return [v for v in findings_view(check, overrides=overrides) if v.unresolved_blocking]


# --- approval level ----------------------------------------------------------------------------------
@dataclass
class LevelResult:
    level: str  # "" when not configured
    citation: str
    missing_ranks: list[str]


def approval_level_for(persons) -> LevelResult:
    from .models import LEVEL_ORDER, ApprovalTier

    tiers = {t.rank: t for t in ApprovalTier.objects.all()}
    best, citation, missing = "", "", []
    for person in persons:
        tier = tiers.get(person.rank or "")
        if tier is None:
            missing.append(person.rank or "")
            continue
        if not best or LEVEL_ORDER.get(tier.level, 0) > LEVEL_ORDER.get(best, 0):
            best, citation = tier.level, tier.citation
    return LevelResult(level=best, citation=citation, missing_ranks=sorted(set(missing)))
