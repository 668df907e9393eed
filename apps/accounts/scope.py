"""Data scope (数据权限): which records a user may see — the one rule.

RuoYi convention: each role has a scope — all / selected units / own division or unit / own unit and
below / self — and a user's scope is the **union** of their roles' scopes (:func:`scope_for`).

What each scope contributes:

* ``all`` — everything.
* ``custom`` — the role's selected units (each with its sub-units) and selected divisions.
* ``own`` — the user's own unit, or own division.
* ``own_below`` — the user's own unit and every unit below it (``Unit.path`` prefix); for office staff
  their own division.
* ``self`` — only records the user created or takes part in.

Every role also includes "self": a person always sees what they created or take part in. A user with
no role (or an inactive one) has an empty scope and sees nothing.

The rule
--------
A record has three *axes*: the unit it belongs to, the office division that owns it, and the people who
created it or take part in it. :meth:`Scope.reach` says which ids the user reaches on each axis, and a
record is visible when the scope is ``all`` or one of the record's ids on an axis is reached. That is
the only definition; everything else is derived from it:

* the single-object check :meth:`Scope.allows` (the ``rules`` predicates
  ``apps.accounts.permissions.in_scope`` / ``in_scope_of``, services such as case creation);
* the queryset filter :meth:`Scope.q` / :func:`restrict` (the inbox, and the reference the optimised
  selector helper ``apps.accounts.selectors.scoped`` is tested against — same rows, faster plans);
* the units a user may pick in a form or a list filter, :func:`units_visible`.

Realms
------
Cases (and trips) are scoped by all three axes: :data:`CASES`. People and passports belong to a unit,
not to a division, and the office's passport custodians see every unit's people and passports although
their built-in roles have scope "own": :data:`PEOPLE` (see :func:`scope_for`).

:data:`RESTRICTED` is for records that only their own circle may see (foreign-related incidents and
consular cases): the same rule on the same axes, except that scope "all" does not open them — a user
reaches such a record only through its axes (its handling division, the units tasked, the people in its
circle), so an office leader or an auditor sees it only when added to its circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from .models import DataScope

# The axes of a record (see the module docstring).
UNIT, DIVISION, PERSON = "unit", "division", "person"

# Realms: which rule applies to a kind of record.
CASES = "cases"  # cases and trips: units, divisions and people
PEOPLE = "people"  # people and passports: units and the person's own login; custodians see all
RESTRICTED = "restricted"  # restricted records: like CASES, but scope "all" opens nothing by itself
PEOPLE_VIEW_ALL = "passports.view_all"  # a code that opens every unit's people and passports


@dataclass(frozen=True)
class Paths:
    """Where a model keeps the three axes (field paths, ``None``/empty when it has none):
    ``unit`` (``"applicant_unit"``), ``division`` (``"division"``) and ``users``
    (``("created_by", "assignee", "participants")``). A path may cross relations (``"holder__unit"``)."""

    unit: str | None = None
    division: str | None = None
    users: tuple[str, ...] = ()

    def on(self, axis: str) -> tuple[str, ...]:
        if axis == UNIT:
            return (self.unit,) if self.unit else ()
        if axis == DIVISION:
            return (self.division,) if self.division else ()
        return tuple(self.users or ())


@dataclass(frozen=True)
class Scope:
    """What a user reaches in one realm (from :func:`scope_for`): everything, or ids on each axis."""

    all: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    division_ids: frozenset[int] = field(default_factory=frozenset)
    user_id: int | None = None  # "self": records the user created or takes part in

    @property
    def empty(self) -> bool:
        return not (self.all or self.unit_ids or self.division_ids or self.user_id)

    def reach(self) -> dict[str, frozenset[int]]:
        """THE rule: the ids reached on each axis. A record is visible if ``self.all``, or if any of its
        ids on an axis is in that axis' set. :meth:`allows` and :meth:`q` are derived from this alone."""
        return {
            UNIT: self.unit_ids,
            DIVISION: self.division_ids,
            PERSON: frozenset({self.user_id}) if self.user_id else frozenset(),
        }

    def allows(
        self,
        *,
        unit_id: int | None = None,
        division_id: int | None = None,
        user_ids: set[int] | tuple | list = (),
    ) -> bool:
        """The single-object check: may a record with these ids on its axes be seen?"""
        if self.all:
            return True
        facts = {
            UNIT: {unit_id} - {None},
            DIVISION: {division_id} - {None},
            PERSON: set(user_ids or ()) - {None},
        }
        return any(facts[axis] & reached for axis, reached in self.reach().items())

    def q(self, model, *, unit: str | None = None, division: str | None = None, users=()) -> Q:
        """The queryset filter for ``model``, whose axes are at these field paths (see :class:`Paths`).

        The plain form of the rule: a column (or join) predicate per path, and ``pk IN (subquery)`` for a
        path that crosses a to-many relation (a join there would repeat rows). Selectors use the
        optimised ``apps.accounts.selectors.scoped``, which selects the same rows."""
        if self.all:
            return Q()
        paths = Paths(unit=unit, division=division, users=tuple(users or ()))
        cond = Q(pk__in=[])
        for axis, reached in self.reach().items():
            if not reached:
                continue
            ids = sorted(reached)
            for path in paths.on(axis):
                if crosses_to_many(model, path):
                    sub = model._base_manager.filter(**{f"{path}__in": ids}).values("pk")
                    cond |= Q(pk__in=sub)
                else:
                    cond |= Q(**{f"{path}__in": ids})
        return cond

    def units(self, *, include_inactive: bool = False) -> QuerySet:
        """The units in which a record that is not the user's own can pass :meth:`allows` (every unit
        when a division is reached, since a division's records come from every unit); see
        :func:`units_visible`."""
        from apps.org.models import Unit

        qs = Unit.objects.all() if include_inactive else Unit.objects.filter(is_active=True)
        if self.all or self.division_ids:  # a division's records come from every unit
            return qs
        return qs.filter(pk__in=sorted(self.unit_ids))

    def describe(self) -> str:
        """The scope in words, for the profile page and ``/api/accounts/me``."""
        from apps.org.models import Division, Unit

        if self.all:
            return _("全部数据")
        if self.empty:
            return _("无（看不到任何业务数据）")
        parts = []
        if self.division_ids:
            names = Division.objects.filter(pk__in=self.division_ids).values_list("name", flat=True)
            parts.append(_("处室：%(names)s") % {"names": "、".join(names)})
        if self.unit_ids:
            names = list(Unit.objects.filter(pk__in=self.unit_ids).values_list("name", flat=True)[:10])
            text = "、".join(names)
            if len(self.unit_ids) > len(names):
                text += _(" 等 %(n)d 个单位") % {"n": len(self.unit_ids)}
            parts.append(_("单位：%(names)s") % {"names": text})
        if self.user_id:
            parts.append(_("本人创建或参与的记录"))
        return "；".join(parts)


