"""Every read of visits, gifts and the calendar goes through the data scope; outside it → Http404."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.selectors import SCOPE_PATHS
from apps.core.selectors import row_or_404
from apps.core.statements import fixed

from . import protocol
from .models import CalendarEntry, Event, FeedToken, Gift, Leader, Participant, Visit

LIST_RELATED = (
    "case_type",
    "applicant_unit",
    "division",
    "assignee",
    "created_by",
    "guest_country",
    "partner",
)
# the joins the visit's page shows (its list joins more)
DETAIL_RELATED = ("applicant_unit", "division", "assignee", "partner", "guest_country")


# --- visits --------------------------------------------------------------------------------------------
def scoped_visits(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Visit.objects.none()
    return scoped(Visit.objects.active().select_related(*LIST_RELATED), user, **SCOPE_PATHS)


def visit_list(*, user) -> QuerySet:
    return scoped_visits(user).order_by("-arrival_date", "-id")


# the columns the list's rows show (``rows.visit_rows``): nothing else is read for them
LIST_COLUMNS = (
    "reference", "title", "level", "guest_country_id", "arrival_date", "departure_date",
    "applicant_unit__name", "state",
)  # fmt: skip


def list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (the filtered list) narrowed to the table's columns and the one join they need."""
    return qs.select_related(None).select_related("applicant_unit").only(*LIST_COLUMNS)


def visit_get(*, user, pk) -> Visit:
    return row_or_404(scoped_visits(user), pk, user=user, perm="casework.view_case", related=DETAIL_RELATED)


# Read by the partner register's pages (the country overview and a partner city's activity log): inbound
# visits by reference, only those in the reader's data scope (the same scope as the visit's own page).
OVERVIEW_LIMIT = 300
TOOK_PLACE = ("approved", "closed")


def visits_from_country(*, user, country) -> list[Visit]:
    """The inbound visits of delegations from ``country`` that ``user`` may see, newest first."""
    return list(visit_list(user=user).filter(guest_country=country)[:OVERVIEW_LIMIT])


def visits_with_partner(*, user, partner, exclude_ids=()) -> list[Visit]:
    """Visits from the partner city ``partner`` that took place (approved or closed, arrived by today)
    and that ``user`` may see, newest first; ``exclude_ids``: those its activity log already links."""
    return list(
        visit_list(user=user)
        .filter(partner=partner, state__in=TOOK_PLACE, arrival_date__lte=timezone.localdate())
        .exclude(pk__in=list(exclude_ids))[:OVERVIEW_LIMIT]
    )


def participants_of(visit: Visit) -> list[Participant]:
    qs = visit.participants_list.select_related("leader").order_by("side", "rank", "id")
    return list(fixed(qs, "visits.participants"))


def participant_get(*, visit: Visit, pk) -> Participant:
    return row_or_404(visit.participants_list, pk)


def events_of(visit: Visit, *, include_cancelled=False) -> list[Event]:
    qs = visit.events.prefetch_related("participants")
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True)
    return list(fixed(qs.order_by("date", "start", "id"), "visits.events"))


def event_get(*, visit: Visit, pk) -> Event:
    return row_or_404(visit.events.prefetch_related("participants"), pk)


def follow_ups_of(visit: Visit) -> list:
    from apps.reference.calendar import working_days_between

    today = timezone.localdate()
    qs = visit.follow_ups.select_related("created_by").order_by("due_date", "id")
    items = list(fixed(qs, "visits.follow_ups"))
    for f in items:
        f.working_days_left = working_days_between(today, f.due_date) if f.due_date >= today else None
    return items


def follow_up_get(*, visit: Visit, pk):
    return row_or_404(visit.follow_ups, pk)


def programme_days(events) -> list[tuple[dt.date, list[Event]]]:
    days: dict[dt.date, list[Event]] = {}
    for e in events:
        days.setdefault(e.date, []).append(e)
    return sorted(days.items())


