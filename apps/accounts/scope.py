"""Data scope (数据权限): which units', divisions' and people's records a user may see.

RuoYi convention: each role has a scope — all / selected units / own division or unit / own unit and
below / self — and a user's scope is the **union** of their roles' scopes. Every selector passes its
queryset through :func:`restrict`, and object checks use :meth:`Scope.allows` (or the ``rules``
predicate ``apps.accounts.permissions.in_scope``), so pages, API and exports answer the same question
the same way.

What each scope contributes:

* ``all`` — everything.
* ``custom`` — the role's selected units (each with its sub-units) and selected divisions.
* ``own`` — the user's own unit, or own division.
* ``own_below`` — the user's own unit and every unit below it (``Unit.path`` prefix); for office staff
  their own division.
* ``self`` — only records the user created or takes part in.

Every role also includes "self": a person always sees what they created or take part in. A user with
no role (or an inactive one) has an empty scope and sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from .models import DataScope


@dataclass(frozen=True)
class Scope:
    all: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    division_ids: frozenset[int] = field(default_factory=frozenset)
    user_id: int | None = None  # "self": records the user created or takes part in

    @property
    def empty(self) -> bool:
        return not (self.all or self.unit_ids or self.division_ids or self.user_id)

    def q(
        self,
        *,
        unit: str | None = "applicant_unit",
        division: str | None = "division",
        users: tuple[str, ...] | list[str] = ("created_by",),
    ) -> Q:
        """A filter for a queryset whose rows carry a unit, a division and people (field paths)."""
        if self.all:
            return Q()
        cond = Q(pk__in=[])
        if unit and self.unit_ids:
            cond |= Q(**{f"{unit}__in": sorted(self.unit_ids)})
        if division and self.division_ids:
            cond |= Q(**{f"{division}__in": sorted(self.division_ids)})
        if self.user_id:
            for path in users or ():
                cond |= Q(**{path: self.user_id})
        return cond

    def allows(
        self,
        *,
        unit_id: int | None = None,
        division_id: int | None = None,
        user_ids: set[int] | tuple | list = (),
    ) -> bool:
        if self.all:
            return True
        if unit_id is not None and unit_id in self.unit_ids:
            return True
        if division_id is not None and division_id in self.division_ids:
            return True
        return bool(self.user_id and self.user_id in set(user_ids or ()))

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


def scope_for(user) -> Scope:
    """The union of the scopes of the user's roles (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
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


