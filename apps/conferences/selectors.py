"""Every read of conference requests, through the casework data scope (outside it → Http404)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from apps.accounts.selectors import scoped
from apps.casework.selectors import SCOPE_PATHS

from .models import Conference

LIST_RELATED = ("case_type", "applicant_unit", "division", "assignee", "created_by")


def scoped_conferences(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Conference.objects.none()
    return scoped(Conference.objects.active().select_related(*LIST_RELATED), user, **SCOPE_PATHS)


def conference_list(*, user) -> QuerySet:
    """Requests in scope, latest meeting first; filters: ``apps.conferences.filters.ConferenceFilter``."""
    return scoped_conferences(user).order_by("-start_date", "-id")


def conference_get(*, user, pk) -> Conference:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    conf = scoped_conferences(user).filter(pk=pk).prefetch_related("countries").first()
    if conf is None or not user.has_perm("casework.view_case", conf):
        raise Http404
    return conf


def stats_by_year(qs: QuerySet) -> list[dict]:
    """Requests per year of the meeting and approving level (for the list's statistics)."""
    return list(
        qs.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year", "approving_level")
        .annotate(n=Count("pk"))
        .order_by("-year", "approving_level")
    )
