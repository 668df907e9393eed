"""Every read of visits, gifts and the calendar goes through the data scope; outside it → Http404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.selectors import SCOPE_PATHS

from . import protocol
from .models import CalendarEntry, Event, FeedToken, Gift, Leader, Participant, Visit

LIST_RELATED = ("case_type", "applicant_unit", "division", "assignee", "created_by", "guest_country")


def _int(pk):
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


# --- visits --------------------------------------------------------------------------------------------
def scoped_visits(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Visit.objects.none()
    return scoped(Visit.objects.active().select_related(*LIST_RELATED), user, **SCOPE_PATHS)


def visit_list(*, user) -> QuerySet:
    return scoped_visits(user).order_by("-arrival_date", "-id")


def visit_get(*, user, pk) -> Visit:
    visit = scoped_visits(user).filter(pk=_int(pk)).first()
    if visit is None or not user.has_perm("casework.view_case", visit):
        raise Http404
    return visit


def participants_of(visit: Visit) -> list[Participant]:
    return list(visit.participants_list.select_related("leader").order_by("side", "rank", "id"))


def participant_get(*, visit: Visit, pk) -> Participant:
    p = visit.participants_list.filter(pk=_int(pk)).first()
    if p is None:
        raise Http404
    return p


def events_of(visit: Visit, *, include_cancelled=False) -> list[Event]:
    qs = visit.events.prefetch_related("participants")
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True)
    return list(qs.order_by("date", "start", "id"))


def event_get(*, visit: Visit, pk) -> Event:
    e = visit.events.filter(pk=_int(pk)).prefetch_related("participants").first()
    if e is None:
        raise Http404
    return e


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


def conflicts_for(event: Event) -> list[str]:
    """Other events at the same time in the same venue, or with one of this event's leaders or
    interpreters (participants with the interpreter role, by name) — in any visit."""
    from django.utils.translation import gettext as _

    same_time = (
        Event.objects.filter(date=event.date, start__lt=event.end, end__gt=event.start, cancelled_at__isnull=True)
        .exclude(pk=event.pk)
        .select_related("visit")
        .prefetch_related("participants")
    )
    leaders = {p.leader_id for p in event.participants.all() if p.leader_id}
    interpreters = {p.name for p in event.participants.all() if p.role == Participant.Role.INTERPRETER}
    out = []
    for other in same_time:
        if other.venue.strip() and other.venue.strip() == event.venue.strip():
            out.append(_("场地冲突：%(venue)s 同时安排了“%(title)s”") % {"venue": event.venue, "title": other.title})
        for p in other.participants.all():
            if p.leader_id and p.leader_id in leaders:
                out.append(_("市领导冲突：%(name)s 同时参加“%(title)s”") % {"name": p.name, "title": other.title})
            if p.role == Participant.Role.INTERPRETER and p.name in interpreters:
                out.append(_("译员冲突：%(name)s 同时参加“%(title)s”") % {"name": p.name, "title": other.title})
    leader_q = CalendarEntry.objects.filter(
        leader_id__in=leaders, cancelled_at__isnull=True,
        starts_at__lt=_aware(event.date, event.end), ends_at__gt=_aware(event.date, event.start),
    ).exclude(event__visit_id=event.visit_id).exclude(event_id=event.pk)
    for entry in leader_q.select_related("leader"):
        if entry.event_id and entry.event.visit_id != event.visit_id:
            continue  # already reported above
        out.append(_("市领导冲突：%(name)s 当时另有安排“%(title)s”") % {"name": entry.leader.name, "title": entry.title})
    return sorted(set(out))


def _aware(day: dt.date, t: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, t))


# --- gifts ---------------------------------------------------------------------------------------------
def gift_list(*, user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Gift.objects.none()
    qs = Gift.objects.active().select_related("unit", "division", "counterpart_country", "visit")
    return scoped(qs, user, unit="unit", division="division", users=("created_by",)).order_by("-on_date", "-id")


def gift_get(*, user, pk) -> Gift:
    gift = gift_list(user=user).filter(pk=_int(pk)).first()
    if gift is None or not user.has_perm("visits.view_gift", gift):
        raise Http404
    return gift


def gifts_due(*, today: dt.date | None = None) -> QuerySet:
    """Received gifts that need a declaration and have none yet (for the reminders)."""
    return Gift.objects.active().filter(declaration_due__isnull=False, declared_at__isnull=True).select_related(
        "created_by", "unit"
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
    leader = leaders_for(user=user).filter(pk=_int(pk)).first()
    if leader is None:
        raise Http404
    return leader


def calendar_entries(*, user, start: dt.date, end: dt.date, leader=None) -> QuerySet:
    leaders = leaders_for(user=user)
    if leader is not None:
        leaders = leaders.filter(pk=leader.pk)
    return (
        CalendarEntry.objects.filter(
            leader__in=leaders,
            cancelled_at__isnull=True,
            starts_at__lt=timezone.make_aware(dt.datetime.combine(end, dt.time.min)),
            ends_at__gt=timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        )
        .select_related("leader", "event")
        .order_by("starts_at", "id")
    )


def entry_get(*, user, pk) -> CalendarEntry:
    e = CalendarEntry.objects.filter(pk=_int(pk), leader__in=leaders_for(user=user)).select_related("leader").first()
    if e is None:
        raise Http404
    return e


def calendar_conflicts(entries) -> set[int]:
    """Ids of entries that overlap another entry of the same leader."""
    out: set[int] = set()
    by_leader: dict[int, list] = {}
    for e in entries:
        by_leader.setdefault(e.leader_id, []).append(e)
    for items in by_leader.values():
        items.sort(key=lambda e: e.starts_at)
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if b.starts_at >= a.ends_at:
                    break
                out.update({a.pk, b.pk})
    return out


def feed_tokens(*, user) -> QuerySet:
    return FeedToken.objects.filter(user=user).select_related("leader").order_by("-created_at")


def feed_token_get(*, user, pk) -> FeedToken:
    t = feed_tokens(user=user).filter(pk=_int(pk)).first()
    if t is None:
        raise Http404
    return t


def feed_by_token(token: str) -> FeedToken | None:
    """The live feed of ``token``: not revoked, and its user still active and still allowed to read the
    leader's calendar."""
    t = FeedToken.objects.filter(token=token or "", revoked_at__isnull=True).select_related("user", "leader").first()
    if t is None or not t.user.is_active or not t.user.has_perm("visits.read_leader", t.leader):
        return None
    return t


def feed_entries(feed: FeedToken) -> QuerySet:
    """Only the calendar owner's (the feed's leader's) engagements, from 30 days back."""
    since = timezone.now() - dt.timedelta(days=30)
    return CalendarEntry.objects.filter(leader=feed.leader, cancelled_at__isnull=True, ends_at__gte=since).order_by(
        "starts_at"
    )


def visits_q_upcoming() -> Q:
    return Q(arrival_date__gte=timezone.localdate())
