"""Who may do what with a trip.

* Callables ``(trip, user) -> bool`` for the trip's transitions (``permission=``) and its services. The
  object permission to see a trip is the case's (``casework.view_case``, :mod:`apps.casework.permissions`).
* Global rules (``rules``), which the pages and services require by code like any other permission:

  * ``trips.view_reports`` — the trip list and reports (:func:`can_see_reports`);
  * ``trips.configure_tiers`` — the approval tiers of ranks (system administrator: ``casework.configure``
    or ``reference.manage``).
"""

from __future__ import annotations

import rules

from apps.accounts.permissions import has_code
from apps.casework import permissions as cw


def is_reviewer(trip, user) -> bool:
    """A reviewer of the trip's division who is not involved in the trip (four-eyes)."""
    return cw.is_division_reviewer(trip, user) and not trip.is_involved(user)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_unit_signatory(trip, user) -> bool:
    """The applying unit's signatory (单位签批人, ``casework.sign_unit``) whose scope reaches the unit,
    never someone involved in the trip (four-eyes)."""
    from apps.accounts.scope import scope_for

    return bool(
        _active(user)
        and user.has_perm("casework.sign_unit")
        and scope_for(user).allows(unit_id=trip.applicant_unit_id)
        and not trip.is_involved(user)
    )


def is_division_head(trip, user) -> bool:
    """The head of the trip's division (reviews and assigns in it), not involved in the trip."""
    return bool(
        cw.is_division_reviewer(trip, user)
        and user.has_perm("casework.assign")
        and not trip.is_involved(user)
    )


def is_reviewer_not_head(trip, user) -> bool:
    """The reviewer handling the trip (its assignee) who is not the division head: proposes to the head."""
    return cw.can_review(trip, user) and not user.has_perm("casework.assign")


def is_applicant_or_reviewer(trip, user) -> bool:
    return cw.can_apply(trip, user) or is_reviewer(trip, user)


def may_handle_approved_trip(trip, user) -> bool:
    """External approval, objections: the trip's division or an office leader, never someone involved."""
    return bool(
        (cw.is_division_reviewer(trip, user) or user.has_perm("casework.approve"))
        and not trip.is_involved(user)
    )


def may_record_visa(trip, user) -> bool:
    return cw.can_apply(trip, user) or cw.is_division_reviewer(trip, user)


def is_draft_author(trip, user) -> bool:
    """Only the clerk who started a draft may discard it (issue 9, E19), while it is still theirs."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.pk == trip.created_by_id
        and user.has_perm("casework.apply")
    )


def nobody(trip, user) -> bool:
    """For the stages' bookkeeping transitions, fired only as follow-up work of another transition."""
    return False


def can_see_reports(user) -> bool:
    """Office staff, leaders and auditors (their scope), unit clerks and signatories (their unit)."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return False
    return bool(
        getattr(user, "is_office_staff", False)
        or user.has_perm("casework.apply")
        or user.has_perm("casework.sign_unit")
        or user.has_perm("audit.view")
    )


rules.add_perm("trips.view_reports", rules.predicate(can_see_reports))
rules.add_perm("trips.configure_tiers", has_code("casework.configure") | has_code("reference.manage"))