def _subtree_ids(unit) -> set[int]:
    from apps.org.models import Unit

    if not unit.path:  # an unsaved or broken path must never widen to "every unit"
        return {unit.pk}
    return set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)) | {unit.pk}


def _roles_scope(user) -> Scope:
    """The union of the scopes of the user's roles (cached on the user object for the request)."""
    cached = getattr(user, "_waiban_scope", None)
    if cached is not None:
        return cached
    every = False
    units: set[int] = set()
    divisions: set[int] = set()
    self_id = None
    roles = user.role_rows() if hasattr(user, "role_rows") else list(user.roles.all())
    custom = [r for r in roles if r.data_scope == DataScope.CUSTOM]
    if custom:  # only roles with selected units/divisions need them
        prefetch_related_objects(custom, "scope_units", "scope_divisions")
    for role in roles:
        s = role.data_scope
        if s == DataScope.ALL:
            every = True
        elif s == DataScope.CUSTOM:
            for u in role.scope_units.all():
                units |= _subtree_ids(u)
            divisions.update(d.pk for d in role.scope_divisions.all())
        elif s == DataScope.OWN:
            if user.unit_id:
                units.add(user.unit_id)
            if user.division_id:
                divisions.add(user.division_id)
        elif s == DataScope.OWN_AND_BELOW:
            if user.unit_id:
                units |= _subtree_ids(user.unit)
            if user.division_id:
                divisions.add(user.division_id)
        # Every role includes "self": a person always sees what they created or take part in.
        self_id = user.pk
    scope = Scope(all=every, unit_ids=frozenset(units), division_ids=frozenset(divisions), user_id=self_id)
    user._waiban_scope = scope
    return scope


def custody_division_code() -> str:
    """The division whose reviewers keep the passports (``WAIBAN["PASSPORT_CUSTODY_DIVISION"]``)."""
    return getattr(settings, "WAIBAN", {}).get("PASSPORT_CUSTODY_DIVISION", "outbound")


