"""Who may do what with a nomination: the case's rules (``casework.view_case`` and the transition
predicates of :mod:`apps.casework.permissions`); the division's reviewer records the opinions."""

from __future__ import annotations

from apps.casework import permissions as cw
from apps.casework.models import CaseState


def can_edit(nomination, user) -> bool:
    return cw.can_apply(nomination, user) and nomination.state in (CaseState.DRAFT, CaseState.RETURNED)


def can_record_opinion(nomination, user) -> bool:
    return cw.can_review(nomination, user) and nomination.state == CaseState.IN_REVIEW
