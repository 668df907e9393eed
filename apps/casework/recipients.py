"""Who is told of a step: named recipient groups, each resolved per case by a registered function.

A transition declares the groups it tells (``notify=("applicant", "division")``); the engine resolves
them here. The engine registers its own groups in ``CaseworkConfig.ready()``; a case type's app adds its
own in its ``AppConfig.ready()`` (``register_recipients("travellers", travellers_of)``) — casework is not
edited for a new group. Resolving an unknown name is a programming error (``ImproperlyConfigured``);
``manage.py check`` reports a declared group nobody registered.

Engine groups:
- ``applicant``: the clerk who created the case;
- ``assignee``: the case's assignee (if any);
- ``division``: the assignee, else the reviewers of the case's division, else (a case no rule could
  route) the office leaders who assign cases;
- ``leaders``: the office leaders who approve (``casework.approve``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

Resolver = Callable[..., Iterable]

_groups: dict[str, Resolver] = {}


def register_recipients(name: str, resolver: Resolver) -> None:
    """Register ``resolver(case) -> iterable of users`` as the recipient group ``name``.

    Registering the same function again is harmless; another function under a taken name is refused.
    """
    current = _groups.get(name)
    if current is not None and current is not resolver:
        raise ImproperlyConfigured(f"recipient group {name!r} is already registered ({current!r})")
    _groups[name] = resolver


def registered_groups() -> frozenset[str]:
    return frozenset(_groups)


def resolve(case, groups: Iterable[str]) -> set:
    """The active users of the named groups for ``case``."""
    users: set = set()
    for name in groups:
        try:
            resolver = _groups[name]
        except KeyError:
            raise ImproperlyConfigured(f"unknown recipient group {name!r}") from None
        users.update(resolver(case))
    return {u for u in users if u is not None and u.is_active}


# --- the engine's groups -----------------------------------------------------------------------------
def applicant(case):
    return [case.created_by] if case.created_by_id else []


def assignee(case):
    return [case.assignee] if case.assignee_id else []


def division(case):
    from apps.accounts.selectors import users_with_perm

    if case.assignee_id:
        return [case.assignee]
    if case.division_id:
        return users_with_perm("casework.review", division=case.division_id)
    return users_with_perm("casework.assign", without_division=True)


def leaders(case):
    from apps.accounts.selectors import users_with_perm

    return users_with_perm("casework.approve")


ENGINE_GROUPS = {"applicant": applicant, "assignee": assignee, "division": division, "leaders": leaders}
