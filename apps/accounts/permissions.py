"""Object permissions (``rules`` predicates) that every app can build on.

The scope protocol
------------------
An object that belongs to the data scope implements ``scope_facts()`` returning a 3-tuple::

    def scope_facts(self) -> tuple[int | None, int | None, Iterable[int]]:
        # (unit_id, division_id, user_ids)
        return (self.applicant_unit_id, self.division_id, {self.created_by_id, *traveller_ids})

* ``unit_id`` — the applying unit the record belongs to (or ``None``);
* ``division_id`` — the office division that owns it (or ``None``);
* ``user_ids`` — the people who created it or take part in it ("self" scope).

:func:`in_scope` answers whether the user's scope (the union of their roles, see
:mod:`apps.accounts.scope`) covers those facts — :meth:`~apps.accounts.scope.Scope.allows`, the
single-object form of the one rule whose queryset form every selector applies. ``in_scope`` is the
cases realm; :func:`in_scope_of` gives the predicate of another realm (people and passports:
``in_scope_of(PEOPLE)``). An object without ``scope_facts`` is out of scope (fail closed). Compose with
global permission codes in your own ``permissions.py``::

    import rules
    from apps.accounts.permissions import has_code, in_scope

    rules.add_perm("casework.view_case", has_code("casework.view") & in_scope)

A view or API endpoint that gets ``False`` for an object the user cannot see must answer 404 (never
403 with the data): selectors raise ``Http404``.
"""

from __future__ import annotations

import rules

from .scope import CASES, scope_for


def facts_of(obj) -> tuple[int | None, int | None, set[int]] | None:
    getter = getattr(obj, "scope_facts", None)
    if getter is None:
        return None
    unit_id, division_id, user_ids = getter()
    return unit_id, division_id, {u for u in (user_ids or ()) if u is not None}


def in_scope_of(realm: str):
    """A predicate: ``obj`` (implementing ``scope_facts()``) lies inside the user's scope in ``realm``."""

    @rules.predicate(name=f"in_scope:{realm}")
    def _in_scope(user, obj) -> bool:
        if obj is None or user is None or not user.is_authenticated or not user.is_active:
            return False
        facts = facts_of(obj)
        if facts is None:
            return False
        unit_id, division_id, user_ids = facts
        return scope_for(user, realm).allows(unit_id=unit_id, division_id=division_id, user_ids=user_ids)

    return _in_scope


# True if ``obj`` (implementing ``scope_facts()``) lies inside the user's data scope (cases realm).
in_scope = in_scope_of(CASES)


@rules.predicate
def is_self(user, obj) -> bool:
    """``obj`` is the user themselves (e.g. their own profile)."""
    return obj is not None and getattr(user, "pk", None) is not None and getattr(obj, "pk", None) == user.pk


def has_code(code: str):
    """A predicate for a global permission code granted through roles (``perms.PERMISSIONS``)."""

    @rules.predicate(name=f"has_code:{code}")
    def _has(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_perm(code))

    return _has


def has_role(*codes: str):
    @rules.predicate(name=f"has_role:{','.join(codes)}")
    def _has(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(*codes))

    return _has


# Object permissions owned by this app.
rules.add_perm("accounts.view_user", has_code("accounts.manage_users") | is_self)
rules.add_perm("accounts.change_user", has_code("accounts.manage_users"))
