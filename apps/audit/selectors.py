"""Reading the audit trail: filters and keyset pages that stay fast on tens of millions of rows.

No COUNT(*) and no OFFSET: a page is "the next N events with id below/above X", which every filter's
index ((actor, -id), (target_type, target_id, -id), (action, -id), (at)) answers directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone

from . import anchors
from .models import AuditEvent

EXPORT_MAX_ROWS = 100_000
MAX_PAGE_SIZE = 200
# How many people a "user" filter may match before we ask for a more precise term.
MAX_MATCHED_USERS = 500


def can_view(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("audit.view"))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def matching_user_ids(term: str) -> list[int]:
    User = get_user_model()
    term = term.strip()
    return list(
        User.objects.filter(Q(username__iexact=term) | Q(full_name__icontains=term))
        .order_by("pk")
        .values_list("pk", flat=True)[:MAX_MATCHED_USERS]
    )


def filtered(filters: dict) -> QuerySet:
    """Events matching ``filters`` (keys: user, target_type, target_id, action, date_from, date_to).

    ``action`` is one action ("casework.close") or, ending in a dot, a whole group ("casework.")."""
    qs = AuditEvent.objects.all()
    term = (filters.get("user") or "").strip()
    if term:
        qs = qs.filter(actor_id__in=matching_user_ids(term))
    target_type = (filters.get("target_type") or "").strip().lower()
    if target_type:
        qs = qs.filter(target_type=target_type)
    target_id = (filters.get("target_id") or "").strip()
    if target_id:
        qs = qs.filter(target_id=target_id)
    action = str(filters.get("action") or "").strip()
    if action.endswith("."):  # a whole group ("casework."): every action of it
        qs = qs.filter(action__startswith=action)
    elif action:
        qs = qs.filter(action=action)
    at_range = Q()
    if filters.get("date_from"):
        at_range &= Q(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        at_range &= Q(at__lt=_day_start(filters["date_to"] + dt.timedelta(days=1)))
    if at_range:
        qs = qs.filter(at_range)
    if filters.get("date_from") and filters.get("date_to"):
        qs = qs.filter(id__gte=_id_bound(at_range, Min), id__lte=_id_bound(at_range, Max))
    return qs


def _id_bound(at_range: Q, aggregate) -> Subquery:
    """``MIN(id)`` or ``MAX(id)`` of the events in ``at_range``, a scalar subquery that ``audit_at_idx``
    answers. With both bounds the newest-first page's walk down the primary key starts at the range's
    last event and stops at its first one, instead of filtering on ``at`` from the newest event down.
    The aggregate bounds every event of the range whatever the order of ids and times (events loaded
    with a historical ``at``), and the ``at`` filter stays, so the rows are the same. Only for a range
    with both ends: an open range would aggregate most of the table (and a range from a date on
    finds its rows at the top of the walk anyway). An empty range gives NULL bounds: no rows."""
    return Subquery(
        AuditEvent.objects.filter(at_range)
        .order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(bound=aggregate("id"))
        .values("bound")
    )


@dataclass
class Page:
    events: list = field(default_factory=list)
    has_older: bool = False
    has_newer: bool = False

    @property
    def older_cursor(self) -> int | None:
        return self.events[-1].pk if self.events and self.has_older else None

    @property
    def newer_cursor(self) -> int | None:
        return self.events[0].pk if self.events and self.has_newer else None


def keyset_page(
    qs: QuerySet, *, before_id: int | None = None, after_id: int | None = None, size: int | None = None
) -> Page:
    """One page, newest first: below ``before_id``, or just above ``after_id``, or the newest."""
    size = max(1, min(size or settings.WAIBAN.get("LIST_PAGE_SIZE", 25), MAX_PAGE_SIZE))
    if after_id is not None:
        rows = list(qs.filter(id__gt=after_id).order_by("id")[: size + 1])
        has_newer = len(rows) > size
        rows = rows[:size][::-1]
        has_older = qs.filter(id__lte=after_id).exists()
        return Page(rows, has_older=has_older, has_newer=has_newer)
    if before_id is not None:
        rows = list(qs.filter(id__lt=before_id).order_by("-id")[: size + 1])
        has_newer = qs.filter(id__gte=before_id).exists()
    else:
        rows = list(qs.order_by("-id")[: size + 1])
        has_newer = False
    return Page(rows[:size], has_older=len(rows) > size, has_newer=has_newer)


def event_list(*, user, filters: dict, before_id=None, after_id=None, size=None) -> Page:
    if not can_view(user):
        raise PermissionDenied
    qs = filtered(filters).select_related("actor")
    return keyset_page(qs, before_id=before_id, after_id=after_id, size=size)


def event_get(*, user, pk: int) -> AuditEvent:
    if not can_view(user):
        raise PermissionDenied
    event = AuditEvent.objects.select_related("actor").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def neighbours(event: AuditEvent) -> tuple[AuditEvent | None, AuditEvent | None]:
    prev = AuditEvent.objects.filter(id__lt=event.pk).order_by("-id").first()
    nxt = AuditEvent.objects.filter(id__gt=event.pk).order_by("id").first()
    return prev, nxt


def events_for(*, user, obj, limit: int = 50) -> list[AuditEvent]:
    """The latest events about ``obj`` (a model instance), or [] for a user without ``audit.view``."""
    if not can_view(user) or obj is None or getattr(obj, "pk", None) is None:
        return []
    return list(
        AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .select_related("actor")
        .order_by("-id")[:limit]
    )


def last_anchor():
    """The newest anchor of the chain (apps.audit.anchors), shown to auditors; None before the first."""
    return anchors.last_anchor()