def seating_plan(event: Event):
    """The plan of ``event`` as generated from its participants' precedence, with the edits kept on the
    event applied; ``None`` for an event without seating."""
    people = [p.as_protocol() for p in event.participants.all()]
    visit = event.visit
    plan = protocol.generate(
        event.kind,
        people,
        door=event.door,
        table_size=event.table_size,
        guest_country=str(visit.guest_country) if visit.guest_country_id else "",
        hosted_by=protocol.GUEST if event.hosted_by_guest else protocol.HOST,
    )
    if plan is not None and event.seating:
        protocol.apply_assignment(plan, event.seating, {p.key: p for p in people})
    return plan


def flag_arrangement(event: Event) -> dict | None:
    """The flags of ``event`` as they stand, seen from the audience (left to right, or top to bottom for
    a column), numbered, with the rule: multilateral (row, column, arc; the other countries in the
    English alphabetical order of their names) when the event says so, else bilateral by who hosts.
    ``None`` without a foreign country."""
    import math

    from apps.reference.models import Country

    from .models import FlagLayout

    china_row = Country.objects.filter(iso2="CN").first()
    china = str(china_row) if china_row else "中国"
    if event.flag_layout:
        others = sorted(event.flag_countries.all(), key=lambda c: (c.name_en or "").casefold())
        if not others:
            return None
        names = protocol.multilateral_flags(
            [china, *[str(c) for c in others]], layout=event.flag_layout, china=china
        )
        n = len(names)
        if event.flag_layout == FlagLayout.COLUMN:
            pos = [(70, 40 + i * 44) for i in range(n)]
            width, height = 300, 40 + n * 44
        elif event.flag_layout == FlagLayout.ARC:
            width = max(320, 70 * n + 40)
            radius = width / 2 - 40
            pos = [
                (
                    width / 2 - radius * math.cos(math.pi * (i + 0.5) / n),
                    40 + 60 * math.sin(math.pi * (i + 0.5) / n),
                )
                for i in range(n)
            ]
            height = 140
        else:
            width, height = max(320, 70 * n + 40), 90
            pos = [(55 + i * 70, 45) for i in range(n)]
        rule = protocol.RULES["flag_multilateral"]
        layout = event.get_flag_layout_display()
    else:
        visit = event.visit
        if not visit.guest_country_id:
            return None
        pair = protocol.bilateral_flags(
            host_country=china,
            guest_country=str(visit.guest_country),
            hosted_by=protocol.GUEST if event.hosted_by_guest else protocol.HOST,
            x_left=110,
            x_right=210,
            y=45,
        )
        names = [c for _x, _y, c in pair]
        pos = [(x, y) for x, y, _c in pair]
        width, height = 320, 90
        rule = protocol.RULES["flag_bilateral"]
        layout = FlagLayout.BILATERAL.label
    flags = [
        {
            "n": i + 1,
            "country": name,
            "x": round(x, 1),
            "y": round(y, 1),
            "ly": round(y + 26, 1),
            "china": name == china,
        }
        for i, (name, (x, y)) in enumerate(zip(names, pos, strict=True))
    ]
    return {"layout": layout, "flags": flags, "rule": rule, "width": int(width), "height": int(height)}


def conflicts_for(event: Event) -> list[str]:
    return conflicts_for_events([event]).get(event.pk, [])


