"""Every read of trips goes through the casework data scope; outside it → Http404.

``trip_list(user=...)`` is the base of the list and report pages (filtered by ``apps.trips.filters``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from apps.accounts.selectors import scoped
from apps.casework.models import CaseState
from apps.casework.selectors import SCOPE_PATHS
from apps.core.process_cache import ProcessCache
from apps.core.selectors import row_or_404
from apps.core.statements import fixed

from .models import Stage, Trip, TripMember

# what the trip page shows: the unit, the division and its handler, the inviting country
DETAIL_RELATED = ("applicant_unit", "division", "assignee", "inviter_country")
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


def trip_get(*, user, pk, related=DETAIL_RELATED) -> Trip:
    """Trip ``pk`` if ``user`` may see it, with the joins the caller shows (``related``: the trip page's
    by default; the 批件 download needs only the case type)."""
    return row_or_404(scoped_trips(user), pk, user=user, perm="casework.view_case", related=related)


def members_of(trip: Trip):
    return trip.members.select_related("person", "person__unit", "passport").order_by("order", "id")


def prefetch_members(trip: Trip) -> list:
    """The members as ``members_of`` reads them, stored on ``trip`` so that ``trip.members.all()``
    (stage conditions, forms) reuses this one query during the request."""
    cache = getattr(trip, "_prefetched_objects_cache", None)
    if cache:
        cache.pop("members", None)
    qs = fixed(members_of(trip), "trips.members")
    out = list(qs)  # each member knows its trip (the related manager's known object): no query
    qs._prefetch_done = True
    trip.__dict__.setdefault("_prefetched_objects_cache", {})["members"] = qs  # as prefetch_related stores it
    for m in out:
        m.usable_passport = usable_passport(m, trip)
    return out


def usable_passport(member: TripMember, trip: Trip):
    """The passport (or HK/Macao permit) the member travels on: the one chosen when the application was
    saved, else the holder's valid one now (registered since) — the same passports the check reads, so
    the members table, the check and the custody desk say the same thing."""
    if member.passport_id:
        return member.passport
    from apps.passports.models import Kind
    from apps.passports.selectors import valid_passport_for

    kind = Kind.HK_MACAO_PERMIT if trip.is_hk_macao else None
    return valid_passport_for(person=member.person, kind=kind, on=trip.return_date)


# --- public notices (no login) ----------------------------------------------------------------------
def public_notices() -> QuerySet:
    """Trips whose unit's pre-trip notice is running or whose post-trip notice is published — on the
    open internet only when the office turned ``TRIP_PUBLIC_NOTICES`` on (off by default)."""
    from .conf import PUBLIC_NOTICES

    if not PUBLIC_NOTICES.value:
        return Trip.objects.none()
    today = timezone.localdate()
    return (
        Trip.objects.active()
        .filter(
            Q(
                state__in=(CaseState.DRAFT, CaseState.RETURNED),
                unit_notice_start__lte=today,
                unit_notice_end__gte=today,
            )
            | Q(stage=Stage.POST_NOTICE)
        )
        .select_related("applicant_unit", "inviter_country")
        .order_by("-id")
    )


def public_notice_get(pk) -> Trip:
    return row_or_404(public_notices(), pk)


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


# --- the approval chain (apps.trips.models.ApprovalRoute / ApprovalStep) --------------------------------
ROUTES = ProcessCache("trips.routes")  # configuration; forgotten when a route is saved (apps.py)


def route_for(trip: Trip):
    """The approval route of the trip's level (None when the level or its route is not configured);
    cached on the trip for the request."""
    from .models import ApprovalRoute

    cached = trip.__dict__.get("_route_cache")
    if cached is not None and cached[0] == trip.approval_level:
        return cached[1]
    route = (
        ROUTES.get(
            trip.approval_level, lambda: ApprovalRoute.objects.filter(level=trip.approval_level).first()
        )
        if trip.approval_level
        else None
    )
    trip.__dict__["_route_cache"] = (trip.approval_level, route)
    return route


def approval_steps(trip: Trip, *, include_void: bool = False) -> list:
    """The steps of the trip's approval as they were taken, oldest first: kind label, the signer's name
    and capacity, when, the opinion and (for a higher approver) the document. The approval document and
    the trip page read this."""
    if not include_void and "_steps_cache" in trip.__dict__:
        return trip.__dict__["_steps_cache"]
    qs = trip.steps.select_related("by")
    if not include_void:
        qs = qs.filter(is_active=True)
    steps = list(fixed(qs.order_by("at", "id"), f"trips.steps.{include_void}"))
    if not include_void:
        trip.__dict__["_steps_cache"] = steps  # for the request (a page reads them several times)
    return steps


def chain_plan(trip: Trip) -> list[dict]:
    """The steps the trip's route asks for, in order, each with the step taken (or None): what the trip
    page shows as the approval chain."""
    from .models import ApprovalStep as Step

    route = route_for(trip)
    taken: dict[str, object] = {}
    for step in approval_steps(trip):
        taken[step.kind] = step
    plan = []
    if route is None or route.unit_signature:
        plan.append({"kind": Step.Kind.UNIT_SIGN, "label": Step.Kind.UNIT_SIGN.label})
    if route is None or route.division_head_review:
        plan.append({"kind": Step.Kind.STAFF, "label": Step.Kind.STAFF.label, "optional": True})
        plan.append({"kind": Step.Kind.DIVISION_HEAD, "label": Step.Kind.DIVISION_HEAD.label})
    if route is None or route.external:
        plan.append({"kind": Step.Kind.OFFICE_LEADER, "label": Step.Kind.OFFICE_LEADER.label})
        who = (route.external_approver_label if route else "") or Step.Kind.FINAL.label
        plan.append({"kind": Step.Kind.FINAL, "label": who})
    else:
        plan.append({"kind": Step.Kind.FINAL, "label": Step.Kind.FINAL.label})
    for row in plan:
        row["step"] = taken.get(row["kind"])
    return plan


def division_heads(trip: Trip):
    """The heads of the trip's division (review and assign there)."""
    from apps.accounts.selectors import users_with_perm

    if not trip.division_id:
        return []
    heads = users_with_perm("casework.assign", division=trip.division_id)
    return [u for u in heads if u.has_perm("casework.review")]


