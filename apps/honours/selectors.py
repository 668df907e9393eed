"""Every read of nominations through the casework data scope; the public list of honorary citizens
shows only those who consented to publicity."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.accounts.selectors import scoped
from apps.casework.models import CaseState
from apps.casework.selectors import SCOPE_PATHS
from apps.core.selectors import row_or_404
from apps.core.statements import fixed

from .models import Nomination


def scoped_nominations(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Nomination.objects.none()
    qs = Nomination.objects.active().select_related(
        "case_type", "applicant_unit", "division", "assignee", "created_by", "nationality"
    )
    return scoped(qs, user, **SCOPE_PATHS)


def nomination_list(*, user) -> QuerySet:
    return scoped_nominations(user).order_by("-created_at", "-id")


# the columns the list's rows show (``rows.nomination_rows``): nothing else is read for them
LIST_COLUMNS = ("reference", "nominee_name", "nominee_name_zh", "nationality_id", "employer", "state")


def list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (the filtered list) narrowed to the table's columns, without joins."""
    return qs.select_related(None).only(*LIST_COLUMNS)


def nomination_get(*, user, pk) -> Nomination:
    related = ("applicant_unit", "nationality")  # what the page shows
    return row_or_404(scoped_nominations(user), pk, user=user, perm="casework.view_case", related=related)


def opinions_of(n: Nomination):
    return fixed(n.opinions.select_related("recorded_by"), "honours.opinions")


def public_honorary_citizens() -> QuerySet:
    """Honorary citizens who consented to publicity (approved or awarded), for the public page."""
    return (
        Nomination.objects.active()
        .filter(state__in=(CaseState.APPROVED, CaseState.CLOSED), consent_publicity=True)
        .select_related("nationality")
        .order_by("-decided_at", "-id")
    )