def conflicts_for_events(events) -> dict[int, list[str]]:
    """For each event: the other events at the same time in the same venue, or with one of its city
    leaders or interpreters (participants with the interpreter role, by name) — in any visit — and the
    leaders' other calendar engagements then. A fixed number of queries whatever the number of events."""
    from django.utils.translation import gettext as _

    events = [e for e in events if e.cancelled_at is None]
    if not events:
        return {}
    dates = {e.date for e in events}
    others = list(
        Event.objects.filter(date__in=dates, cancelled_at__isnull=True).prefetch_related("participants")
    )
    leader_ids = {p.leader_id for e in events for p in e.participants.all() if p.leader_id}
    entries = []
    if leader_ids:
        lo = min(_aware(d, dt.time.min) for d in dates)
        hi = max(_aware(d, dt.time.max) for d in dates)
        entries = list(
            CalendarEntry.objects.filter(
                leader_id__in=leader_ids,
                cancelled_at__isnull=True,
                starts_at__lt=hi,
                ends_at__gt=lo,
                event__isnull=True,
            ).select_related("leader")
        )
    out: dict[int, list[str]] = {}
    for event in events:
        found = set()
        mine = list(event.participants.all())
        leaders = {p.leader_id for p in mine if p.leader_id}
        interpreters = {p.name for p in mine if p.role == Participant.Role.INTERPRETER}
        for other in others:
            if other.pk == event.pk or other.date != event.date:
                continue
            if not (other.start < event.end and other.end > event.start):
                continue
            if other.venue.strip() and other.venue.strip() == event.venue.strip():
                found.add(
                    _("场地冲突：%(venue)s 同时安排了“%(title)s”")
                    % {"venue": event.venue, "title": other.title}
                )
            for p in other.participants.all():
                if p.leader_id and p.leader_id in leaders:
                    found.add(
                        _("市领导冲突：%(name)s 同时参加“%(title)s”") % {"name": p.name, "title": other.title}
                    )
                if p.role == Participant.Role.INTERPRETER and p.name in interpreters:
                    found.add(
                        _("译员冲突：%(name)s 同时参加“%(title)s”") % {"name": p.name, "title": other.title}
                    )
        start, end = _aware(event.date, event.start), _aware(event.date, event.end)
        for entry in entries:
            if entry.leader_id in leaders and entry.starts_at < end and entry.ends_at > start:
                found.add(
                    _("市领导冲突：%(name)s 当时另有安排“%(title)s”")
                    % {"name": entry.leader.name, "title": entry.title}
                )
        out[event.pk] = sorted(found)
    return out


def _aware(day: dt.date, t: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, t))


