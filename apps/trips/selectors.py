"""Every read of trips goes through the casework data scope; outside it → Http404.

``trip_list(user=...)`` is the base of the list and report pages (filtered by ``apps.trips.filters``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.selectors import SCOPE_PATHS

from .models import Stage, Trip, TripMember

LIST_RELATED = ("case_type", "applicant_unit", "division", "assignee", "created_by", "head_of_delegation")


def scoped_trips(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Trip.objects.none()
    return scoped(Trip.objects.active().select_related(*LIST_RELATED), user, **SCOPE_PATHS)


def departure_between(qs: QuerySet, year: int, month: int | None = None) -> QuerySet:
    """Trips leaving in ``year`` (or in ``month`` of it), as a plain range on ``departure_date``
    (``>= first day`` and ``< first day after``) that ``trips_departure_idx`` answers; ``__month``
    would be an ``EXTRACT`` the index cannot use. An impossible year or month gives no rows."""
    try:
        year = int(year)
        if month is None:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        else:
            month = int(month)
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
    except (TypeError, ValueError, OverflowError):
        return qs.none()
    return qs.filter(departure_date__gte=start, departure_date__lt=end)


def trip_list(*, user) -> QuerySet:
    """Trips in scope, latest departure first (the list's default order; ``trips_departure_idx``). The
    list's filters and other orders are ``apps.trips.filters.TripFilter``."""
    return scoped_trips(user).order_by("-departure_date", "-id")


def trip_get(*, user, pk) -> Trip:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    trip = scoped_trips(user).select_related("inviter_country").filter(pk=pk).first()
    if trip is None or not user.has_perm("casework.view_case", trip):
        raise Http404
    return trip


def members_of(trip: Trip):
    return trip.members.select_related("person", "person__unit", "passport").order_by("order", "id")


def prefetch_members(trip: Trip) -> list:
    """The members as ``members_of`` reads them, stored on ``trip`` so that ``trip.members.all()``
    (stage conditions, forms) reuses this one query during the request."""
    cache = getattr(trip, "_prefetched_objects_cache", None)
    if cache:
        cache.pop("members", None)
    members = TripMember.objects.select_related("person", "person__unit", "passport").order_by("order", "id")
    prefetch_related_objects([trip], Prefetch("members", queryset=members))
    return list(trip.members.all())


# --- public notices (no login) ----------------------------------------------------------------------
def public_notices() -> QuerySet:
    """Trips whose pre-trip notice is running or whose post-trip notice is published."""
    today = timezone.localdate()
    return (
        Trip.objects.active()
        .filter(Q(stage=Stage.NOTICE, notice_start__lte=today) | Q(stage=Stage.POST_NOTICE))
        .select_related("applicant_unit", "inviter_country")
        .order_by("-notice_start", "-id")
    )


def public_notice_get(pk) -> Trip:
    try:
        return public_notices().get(pk=int(pk))
    except (Trip.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


# --- who is told of a trip's steps (recipient groups, registered in TripsConfig.ready) ----------------
def travellers(trip: Trip):
    """The members of the delegation who have a login."""
    from apps.accounts.models import User

    ids = [m.person.user_id for m in trip.members.select_related("person") if m.person.user_id]
    return User.objects.filter(pk__in=ids, is_active=True)


def passport_custodians(trip: Trip):
    """Those who keep passports (``passports.manage``) in the trip's division."""
    from apps.accounts.selectors import users_with_perm

    return users_with_perm("passports.manage", division=trip.division_id) if trip.division_id else []


def active_overrides(trip: Trip) -> list:
    """The decisions to proceed despite a finding that still hold (a change request voids them)."""
    return list(trip.overrides.filter(is_active=True).select_related("by"))


# --- tripux: what the trip page tells at a glance (issue 9, E17/E19) --------------------------------
PROGRESS_STEPS = (
    (Stage.APPLICATION, "application"),
    (Stage.APPROVED, "approved"),
    (Stage.NOTICE, "approved"),
    (Stage.DOCUMENTS, "documents"),
    (Stage.DEPARTED, "travel"),
    (Stage.RETURNED, "travel"),
    (Stage.PASSPORTS_BACK, "report"),
    (Stage.REPORT_FILED, "report"),
    (Stage.POST_NOTICE, "report"),
    (Stage.CLOSED, "closed"),
)


def progress(trip: Trip) -> list[dict]:
    """The trip's progress bar: six steps (申报审批 → 批准公示 → 证照签证 → 出访 → 报告 → 办结), each
    ``done``, ``current`` or to come; a cancelled, withdrawn or rejected trip says so on its step."""
    from django.utils.translation import gettext as _

    from apps.casework.models import CaseState

    labels = [
        ("application", _("申报审批")),
        ("approved", _("批准与公示")),
        ("documents", _("证照签证")),
        ("travel", _("出访")),
        ("report", _("报告与交回")),
        ("closed", _("办结")),
    ]
    step_of = dict(PROGRESS_STEPS)
    current = step_of.get(trip.stage, "application")
    if trip.state == CaseState.CLOSED and trip.stage in (Stage.CLOSED, Stage.REPORT_FILED, Stage.POST_NOTICE):
        current = "closed"
    keys = [k for k, _label in labels]
    at = keys.index(current)
    stopped = trip.stage == Stage.CANCELLED or trip.state in (CaseState.WITHDRAWN, CaseState.REJECTED)
    if trip.stage == Stage.CANCELLED:
        at = 1
    out = []
    for i, (key, label) in enumerate(labels):
        state = "done" if i < at else "current" if i == at else "todo"
        if trip.state == CaseState.CLOSED and key == "closed":
            state = "done"
        out.append({"key": key, "label": label, "state": state, "stopped": stopped and i == at})
    return out


def send_back_reason(trip: Trip):
    """The latest send-back (退回补正) entry the applicant sees, while the case waits on them."""
    from apps.casework.models import CaseState, TimelineEntry

    if trip.state != CaseState.RETURNED:
        return None
    return (
        TimelineEntry.objects.filter(case_id=trip.pk, to_state=CaseState.RETURNED, visible_to_applicant=True)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def report_photos(trip: Trip) -> dict:
    """Photos among the trip's attachments and how many the report needs (shown before it is filed)."""
    from apps.casework.models import Attachment

    from .conf import REPORT_MIN_PHOTOS

    need = int(REPORT_MIN_PHOTOS.value)
    have = Attachment.objects.filter(
        case_id=trip.pk, archived_at__isnull=True, content_type__startswith="image/"
    ).count()
    return {"have": have, "need": need, "missing": max(need - have, 0)}


def page_extras(trip: Trip) -> dict:
    """What the trip page shows besides the trip itself: progress, the send-back reason, the photos."""
    return {
        "progress": progress(trip),
        "send_back": send_back_reason(trip),
        "photos": report_photos(trip),
    }
