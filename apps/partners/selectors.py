"""Reads of the partner register, the activity logs, plans and the country view.

The register and the country view are office-wide reading (``partners.view``: every division and the
leaders read, the owning division edits); units read only :func:`public_partner_list`. Cases are read
through the casework data scope (:func:`apps.casework.selectors.scoped_cases`). What the city really did
abroad — trips that departed — is shown to readers of the register by reference (number, title, unit,
dates); opening a trip still needs its own permission.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.models import RoutingRule
from apps.casework.selectors import SCOPE_PATHS
from apps.core.selectors import row_or_404
from apps.reference.models import Country

from . import conf
from .models import (
    BaseTwinning,
    CountryNote,
    CountryProfile,
    ExchangePlan,
    ExternalApproval,
    InstitutionKind,
    Partner,
    PartnerActivity,
    PartnershipCase,
    PartnerStatus,
    PlanItem,
    TwinningCase,
)

VIEW = "partners.view"


def _require_view(user) -> None:
    if not (user and user.is_authenticated and user.is_active and user.has_perm(VIEW)):
        raise PermissionDenied


def can_read(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW))


# --- routing: the division of a country ---------------------------------------------------------------
def division_for_country(country: Country):
    """The division that owns ``country`` by the routing rules (any-type rules only), else None."""
    facts = {"case_type": "", "continents": {country.continent}, "country_kinds": {country.kind}}
    for rule in RoutingRule.objects.filter(is_active=True, case_type__isnull=True).select_related("division"):
        if rule.division.is_active and rule.matches(facts):
            return rule.division
    return None


# --- the register ---------------------------------------------------------------------------------------
def partner_list(*, user) -> QuerySet:
    _require_view(user)
    return Partner.objects.active().select_related("country", "division")


def public_partner_list() -> QuerySet:
    """The public list (every signed-in user): names, country, category, since — no contacts."""
    return (
        Partner.objects.active()
        .exclude(status=PartnerStatus.ENDED)
        .select_related("country")
        .only(
            "name_zh",
            "name_local",
            "name_en",
            "category",
            "established_on",
            "established_note",
            "source",
            "country__name_zh",
            "country__name_en",
            "country__sort_key",
            "country__iso2",
        )
    )


def partner_get(*, user, pk) -> Partner:
    _require_view(user)
    return row_or_404(Partner.objects.active().select_related("country", "division"), pk)


def departed_trips() -> QuerySet:
    """Trips that really left (an actual departure date), newest first."""
    from apps.trips.models import Trip

    return (
        Trip.objects.active()
        .filter(actual_departure_date__isnull=False)
        .select_related("applicant_unit")
        .order_by("-actual_departure_date", "-id")
    )


def partner_activity(*, user, partner: Partner) -> list[dict]:
    """The partner's activity log: linked cases and noted events, plus trips that went to its city."""
    _require_view(user)
    rows = []
    linked_ids = set()
    for a in PartnerActivity.objects.filter(partner=partner).select_related("case", "case__applicant_unit"):
        if a.case_id:
            linked_ids.add(a.case_id)
        rows.append(
            {
                "date": a.date,
                "kind": a.get_kind_display(),
                "summary": a.summary,
                "case": a.case,
                "source": "link",
            }
        )
    names = partner.match_names()
    if names:
        trips = departed_trips().filter(legs__city__in=names).exclude(pk__in=linked_ids).distinct()
        for t in trips[:200]:
            rows.append(
                {
                    "date": t.actual_departure_date,
                    "kind": str(PartnerActivity.Kind.VISIT_OUT.label),
                    "summary": t.title,
                    "case": t,
                    "source": "trip_city",
                }
            )
    # inbound visits from the city (apps.visits), in the reader's data scope, that no entry links yet
    from apps.visits.selectors import visits_with_partner

    for v in visits_with_partner(user=user, partner=partner, exclude_ids=linked_ids):
        rows.append(
            {
                "date": v.arrival_date,
                "kind": str(PartnerActivity.Kind.VISIT_IN.label),
                "summary": v.title,
                "case": v,
                "source": "visit",
            }
        )
    rows.sort(key=lambda r: (r["date"], r["source"]), reverse=True)
    return rows