# --- gifts ---------------------------------------------------------------------------------------------
def gift_list(*, user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Gift.objects.none()
    qs = Gift.objects.active().select_related("unit", "division", "counterpart_country", "visit")
    return scoped(qs, user, unit="unit", division="division", users=("created_by",)).order_by(
        "-on_date", "-id"
    )


def gift_get(*, user, pk) -> Gift:
    return row_or_404(gift_list(user=user), pk, user=user, perm="visits.view_gift")


def gift_budget(gift: Gift) -> dict:
    """The budget check of a gift to give: the unit's yearly budget for gifts given (``conf``), what its
    approved gifts of that year already take, and whether this one still fits. ``configured`` is False
    when no budget is set (then nothing is checked, and the page says so)."""
    from decimal import Decimal

    from django.db.models import Sum

    from . import conf

    budget = conf.GIFT_GIVE_BUDGET.value
    if budget in (None, ""):
        return {"configured": False, "citation": conf.GIFT_GIVE_BUDGET.citation}
    budget = Decimal(str(budget))
    spent = Gift.objects.active().filter(
        direction=Gift.Direction.GIVEN,
        unit_id=gift.unit_id,
        on_date__year=gift.on_date.year,
        approved_at__isnull=False,
    ).exclude(pk=gift.pk).aggregate(total=Sum("value"))["total"] or Decimal("0")
    return {
        "configured": True,
        "budget": budget,
        "spent": spent,
        "remaining": budget - spent,
        "fits": spent + gift.value <= budget,
        "year": gift.on_date.year,
        "citation": conf.GIFT_GIVE_BUDGET.citation,
    }


def gifts_due(*, today: dt.date | None = None) -> QuerySet:
    """Received gifts that need a declaration and have none yet (for the reminders)."""
    return (
        Gift.objects.active()
        .filter(declaration_due__isnull=False, declared_at__isnull=True)
        .select_related("created_by", "unit")
    )


def gift_year_report(*, user, year: int) -> dict:
    qs = gift_list(user=user).filter(on_date__year=year)
    rows = list(qs)
    received = [g for g in rows if g.direction == Gift.Direction.RECEIVED]
    given = [g for g in rows if g.direction == Gift.Direction.GIVEN]
    by_disp: dict[str, list] = {}
    for g in received:
        by_disp.setdefault(g.get_disposition_display(), []).append(g)
    return {
        "year": year,
        "received": received,
        "given": given,
        "received_total": sum((g.value for g in received), start=0),
        "given_total": sum((g.value for g in given), start=0),
        "declared": sum(1 for g in received if g.declared_at),
        "needing": sum(1 for g in received if g.declaration_due),
        "overdue": sum(1 for g in received if g.is_overdue),
        "by_disposition": sorted((k, len(v), sum((g.value for g in v), start=0)) for k, v in by_disp.items()),
    }


# --- calendar ------------------------------------------------------------------------------------------
def leaders_for(*, user) -> QuerySet:
    if not user.has_perm("visits.view_calendar"):
        return Leader.objects.none()
    qs = Leader.objects.filter(is_active=True)
    if user.has_perm("visits.calendar"):
        return qs
    return qs.filter(user=user)


def leader_get(*, user, pk) -> Leader:
    return row_or_404(leaders_for(user=user), pk)


def leader_roster(*, user) -> QuerySet:
    """Every leader, serving or not, for the secretariat that keeps the list (nobody else)."""
    if not user.has_perm("visits.calendar"):
        return Leader.objects.none()
    return Leader.objects.select_related("user").order_by("-is_active", "order", "id")


def leader_roster_get(*, user, pk) -> Leader:
    return row_or_404(leader_roster(user=user), pk)


def leader_accounts() -> QuerySet:
    """The active accounts a leader's entry may be linked to (a leader signs in to read their own
    calendar)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("full_name", "username")


def calendar_list(*, user) -> QuerySet:
    """The engagements (not cancelled) of the leaders ``user`` reads (the calendar's FilterSet narrows
    it to dates and a leader)."""
    return (
        CalendarEntry.objects.filter(leader__in=leaders_for(user=user), cancelled_at__isnull=True)
        .select_related("leader", "event")
        .order_by("starts_at", "id")
    )


def in_range(qs: QuerySet, *, start: dt.date, end: dt.date) -> QuerySet:
    """The engagements of ``qs`` that take place on a day from ``start`` to ``end`` (excluded)."""
    return qs.filter(
        starts_at__lt=timezone.make_aware(dt.datetime.combine(end, dt.time.min)),
        ends_at__gt=timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
    )


def calendar_entries(*, user, start: dt.date, end: dt.date, leader=None) -> QuerySet:
    qs = calendar_list(user=user)
    if leader is not None:
        qs = qs.filter(leader=leader)
    return in_range(qs, start=start, end=end)


def entry_get(*, user, pk) -> CalendarEntry:
    return row_or_404(
        CalendarEntry.objects.filter(leader__in=leaders_for(user=user)).select_related("leader"), pk
    )


def calendar_conflicts(entries) -> set[int]:
    """Ids of entries that overlap another entry of the same leader."""
    out: set[int] = set()
    by_leader: dict[int, list] = {}
    for e in entries:
        by_leader.setdefault(e.leader_id, []).append(e)
    for items in by_leader.values():
        items.sort(key=lambda e: e.starts_at)
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b.starts_at >= a.ends_at:
                    break
                out.update({a.pk, b.pk})
    return out


def feed_tokens(*, user) -> QuerySet:
    return FeedToken.objects.filter(user=user).select_related("leader").order_by("-created_at")


def feed_token_get(*, user, pk) -> FeedToken:
    return row_or_404(feed_tokens(user=user), pk)


def feed_by_token(token: str) -> FeedToken | None:
    """The live feed of ``token``: not revoked, and its user still active and still allowed to read the
    leader's calendar."""
    t = (
        FeedToken.objects.filter(token=token or "", revoked_at__isnull=True)
        .select_related("user", "leader")
        .first()
    )
    if t is None or not t.user.is_active or not t.user.has_perm("visits.read_leader", t.leader):
        return None
    return t


def feed_entries(feed: FeedToken) -> QuerySet:
    """Only the calendar owner's (the feed's leader's) engagements, from 30 days back."""
    since = timezone.now() - dt.timedelta(days=30)
    return CalendarEntry.objects.filter(
        leader=feed.leader, cancelled_at__isnull=True, ends_at__gte=since
    ).order_by("starts_at")
