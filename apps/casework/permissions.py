"""Who may do what with a case.

Transition permissions are plain callables ``(case, user) -> bool`` given to ``django_fsm``'s
``@transition(permission=...)``; the object permission ``casework.view_case`` (a ``rules`` predicate)
combines the global code with the data scope. Four-eyes — nobody decides on a case they submitted or
take part in — is part of the reviewer/approver predicates *and*, for the transitions declared with
``four_eyes=True`` (``apps.casework.workflow``), re-checked by the service with a clear message.
"""

from __future__ import annotations

import rules

from apps.accounts.permissions import has_code, in_scope
from apps.accounts.scope import scope_for


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_involved(case, user) -> bool:
    return case.is_involved(user)


def can_apply(case, user) -> bool:
    """The applicant side: a clerk (casework.apply) whose scope reaches the case's unit, or its creator."""
    if not (_active(user) and user.has_perm("casework.apply")):
        return False
    if user.pk == case.created_by_id:
        return True
    return scope_for(user).allows(unit_id=case.applicant_unit_id)


def is_division_reviewer(case, user) -> bool:
    return bool(
        _active(user)
        and user.has_perm("casework.review")
        and case.division_id
        and user.division_id == case.division_id
    )


def is_office_wide(user) -> bool:
    return scope_for(user).all


def can_claim(case, user) -> bool:
    return is_division_reviewer(case, user) and case.assignee_id is None and not case.is_involved(user)


def can_assign(case, user) -> bool:
    if not (_active(user) and user.has_perm("casework.assign")) or case.is_involved(user):
        return False
    if case.division_id and user.division_id == case.division_id:
        return True
    return is_office_wide(user)  # office leaders assign across divisions and route unrouted cases


def can_review(case, user) -> bool:
    """Send back or forward: the assignee, or the head of the division, never someone involved."""
    if not is_division_reviewer(case, user) or case.is_involved(user):
        return False
    return case.assignee_id == user.pk or user.has_perm("casework.assign")


def can_approve(case, user) -> bool:
    return bool(_active(user) and user.has_perm("casework.approve") and not case.is_involved(user))


def can_reopen(case, user) -> bool:
    if not (_active(user) and user.has_perm("casework.reopen")):
        return False
    return bool(case.division_id and user.division_id == case.division_id) or is_office_wide(user)


def can_close(case, user) -> bool:
    return can_review(case, user) or bool(_active(user) and user.has_perm("casework.approve"))


def is_staff_side(user) -> bool:
    """Office staff see the whole timeline (internal notes too); others see what applicants may see."""
    return bool(
        _active(user)
        and (user.has_perm("casework.review") or user.has_perm("casework.approve") or scope_for(user).all)
    )


@rules.predicate
def _can_comment(user, case) -> bool:
    """Those who act on the case (office reviewers and leaders, the applicant side, the people involved);
    read-only roles (the audit supervisor) see the case but do not write on it."""
    if not _active(user):
        return False
    acts = user.has_perm("casework.review") or user.has_perm("casework.approve")
    return acts or can_apply(case, user) or user.pk in case.people_ids()


rules.add_perm("casework.view_case", has_code("casework.view") & in_scope)
rules.add_perm("casework.comment_case", has_code("casework.view") & in_scope & _can_comment)
rules.add_perm("casework.upload_case", has_code("casework.view") & in_scope & _can_comment)
