"""Every read of conference requests, through the casework data scope (outside it → Http404)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from apps.accounts.selectors import scoped
from apps.casework.selectors import SCOPE_PATHS
from apps.core.selectors import row_or_404

from .models import Conference

LIST_RELATED = ("case_type", "applicant_unit", "division", "assignee", "created_by")


def scoped_conferences(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Conference.objects.none()
    return scoped(Conference.objects.active().select_related(*LIST_RELATED), user, **SCOPE_PATHS)


def conference_list(*, user) -> QuerySet:
    """Requests in scope, latest meeting first; filters: ``apps.conferences.filters.ConferenceFilter``."""
    return scoped_conferences(user).order_by("-start_date", "-id")


# the columns the list's rows show (``rows.conference_rows``): nothing else is read for them
LIST_COLUMNS = (
    "reference",
    "title",
    "name_en",
    "start_date",
    "end_date",
    "applicant_unit__name",
    "foreign_participants",
    "total_participants",
    "approving_level",
    "state",
)


def list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (the filtered list) narrowed to the table's columns and the one join they need."""
    return qs.select_related(None).select_related("applicant_unit").only(*LIST_COLUMNS)


def conference_get(*, user, pk) -> Conference:
    qs = scoped_conferences(user).prefetch_related("countries")
    related = ("applicant_unit", "division", "assignee")  # what the page shows
    return row_or_404(qs, pk, user=user, perm="casework.view_case", related=related)


def stats_by_year(qs: QuerySet) -> list[dict]:
    """Requests per year of the meeting and approving level (for the list's statistics)."""
    return list(
        qs.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year", "approving_level")
        .annotate(n=Count("pk"))
        .order_by("-year", "approving_level")
    )
