"""Who may do what with a conference request: the case's own rules (``casework.view_case`` and the
transition predicates of :mod:`apps.casework.permissions`); the type adds
:func:`apps.conferences.models.can_file_summary` (the organiser or the division's reviewer)."""

from __future__ import annotations

from apps.casework import permissions as cw
from apps.casework.models import CaseState


def can_edit(conference, user) -> bool:
    return cw.can_apply(conference, user) and conference.state in (CaseState.DRAFT, CaseState.RETURNED)