def unit_signatories(trip: Trip):
    """The applying unit's signatories (单位签批人)."""
    from apps.accounts.models import User

    return [
        u
        for u in User.objects.filter(unit_id=trip.applicant_unit_id, is_active=True)
        if u.has_perm("casework.sign_unit")
    ]


# --- notices inside the applying unit (the intranet page for its signed-in staff) -----------------------
def _may_read_unit_notice(user, trip: Trip) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if getattr(user, "unit_id", None) and user.unit_id == trip.applicant_unit_id:
        return True
    return user.has_perm("casework.view") and user.has_perm("casework.view_case", trip)


def unit_notice_get(*, user, pk, kind: str) -> Trip:
    """A trip whose notice (``pre`` inside the unit before applying, ``post`` after return) has been
    published, for the staff of the applying unit (or anyone who may see the case); else Http404."""
    trip = row_or_404(Trip.objects.active().select_related("applicant_unit", "inviter_country"), pk)
    if kind not in ("pre", "post") or not _may_read_unit_notice(user, trip):
        raise Http404
    if (kind == "pre" and not trip.unit_notice_start) or (kind == "post" and not trip.post_notice_start):
        raise Http404
    return trip


def unit_notices(*, user) -> list[Trip]:
    """The notices running in the user's unit today (pre-trip inside the unit, post-trip)."""
    unit_id = getattr(user, "unit_id", None)
    if not (user.is_authenticated and user.is_active and unit_id):
        return []
    today = timezone.localdate()
    qs = (
        Trip.objects.active()
        .filter(applicant_unit_id=unit_id)
        .filter(
            Q(unit_notice_start__lte=today, unit_notice_end__gte=today)
            | Q(post_notice_start__lte=today, post_notice_end__gte=today)
        )
        .select_related("applicant_unit")
        .order_by("-unit_notice_start", "-id")
    )
    return list(qs[:200])


# --- tripux: what the trip page tells at a glance (issue 9, E17/E19) --------------------------------
PROGRESS_STEPS = (
    (Stage.APPLICATION, "application"),
    (Stage.DOCUMENTS, "documents"),
    (Stage.DEPARTED, "travel"),
    (Stage.RETURNED, "travel"),
    (Stage.PASSPORTS_BACK, "report"),
    (Stage.REPORT_FILED, "report"),
    (Stage.POST_NOTICE, "report"),
    (Stage.CLOSED, "closed"),
)


def progress(trip: Trip) -> list[dict]:
    """The trip's progress bar: six steps (申报审批 → 批准 → 证照签证 → 出访 → 报告 → 办结), each
    ``done``, ``current`` or to come; a cancelled, withdrawn or rejected trip says so on its step."""
    from django.utils.translation import gettext as _

    from apps.casework.models import CaseState

    labels = [
        ("application", _("申报审批")),
        ("approved", _("批准")),
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
        # counted only when the page shows the report form (after the return)
        "photos": SimpleLazyObject(lambda: report_photos(trip)),
    }