def forget(user) -> None:
    """Drop the cached scope and role data (after the user's roles or unit changed)."""
    for attr in (
        "_waiban_roles",
        "_waiban_scope",
        "_role_codes",
        "_role_perm_cache",
        "_perm_cache",
        "_user_perm_cache",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


SUBQUERY_ABOVE = 2000  # ids of a to-many "self" path inlined up to this many, else a subquery


def restrict(qs: QuerySet, user, **paths) -> QuerySet:
    """``qs`` narrowed to what ``user`` may see; ``paths`` name the unit/division/people fields.

    ``restrict(Case.objects.all(), user, unit="applicant_unit", division="division",
    users=("created_by", "travellers"))``. A path that crosses a to-many relation (``travellers``)
    would duplicate rows, so only that path's condition is applied as ``pk IN (subquery)`` (rather than
    ``DISTINCT``, which breaks later ``order_by``/aggregates on PostgreSQL): the subquery is narrowed by
    its own predicate (e.g. ``participants = me``, a few rows through an index), and the other paths
    stay plain column predicates that PostgreSQL can combine with indexes (no join of the whole table).
    """
    scope = scope_for(user)
    if scope.all:
        return qs
    if scope.empty:
        return qs.none()
    unit = paths.get("unit", "applicant_unit")
    division = paths.get("division", "division")
    users = paths.get("users", ("created_by",)) or ()
    model = qs.model

    def part(path: str, lookup: str, value) -> Q:
        if not ("__" in path or _is_to_many(model, path)):
            return Q(**{lookup: value})
        sub = model._base_manager.filter(**{lookup: value}).values_list("pk", flat=True)
        if _is_to_many(model, path.split("__")[0]) and not isinstance(value, list):
            # "I take part in it": usually a handful of rows. As a literal list every arm of the OR
            # is an indexable predicate (PostgreSQL: BitmapOr, honest row estimates).
            ids = list(sub.order_by()[: SUBQUERY_ABOVE + 1])
            if len(ids) <= SUBQUERY_ABOVE:
                return Q(pk__in=ids)
        return Q(pk__in=sub)

    cond = Q(pk__in=[])
    if unit and scope.unit_ids:
        cond |= part(unit, f"{unit}__in", sorted(scope.unit_ids))
    if division and scope.division_ids:
        cond |= part(division, f"{division}__in", sorted(scope.division_ids))
    if scope.user_id:
        direct = [p for p in users if not ("__" in p or _is_to_many(model, p))]
        outside = _mine_outside(model, scope, unit, division, direct)
        if outside is not None:  # "mine" reduced to the few rows my units/divisions do not cover
            cond |= Q(pk__in=outside)
        for path in users:
            if outside is None or path not in direct:
                cond |= part(path, path, scope.user_id)
    return qs.filter(cond)


GAPS_UP_TO = 100  # units in a scope for which "mine outside my units" is read as index ranges


def _mine_outside(model, scope: Scope, unit, division, direct: list[str]) -> list | None:
    """The ids of the rows that are mine (``direct`` columns = me) but outside my units and divisions,
    or ``None`` when this cannot be read cheaply.

    A clerk's own records are almost always in the clerk's own unit, so "unit IN (mine) OR created_by =
    me OR assignee = me" selects the same rows as "unit IN (mine) OR id IN (those few)". The second form
    is a single indexed column plus a short literal list: the database can walk ``(unit, created_at)``
    in order and stop after a page, where the OR had to gather and sort every row of the unit first.

    "Outside my units" is written as the gaps between my unit ids (``unit < u1``, ``u1 < unit < u2``, …,
    ``unit > uk``, ``unit IS NULL``), each AND-ed with ``column = me``, so every arm is a range of an
    index on ``(column, unit)`` (``NOT IN`` is not an index range, and with it PostgreSQL reads all my
    rows to find none).
    """
    if not direct or not (scope.unit_ids or scope.division_ids):
        return None
    unit_used = bool(unit and scope.unit_ids)
    div_used = bool(division and scope.division_ids)
    if (unit_used and ("__" in unit or len(scope.unit_ids) > GAPS_UP_TO)) or (div_used and "__" in division):
        return None
    if unit_used:
        ids = sorted(scope.unit_ids)
        gaps = [Q(**{f"{unit}__lt": ids[0]}), Q(**{f"{unit}__gt": ids[-1]}), Q(**{f"{unit}__isnull": True})]
        gaps += [Q(**{f"{unit}__gt": a, f"{unit}__lt": b}) for a, b in pairwise(ids) if b > a + 1]
    else:
        gaps = [Q()]
    arms = Q(pk__in=[])
    for path in direct:
        for gap in gaps:
            arms |= Q(**{path: scope.user_id}) & gap
    # Read from the table that holds the columns (a Trip's are on its parent Case, whose ids are the
    # trips' ids): no join, so each arm stays an index range.
    used = [*direct, *([unit] if unit_used else []), *([division] if div_used else [])]
    owners = {model._meta.get_field(p).model for p in used}
    owner = owners.pop() if len(owners) == 1 else model
    rows = owner._base_manager.filter(arms)
    if div_used:
        rows = rows.exclude(**{f"{division}__in": sorted(scope.division_ids)})
    # No LIMIT: with one, PostgreSQL expects the ~8 % of rows that are mine (by the column's statistics,
    # not knowing they all sit in my unit) early in a sequential scan, and reads the whole table.
    found = list(rows.order_by().values_list("pk", flat=True))
    return found if len(found) <= SUBQUERY_ABOVE else None


def _is_to_many(model, path: str) -> bool:
    try:
        f = model._meta.get_field(path)
    except Exception:
        return False
    return bool(getattr(f, "many_to_many", False) or getattr(f, "one_to_many", False))