def openable_case_ids(*, user, ids) -> set[int]:
    """Which of the cases ``ids`` the user may open (one query, the casework data scope)."""
    from apps.casework.selectors import scoped_cases

    if not ids:
        return set()
    return set(scoped_cases(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def last_activity_dates() -> dict[int, dt.date]:
    """partner id → date of its latest linked activity."""
    out = {}
    for row in PartnerActivity.objects.values("partner_id").annotate(last=Max("date")):
        out[row["partner_id"]] = row["last"]
    return out


def dormant_ids(partners, *, today: dt.date | None = None) -> set[int]:
    """Partners with no activity for ``DORMANT_AFTER_YEARS`` years (those established within that time
    are not flagged)."""
    today = today or timezone.localdate()
    years = int(conf.DORMANT_AFTER_YEARS.value)
    cutoff = (
        today.replace(year=today.year - years)
        if not (today.month == 2 and today.day == 29)
        else (today - dt.timedelta(days=365 * years))
    )
    last = last_activity_dates()
    out = set()
    for p in partners:
        if p.status == PartnerStatus.ENDED:
            continue
        if p.established_on and p.established_on > cutoff:
            continue
        if last.get(p.pk) is None or last[p.pk] < cutoff:
            out.add(p.pk)
    return out


def anniversaries(partners, *, today: dt.date | None = None) -> list[dict]:
    """Round anniversaries (every ``ANNIVERSARY_EVERY_YEARS``) due within ``ANNIVERSARY_NOTICE_DAYS``;
    only partners with a known full date."""
    today = today or timezone.localdate()
    every = int(conf.ANNIVERSARY_EVERY_YEARS.value)
    window = int(conf.ANNIVERSARY_NOTICE_DAYS.value)
    out = []
    for p in partners:
        d = p.established_on
        if not d or every <= 0:
            continue
        for year in (today.year, today.year + 1):
            n = year - d.year
            if n <= 0 or n % every:
                continue
            try:
                day = d.replace(year=year)
            except ValueError:  # 29 February
                day = dt.date(year, 3, 1)
            if today <= day <= today + dt.timedelta(days=window):
                out.append({"partner": p, "years": n, "date": day, "division": p.division})
    out.sort(key=lambda r: r["date"])
    return out


def external_approvals(*, case) -> QuerySet:
    return ExternalApproval.objects.filter(case_id=case.pk).select_related("recorded_by")


# --- cases ------------------------------------------------------------------------------------------------
def _scoped_cases(model, user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return model.objects.none()
    qs = model.objects.active().select_related(
        "case_type", "applicant_unit", "division", "assignee", "created_by"
    )
    return scoped(qs, user, **SCOPE_PATHS)


def establishment_list(*, user) -> QuerySet:
    return _scoped_cases(PartnershipCase, user).select_related("country").order_by("-created_at", "-id")


def establishment_get(*, user, pk) -> PartnershipCase:
    return _case_get(PartnershipCase, user, pk, ("country", "existing_partner", "partner"))


def twinning_case_list(*, user) -> QuerySet:
    return (
        _scoped_cases(TwinningCase, user)
        .select_related("partner", "partner__country")
        .order_by("-created_at", "-id")
    )


def twinning_case_get(*, user, pk) -> TwinningCase:
    return _case_get(TwinningCase, user, pk, ("partner", "partner__country"))


def _case_get(model, user, pk, related):
    qs = model.objects.active().select_related(
        "case_type", "applicant_unit", "division", "assignee", "created_by", *related
    )
    return row_or_404(qs, pk, user=user, perm="casework.view_case")


def partners_for_twinning() -> QuerySet:
    """Partners a base-level unit may twin with: friendship or friendly-exchange cities not ended."""
    return (
        Partner.objects.active()
        .exclude(status=PartnerStatus.ENDED)
        .filter(category__in=("friendship", "exchange", "unknown"))
        .select_related("country")
    )


def twinning_progress(*, today: dt.date | None = None) -> dict:
    """Approved twinnings by kind within the configured target period, against the target."""
    target = dict(conf.TWINNING_TARGET.value)
    start = int(target.get("start_year", 0) or 0)
    years = int(target.get("years", 0) or 0)
    qs = BaseTwinning.objects.all()
    if start and years:
        qs = qs.filter(approved_on__gte=dt.date(start, 1, 1), approved_on__lt=dt.date(start + years, 1, 1))
    counts = Counter(dict(qs.values_list("kind").annotate(n=Count("id"))))
    rows = []
    for kind in (InstitutionKind.SCHOOL, InstitutionKind.HOSPITAL):
        goal = int(target.get(kind.value, 0) or 0)
        done = counts.get(kind.value, 0)
        rows.append(
            {
                "kind": kind.label,
                "goal": goal,
                "done": done,
                "percent": min(100, round(done * 100 / goal)) if goal else 0,
            }
        )
    return {
        "rows": rows,
        "period": f"{start}–{start + years - 1}" if start and years else "",
        "citation": conf.TWINNING_TARGET.citation,
        "total": BaseTwinning.objects.count(),
    }


def twinning_list() -> QuerySet:
    return BaseTwinning.objects.select_related("partner", "partner__country", "case")


# --- plans ------------------------------------------------------------------------------------------------
def plan_list(*, user) -> QuerySet:
    _require_view(user)
    return ExchangePlan.objects.select_related("division").annotate(
        total=Count("items"), done=Count("items", filter=Q(items__status=PlanItem.Status.DONE))
    )


def plan_get(*, user, pk) -> ExchangePlan:
    _require_view(user)
    return row_or_404(ExchangePlan.objects.select_related("division", "created_by"), pk)


def plan_items(*, plan) -> QuerySet:
    return plan.items.select_related("country", "partner", "case")


def plan_item_get(*, user, plan, pk) -> PlanItem:
    item = plan.items.filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise Http404
    return item


# --- the country view ---------------------------------------------------------------------------------
def country_get(*, user, iso2: str) -> Country:
    _require_view(user)
    code = (iso2 or "").upper()
    country = Country.objects.filter(iso2=code, is_active=True).first() if len(code) == 2 else None
    if country is None:
        raise Http404
    return country


def country_profile(country: Country) -> CountryProfile | None:
    return CountryProfile.objects.filter(country=country).first()


def country_notes(country: Country) -> list[CountryNote]:
    """The latest version of each note, newest first, with how many versions it has."""
    notes = list(CountryNote.objects.filter(country=country).select_related("written_by", "division"))
    latest: dict[str, CountryNote] = {}
    versions = Counter()
    for n in notes:
        versions[n.key] += 1
        if n.key not in latest or n.version > latest[n.key].version:
            latest[n.key] = n
    out = sorted(latest.values(), key=lambda n: n.written_at, reverse=True)
    for n in out:
        n.version_count = versions[n.key]
    return out


def note_history(country: Country, key: str) -> QuerySet:
    return (
        CountryNote.objects.filter(country=country, key=key).select_related("written_by").order_by("-version")
    )


def country_overview(*, user, country: Country) -> dict:
    """Everything the city did with ``country``: partners, trips that went there, delegations that came
    from there (in the reader's data scope), the two case types, plan items; with counts by year."""
    _require_view(user)
    partners = list(Partner.objects.active().filter(country=country).select_related("division"))
    trips = list(departed_trips().filter(legs__country=country).distinct()[:300])
    # the two case types through the casework data scope (the register is office-wide, cases are not)
    establishments = list(_scoped_cases(PartnershipCase, user).filter(country=country))
    twinnings = list(
        _scoped_cases(TwinningCase, user).filter(partner__country=country).select_related("partner")
    )
    # inbound visits from the country (apps.visits): only those in the reader's data scope
    from apps.visits.selectors import visits_from_country

    visits = visits_from_country(user=user, country=country)
    items = list(
        PlanItem.objects.filter(country=country)
        .select_related("plan", "partner")
        .order_by("-plan__year", "month")
    )
    by_year: dict[int, Counter] = defaultdict(Counter)
    for t in trips:
        by_year[t.actual_departure_date.year]["trips"] += 1
    for v in visits:
        if v.arrival_date:
            by_year[v.arrival_date.year]["visits"] += 1
    for c in establishments + twinnings:
        by_year[timezone.localtime(c.created_at).year]["cases"] += 1
    for i in items:
        by_year[i.plan.year]["plan_items"] += 1
    years = [{"year": y, **by_year[y]} for y in sorted(by_year, reverse=True)]
    return {
        "partners": partners,
        "trips": trips,
        "visits": visits,
        "establishments": establishments,
        "twinnings": twinnings,
        "plan_items": items,
        "years": years,
        "division": division_for_country(country),
        "profile": country_profile(country),
        "notes": country_notes(country),
        "standards": expense_standards(country),
    }


def expense_standards(country: Country) -> list:
    """The expense-standard rows of ``country`` (apps.regulations); empty = "no standard on file"."""
    from apps.regulations.selectors import standard_list

    return list(standard_list().filter(country=country))


def country_summaries() -> list[dict]:
    """Per country with any partner or any trip: partner count, trips this year and in total."""
    year = timezone.localdate().year
    partner_counts = Counter(
        dict(
            Partner.objects.active()
            .exclude(status=PartnerStatus.ENDED)
            .values_list("country_id")
            .annotate(n=Count("id"))
        )
    )
    from apps.trips.models import Leg

    legs = (
        Leg.objects.filter(trip__actual_departure_date__isnull=False, trip__archived_at__isnull=True)
        .values("country_id", "trip_id", "trip__actual_departure_date")
        .distinct()
    )
    trips_total, trips_year = Counter(), Counter()
    for row in legs:
        trips_total[row["country_id"]] += 1
        if row["trip__actual_departure_date"].year == year:
            trips_year[row["country_id"]] += 1
    ids = set(partner_counts) | set(trips_total)
    countries = Country.objects.filter(pk__in=ids)
    out = [
        {
            "country": c,
            "partners": partner_counts.get(c.pk, 0),
            "trips": trips_total.get(c.pk, 0),
            "trips_year": trips_year.get(c.pk, 0),
        }
        for c in countries
    ]
    out.sort(key=lambda r: (-r["partners"], -r["trips"], r["country"].sort_key))
    return out


def map_data() -> dict:
    """What the world map draws: partners as points, countries shaded by this year's trips."""
    partners = [
        {
            "name": p.name_zh,
            "country": p.country.name_zh,
            "iso2": p.country.iso2,
            "category": p.get_category_display(),
            "since": p.since_label,
            "value": [float(p.longitude), float(p.latitude)],
            "pk": p.pk,
        }
        for p in Partner.objects.active()
        .exclude(status=PartnerStatus.ENDED)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("country")
    ]
    countries = [
        {
            "name": (r["country"].numeric or "").lstrip("0") and r["country"].numeric,
            "label": r["country"].name_zh,
            "iso2": r["country"].iso2,
            "value": r["trips_year"],
            "partners": r["partners"],
            "trips": r["trips"],
        }
        for r in country_summaries()
    ]
    # China itself (the map draws Taiwan, Hong Kong and Macao as parts of China)
    return {"partners": partners, "countries": [c for c in countries if c["name"]]}


def charts_data() -> dict:
    """Exchanges by year, by country and by kind (trips that departed, activity entries)."""
    by_year = Counter()
    for d in departed_trips().values_list("actual_departure_date", flat=True):
        by_year[d.year] += 1
    from apps.trips.models import Leg

    by_country = Counter()
    names = {}
    for row in (
        Leg.objects.filter(trip__actual_departure_date__isnull=False, trip__archived_at__isnull=True)
        .values("country_id", "country__name_zh", "trip_id")
        .distinct()
    ):
        by_country[row["country_id"]] += 1
        names[row["country_id"]] = row["country__name_zh"]
    by_kind = Counter()
    for kind, n in PartnerActivity.objects.values_list("kind").annotate(n=Count("id")):
        by_kind[str(PartnerActivity.Kind(kind).label)] += n
    by_kind[str(PartnerActivity.Kind.VISIT_OUT.label)] += sum(by_year.values())
    return {
        "years": [[str(y), by_year[y]] for y in sorted(by_year)],
        "countries": [[names[c], n] for c, n in by_country.most_common(12)],
        "kinds": [[k, n] for k, n in by_kind.most_common()],
    }
