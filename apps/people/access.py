"""Who sees which people and passports.

Passports belong to the holder's unit, not to a division of the office, so the data scope of a role
is applied on the unit only (``division=None``):

* a unit's clerk (scope "own") sees the people and passports of their own unit;
* a person with a login sees their own record ("self");
* roles with scope "all" (office leaders, auditors) see everything;
* the office's passport custodians see everything although their built-in roles have scope "own"
  (their division): a user with ``casework.review`` whose division is the custody division
  (``WAIBAN["PASSPORT_CUSTODY_DIVISION"]``, default ``"outbound"`` = 出国来华管理处), or anyone holding
  the dedicated code ``passports.view_all`` through a role an administrator configured.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from apps.accounts.scope import restrict, scope_for

VIEW_ALL = "passports.view_all"


def custody_division_code() -> str:
    return getattr(settings, "WAIBAN", {}).get("PASSPORT_CUSTODY_DIVISION", "outbound")


def sees_all(user) -> bool:
    """True if the user sees every unit's people and passports."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if scope_for(user).all or user.has_perm(VIEW_ALL):
        return True
    division = getattr(user, "division", None)
    return bool(
        division is not None and division.code == custody_division_code() and user.has_perm("casework.review")
    )


def scoped(qs: QuerySet, user, *, unit: str, person_user: str) -> QuerySet:
    """``qs`` narrowed to what the user may see (unit path and the person's own login path)."""
    if sees_all(user):
        return qs
    return restrict(qs, user, unit=unit, division=None, users=(person_user,))


def allows_unit(user, unit_id) -> bool:
    """May the user see (and, with the write permission, change) records of this unit?"""
    if sees_all(user):
        return True
    return scope_for(user).allows(unit_id=unit_id)
