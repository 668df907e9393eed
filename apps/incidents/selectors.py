"""Every read of incidents, through the RESTRICTED realm of the one scope rule: only the circle — the
handling division, the units tasked, the people added (and the person who registered it) — sees an
incident; scope "all" alone does not (``apps.accounts.scope.RESTRICTED``). Outside → Http404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from apps.accounts.scope import RESTRICTED, scope_for
from apps.accounts.selectors import scoped, users_with_perm
from apps.core.ids import parse_id
from apps.core.selectors import row_or_404
from apps.core.statements import fixed

from .models import Incident, Task, TreatyDeadline

PATHS = {"unit": "tasks__unit", "division": "division", "users": ("created_by", "members")}


def _reader(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("casework.view"))


def incident_list(*, user) -> QuerySet:
    """Incidents in the user's circle, newest first; filters: ``apps.incidents.filters.IncidentFilter``."""
    if not _reader(user):
        return Incident.objects.none()
    qs = Incident.objects.active().select_related("country", "division", "created_by")
    return scoped(qs, user, realm=RESTRICTED, **PATHS).order_by("-occurred_on", "-id")


# the columns the list's rows show (``rows.incident_rows``): nothing else is read for them
LIST_COLUMNS = ("reference", "title", "kind", "country_id", "direction", "severity", "occurred_on", "state")


def list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (the filtered list) narrowed to the table's columns, without joins."""
    return qs.select_related(None).only(*LIST_COLUMNS)


def incident_get(*, user, pk) -> Incident:
    return row_or_404(incident_list(user=user), pk, related=("country", "division"))


def exists_outside(*, user, pk) -> bool:
    """An incident ``pk`` exists but ``user`` is outside its circle (to audit the refused attempt)."""
    pk = parse_id(pk)
    if pk is None:
        return False
    return Incident.objects.filter(pk=pk).exists() and not incident_list(user=user).filter(pk=pk).exists()


def in_division(incident: Incident, user) -> bool:
    """The handling division's reviewers (through the restricted scope's division axis)."""
    return bool(
        user.has_perm("casework.review")
        and scope_for(user, RESTRICTED).allows(division_id=incident.division_id)
    )


def is_member(incident: Incident, user) -> bool:
    return incident.memberships.filter(user=user).exists() or incident.created_by_id == user.pk


def can_handle(incident: Incident, user) -> bool:
    """Write the timeline, task units, add people, close: the division's reviewers, or a leader (approve)
    or reviewer who was added to the circle."""
    if not user.is_authenticated:
        return False
    if in_division(incident, user):
        return True
    return (user.has_perm("casework.approve") or user.has_perm("casework.review")) and is_member(
        incident, user
    )


def my_tasks(incident: Incident, user) -> list[Task]:
    """Tasks of the user's unit (a tasked unit reports them done)."""
    if not user.unit_id:
        return []
    return [t for t in incident.tasks.all() if t.unit_id == user.unit_id]


def entries_of(incident: Incident):
    return fixed(incident.entries.select_related("actor").order_by("at", "id"), "incidents.entries")


def tasks_of(incident: Incident):
    return fixed(incident.tasks.select_related("unit").order_by("due_date", "id"), "incidents.tasks")


def members_of(incident: Incident):
    qs = incident.memberships.select_related("user", "added_by").order_by("added_at", "id")
    return fixed(qs, "incidents.members")


def treaty_deadline(country) -> TreatyDeadline | None:
    return TreatyDeadline.objects.filter(country=country).first()


def mission_deadline(incident: Incident) -> dict | None:
    """The day the mission must be told of a detention, from the treaty table (None: not configured)."""
    if incident.direction != "inbound" or not incident.detained_on:
        return None
    row = treaty_deadline(incident.country)
    if row is None:
        return {"configured": False}
    due = incident.detained_on + dt.timedelta(days=row.days)
    done = incident.mission_notified_on
    today = timezone.localdate()
    return {
        "configured": True,
        "due": due,
        "days": row.days,
        "basis": row.basis,
        "met": bool(done and done <= due),
        "late": bool(done and done > due) or (not done and today > due),
    }


def leaders():
    return users_with_perm("casework.approve", without_division=True)


def circle_candidates(incident: Incident):
    """People who may be added: active office staff and leaders (the unit side joins through tasks)."""
    from apps.accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .exclude(pk__in=incident.memberships.values("user"))
        .order_by("username")
    )


def stats_by_year(qs: QuerySet) -> list[dict]:
    return list(
        qs.order_by()
        .annotate(year=ExtractYear("occurred_on"))
        .values("year", "direction", "severity")
        .annotate(n=Count("pk"))
        .order_by("-year", "direction", "severity")
    )


def treaty_list() -> QuerySet:
    return TreatyDeadline.objects.select_related("country").order_by("country__sort_key")
