"""Data scope (数据权限): which units', divisions' and people's records a user may see.

RuoYi convention: each role has a scope — all / selected units / own division or unit / own unit and
below / self — and a user's scope is the **union** of their roles' scopes. Every selector passes its
queryset through :func:`restrict`, and object checks use :meth:`Scope.allows`, so pages, API and
exports answer the same question the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

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

    def q(self, *, unit: str | None = "applicant_unit", division: str | None = "division",
          users: tuple[str, ...] = ("created_by",)) -> Q:
        """A filter for a queryset whose rows carry a unit, a division and people (field paths)."""
        if self.all:
            return Q()
        cond = Q(pk__in=[])
        if unit and self.unit_ids:
            cond |= Q(**{f"{unit}__in": self.unit_ids})
        if division and self.division_ids:
            cond |= Q(**{f"{division}__in": self.division_ids})
        if self.user_id:
            for path in users:
                cond |= Q(**{path: self.user_id})
        return cond

    def allows(self, *, unit_id: int | None = None, division_id: int | None = None,
               user_ids: set[int] | tuple = ()) -> bool:
        if self.all:
            return True
        if unit_id is not None and unit_id in self.unit_ids:
            return True
        if division_id is not None and division_id in self.division_ids:
            return True
        return bool(self.user_id and self.user_id in set(user_ids))


def scope_for(user) -> Scope:
    """The union of the scopes of the user's roles (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_waiban_scope", None)
    if cached is not None:
        return cached
    from apps.org.models import Unit

    every = False
    units: set[int] = set()
    divisions: set[int] = set()
    self_id = None
    for role in user.roles.all().prefetch_related("scope_units", "scope_divisions"):
        s = role.data_scope
        if s == DataScope.ALL:
            every = True
        elif s == DataScope.CUSTOM:
            for u in role.scope_units.all():
                units.update(Unit.objects.filter(path__startswith=u.path).values_list("pk", flat=True))
            divisions.update(d.pk for d in role.scope_divisions.all())
        elif s == DataScope.OWN:
            if user.unit_id:
                units.add(user.unit_id)
            if user.division_id:
                divisions.add(user.division_id)
        elif s == DataScope.OWN_AND_BELOW:
            if user.unit_id:
                units.update(Unit.objects.filter(path__startswith=user.unit.path).values_list("pk", flat=True))
            if user.division_id:
                divisions.add(user.division_id)
        # Every role includes "self": a person always sees what they created or take part in.
        self_id = user.pk
    scope = Scope(all=every, unit_ids=frozenset(units), division_ids=frozenset(divisions), user_id=self_id)
    user._waiban_scope = scope
    return scope


def restrict(qs: QuerySet, user, **paths) -> QuerySet:
    """``qs`` narrowed to what ``user`` may see; ``paths`` name the unit/division/people fields."""
    scope = scope_for(user)
    if scope.all:
        return qs
    if scope.empty:
        return qs.none()
    return qs.filter(scope.q(**paths)).distinct() if paths.get("users") and len(paths["users"]) > 1 else qs.filter(scope.q(**paths))
