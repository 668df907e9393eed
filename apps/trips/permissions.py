"""Who may do what with a trip: callables ``(trip, user) -> bool`` for the trip's transitions
(``permission=``) and its services. The object permission to see a trip is the case's
(``casework.view_case``, :mod:`apps.casework.permissions`)."""

from __future__ import annotations

from apps.casework import permissions as cw


def is_reviewer(trip, user) -> bool:
    """A reviewer of the trip's division who is not involved in the trip (four-eyes)."""
    return cw.is_division_reviewer(trip, user) and not trip.is_involved(user)


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


def can_configure_tiers(user) -> bool:
    """The approval tiers (审批权限) are configuration: the system administrator or reference managers."""
    return bool(
        user.is_authenticated and (user.has_perm("casework.configure") or user.has_perm("reference.manage"))
    )


def nobody(trip, user) -> bool:
    """For the stages' bookkeeping transitions, fired only as follow-up work of another transition."""
    return False