def _sees_all_people(user, roles_scope: Scope) -> bool:
    """Scope "all", the code ``passports.view_all`` (a role an administrator configured), or
    ``casework.review`` in the custody division (the office's passport custodians)."""
    if roles_scope.all or user.has_perm(PEOPLE_VIEW_ALL):
        return True
    division = getattr(user, "division", None)
    return bool(
        division is not None and division.code == custody_division_code() and user.has_perm("casework.review")
    )


def scope_for(user, realm: str = CASES) -> Scope:
    """The user's scope in ``realm``: the union of their roles' scopes (:data:`CASES`); for
    :data:`PEOPLE` the same on the unit and self axes (people have no division), or everything for
    the passport custodians (:func:`_sees_all_people`). Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    roles_scope = _roles_scope(user)
    if realm == CASES:
        return roles_scope
    if realm == RESTRICTED:  # the same axes without "all" (see the module docstring)
        if not roles_scope.all:
            return roles_scope
        cached = getattr(user, "_waiban_scope_restricted", None)
        if cached is None:
            cached = Scope(
                unit_ids=roles_scope.unit_ids,
                division_ids=roles_scope.division_ids,
                user_id=roles_scope.user_id,
            )
            user._waiban_scope_restricted = cached
        return cached
    if realm != PEOPLE:
        raise ValueError(f"unknown data-scope realm {realm!r}")
    cached = getattr(user, "_waiban_scope_people", None)
    if cached is None:
        if _sees_all_people(user, roles_scope):
            cached = Scope(all=True, user_id=roles_scope.user_id)
        else:
            cached = Scope(unit_ids=roles_scope.unit_ids, user_id=roles_scope.user_id)
        user._waiban_scope_people = cached
    return cached


def restrict(
    qs: QuerySet, user, *, realm: str = CASES, unit: str | None = None, division: str | None = None, users=()
) -> QuerySet:
    """``qs`` narrowed to what ``user`` may see: the plain filter of the rule (:meth:`Scope.q`).

    ``restrict(Case.objects.all(), user, unit="applicant_unit", division="division",
    users=("created_by", "participants"))``. Selectors call ``apps.accounts.selectors.scoped`` with the
    same arguments: the same rows, with plans the database can answer from its indexes."""
    scope = scope_for(user, realm)
    if scope.all:
        return qs
    if scope.empty:
        return qs.none()
    return qs.filter(scope.q(qs.model, unit=unit, division=division, users=users))


def units_visible(user, *, realm: str = CASES, include_inactive: bool = False) -> QuerySet:
    """The units a user may pick in a form or a list filter (active ones unless ``include_inactive``):
    every unit for scope "all" or a scope that reaches a division (a division's records come from every
    unit), otherwise the units the scope reaches (own unit, sub-units, selected units); none for "self".
    In :data:`PEOPLE` the passport custodians get every unit. A plain queryset: order it as needed."""
    return scope_for(user, realm).units(include_inactive=include_inactive)


def unit_choices(user, *, realm: str = CASES):
    """The units a list's unit filter offers ``user`` (:func:`units_visible`, in the units' order) as
    ``(id, name in the reader's language)`` choices kept per process (``apps.core.filters.cached_choices``):
    the one definition for every list's unit filter."""
    from apps.core.filters import cached_choices

    return cached_choices(units_visible(user, realm=realm).values_list("pk", "name", "name_en"))


def forget(user) -> None:
    """Drop the cached scope and role data (after the user's roles or unit changed)."""
    for attr in (
        "_waiban_roles",
        "_waiban_scope",
        "_waiban_scope_people",
        "_waiban_scope_restricted",
        "_role_codes",
        "_role_perm_cache",
        "_perm_cache",
        "_user_perm_cache",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


def is_to_many(model, name: str) -> bool:
    """``name`` is a to-many relation of ``model`` (many-to-many, or a reverse foreign key)."""
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(getattr(f, "many_to_many", False) or getattr(f, "one_to_many", False))


def crosses_to_many(model, path: str) -> bool:
    """A lookup along ``path`` (``"holder__user"``, ``"participants"``) passes a to-many relation, so a
    join on it would repeat rows."""
    for name in path.split("__"):
        if name == "pk":
            return False
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if getattr(f, "many_to_many", False) or getattr(f, "one_to_many", False):
            return True
        if not f.is_relation or f.related_model is None:
            return False
        model = f.related_model
    return False
