"""Who may do what in the journalists' register and with interview requests.

* The register (bureaus, journalists, change reports) is read with ``casework.view`` through the data
  scope on its division axis (the handling division; scope "all" reads everything) and written by a
  reviewer (``casework.review``) whose scope reaches that division (:mod:`.services`).
* Interview requests are cases: ``casework.view_case`` and the transition predicates of casework.
"""

from __future__ import annotations

from apps.casework import permissions as cw
from apps.casework.models import CaseState


def can_edit_interview(interview, user) -> bool:
    return cw.can_apply(interview, user) and interview.state in (CaseState.DRAFT, CaseState.RETURNED)


def can_write_register(user) -> bool:
    from apps.accounts.scope import scope_for
    from apps.org.models import Division

    if not (user.is_authenticated and user.has_perm("casework.review")):
        return False
    division = Division.objects.filter(code="foreign_affairs").only("pk").first()
    return bool(division and scope_for(user).allows(division_id=division.pk))
