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
