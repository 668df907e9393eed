"""Who may do what with invitations and unit registrations.

* Callables ``(invitation, user) -> bool`` for the invitation's transitions; seeing an invitation is the
  case's object permission (``casework.view_case``).
* Registrations (开户备案): the unit's clerks file and correct their own; reviewers of the handling
  division (``casework.review``) review; ``invitations.view_registration`` is the object rule.
"""

from __future__ import annotations

import rules

from apps.accounts.permissions import has_code
from apps.accounts.scope import scope_for
from apps.casework import permissions as cw


def is_reviewer(invitation, user) -> bool:
    """A reviewer of the invitation's division who is not involved in it (four-eyes)."""
    return cw.is_division_reviewer(invitation, user) and not invitation.is_involved(user)


def is_applicant_or_reviewer(invitation, user) -> bool:
    return cw.can_apply(invitation, user) or is_reviewer(invitation, user)


def nobody(invitation, user) -> bool:
    """For the letter's bookkeeping transitions, fired only as follow-up work of another transition."""
    return False


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def registration_in_scope(user, registration) -> bool:
    if registration is None:
        return False
    return scope_for(user).allows(
        unit_id=registration.unit_id,
        division_id=registration.division_id,
        user_ids={registration.submitted_by_id},
    )


def can_edit_registration(registration, user) -> bool:
    """The unit's clerk, while the filing waits or was sent back for correction."""
    return bool(
        _active(user)
        and user.has_perm("casework.apply")
        and registration.status in (registration.Status.PENDING, registration.Status.RETURNED)
        and (user.unit_id == registration.unit_id or scope_for(user).allows(unit_id=registration.unit_id))
    )


def can_review_registration(registration, user) -> bool:
    """A reviewer of the handling division (or an office-wide reviewer), never the filer."""
    if not (_active(user) and user.has_perm("casework.review")) or user.pk == registration.submitted_by_id:
        return False
    return bool(registration.division_id and user.division_id == registration.division_id) or bool(
        registration.division_id is None and user.division_id
    )


rules.add_perm("invitations.view_registration", has_code("casework.view") & registration_in_scope)
