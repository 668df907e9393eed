"""Who sees which people and passports: the data scope's :data:`~apps.accounts.scope.PEOPLE` realm.

Passports belong to the holder's unit, not to a division of the office, so the rule
(:mod:`apps.accounts.scope`) is applied on the unit and the person's own login only:

* a unit's clerk (scope "own") sees the people and passports of their own unit;
* a person with a login sees their own record ("self");
* roles with scope "all" (office leaders, auditors) see everything;
* the office's passport custodians see everything although their built-in roles have scope "own"
  (their division): a user with ``casework.review`` whose division is the custody division
  (``WAIBAN["PASSPORT_CUSTODY_DIVISION"]``, default ``"outbound"`` = 出国来华管理处), or anyone holding
  the dedicated code ``passports.view_all`` through a role an administrator configured.

This module only names the realm and the paths; the rule itself and everything derived from it (the
filter, the single-object check, the unit pickers ``units_visible(user, realm=PEOPLE)``) live in
:mod:`apps.accounts.scope` and :func:`apps.accounts.selectors.scoped`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from apps.accounts.scope import PEOPLE, scope_for
from apps.accounts.selectors import scoped as _scoped


def scoped(qs: QuerySet, user, *, unit: str, person_user: str) -> QuerySet:
    """``qs`` narrowed to what the user may see (unit path and the person's own login path)."""
    return _scoped(qs, user, realm=PEOPLE, unit=unit, users=(person_user,))


def allows_unit(user, unit_id) -> bool:
    """May the user see (and, with the write permission, change) records of this unit?"""
    return scope_for(user, PEOPLE).allows(unit_id=unit_id)
