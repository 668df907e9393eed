"""Every read about people, roles, sessions, tokens and the login log.

Account administration is a global function of the security administrator (三员分立): lists of users,
roles, sessions and tokens are gated by their permission code rather than by a data scope (the
administrator's own data scope is "self" so that they see no casework). Anyone without the code gets
``PermissionDenied``; an id that does not exist answers 404.

:func:`scoped` is the data scope as every selector of casework, trips, people and passports applies it:
the rows of the rule's plain filter (:func:`apps.accounts.scope.restrict`), written so that the
database can answer them from its indexes.
"""

from __future__ import annotations

from itertools import pairwise

from django.contrib.sessions.models import Session
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core.permissions import require

from .models import ApiToken, LoginLog, Role, User, UserSession
from .scope import CASES, DIVISION, PERSON, UNIT, Paths, Scope, crosses_to_many, is_to_many, scope_for


def search_users(qs: QuerySet, q: str) -> QuerySet:
    """Name, username or pinyin (full or initials, any case and spacing): 张伟 / zhangwei / zw / zhang wei."""
    q = (q or "").strip()
    if not q:
        return qs
    compact = "".join(q.split()).lower()
    cond = Q(username__icontains=q) | Q(full_name__icontains=q)
    if compact.isascii():
        cond |= Q(name_pinyin__icontains=compact)
    return qs.filter(cond)


def user_list(*, user) -> QuerySet:
    """Every user, by username; the list's filters are ``apps.accounts.filters.UserFilter``."""
    require(user, "accounts.manage_users")
    qs = User.objects.select_related("unit", "division").prefetch_related("roles")
    return qs.distinct().order_by("username")


def user_get(*, user, pk) -> User:
    require(user, "accounts.manage_users")
    obj = User.objects.select_related("unit", "division").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def role_list(*, user) -> QuerySet:
    require(user, "accounts.manage_roles")
    return Role.objects.prefetch_related("scope_units", "scope_divisions").order_by("order", "id")


def role_get(*, user, pk) -> Role:
    require(user, "accounts.manage_roles")
    obj = Role.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def session_list(*, user) -> QuerySet:
    """Sessions that are still signed in: not ended, and the Django session has not expired."""
    require(user, "accounts.manage_sessions")
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return (
        UserSession.objects.filter(ended_at__isnull=True, session_key__in=live)
        .select_related("user", "user__unit", "user__division")
        .order_by("-last_seen_at", "-id")
    )


def session_get(*, user, pk) -> UserSession:
    require(user, "accounts.manage_sessions")
    obj = UserSession.objects.select_related("user").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def token_list(*, user, own: bool = False) -> QuerySet:
    """The user's own tokens; every token for the security administrator (``accounts.manage_tokens``,
    oversight and revocation only) unless ``own``."""
    qs = ApiToken.objects.select_related("user", "created_by").order_by("-created_at", "-id")
    if own or not user.has_perm("accounts.manage_tokens"):
        return qs.filter(user=user)
    return qs


def token_get(*, user, pk) -> ApiToken:
    """One of the user's own tokens, or any token for the security administrator; else Http404."""
    obj = token_list(user=user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def login_log_list(*, user) -> QuerySet:
    """Sign-ins, sign-outs and failures, newest first; the log's filters are
    ``apps.accounts.filters.LoginLogFilter``."""
    require(user, "audit.view_logins")
    return LoginLog.objects.select_related("user").order_by("-at", "-id")


def users_with_perm(code: str, *, division=None, without_division: bool = False) -> QuerySet:
    """Active users whose roles grant the permission ``code`` (``apps.accounts.perms``).

    ``division`` (a ``Division`` or its id) keeps the users of that division; ``without_division=True``
    keeps those who belong to no division (office-wide staff such as the office leaders). Who is told
    of a step, who may be assigned a case: a read for the services of every app.
    """
    role_ids = [r.pk for r in Role.objects.only("pk", "permissions") if code in (r.permissions or [])]
    qs = User.objects.filter(is_active=True, roles__in=role_ids)
    if division is not None:
        qs = qs.filter(division=division)
    if without_division:
        qs = qs.filter(division__isnull=True)
    return qs.distinct()


# --- the data scope, optimised --------------------------------------------------------------------------
SUBQUERY_ABOVE = 2000  # ids of a to-many "self" path inlined up to this many, else a subquery
GAPS_UP_TO = 100  # units in a scope for which "mine outside my units" is read as index ranges


def scoped(
    qs: QuerySet, user, *, realm: str = CASES, unit: str | None = None, division: str | None = None, users=()
) -> QuerySet:
    """``qs`` narrowed to what ``user`` may see: exactly the rows of
    ``apps.accounts.scope.restrict(qs, user, <same arguments>)`` (a property test holds the two and the
    single-object check together), with these planner optimisations:

    * a path that crosses a to-many relation (``"participants"``) is ``pk IN (subquery)`` narrowed by
      its own predicate, never a join (a to-many join repeats rows, and ``DISTINCT`` breaks later
      ``order_by``/aggregates on PostgreSQL); a path along foreign keys only (``"holder__unit"``) is a
      join, which cannot repeat a row; a to-many "self" path (``participants = me``,
      usually a handful of rows) is inlined as a literal id list up to ``SUBQUERY_ABOVE`` ids, so that
      every arm of the OR is an indexable predicate (PostgreSQL: BitmapOr, honest row estimates);
    * "mine" on the record's own columns is reduced to the few rows my units and divisions do not cover
      (:func:`_mine_outside`), so a unit clerk's list is the unit column alone.
    """
    scope = scope_for(user, realm)
    if scope.all:
        return qs
    if scope.empty:
        return qs.none()
    paths = Paths(unit=unit, division=division, users=tuple(users or ()))
    return qs.filter(_scoped_q(qs.model, scope, paths))


def _scoped_q(model, scope: Scope, paths: Paths) -> Q:
    reach = scope.reach()
    cond = Q(pk__in=[])
    for axis in (UNIT, DIVISION):
        if reach[axis]:
            for path in paths.on(axis):
                cond |= _arm(model, path, f"{path}__in", sorted(reach[axis]))
    if reach[PERSON]:
        direct = [p for p in paths.users if not ("__" in p or is_to_many(model, p))]
        outside = _mine_outside(model, scope, paths, direct)
        if outside is not None:  # "mine" reduced to the few rows my units/divisions do not cover
            cond |= Q(pk__in=outside)
        for path in paths.users:
            if outside is None or path not in direct:
                cond |= _arm(model, path, path, scope.user_id)
    return cond


def _arm(model, path: str, lookup: str, value) -> Q:
    """``lookup = value`` as a column predicate (also along foreign keys: a to-one join never repeats a
    row), or ``pk IN (…)`` for a path through a to-many relation.

    A to-one path (a passport's ``holder__unit``) as ``pk IN (subquery)`` made PostgreSQL hash every
    passport of the unit before it looked at the few overdue ones: 35 ms per statement for the largest
    unit at 1m trips, three statements per page. As a join it walks the overdue passports and checks
    each holder's unit (benchmarks/RESULTS.md, run 8)."""
    if not crosses_to_many(model, path):
        return Q(**{lookup: value})
    sub = model._base_manager.filter(**{lookup: value}).values_list("pk", flat=True)
    if is_to_many(model, path.split("__")[0]) and not isinstance(value, list):
        # "I take part in it": usually a handful of rows. As a literal list every arm of the OR is an
        # indexable predicate (PostgreSQL: BitmapOr, honest row estimates).
        ids = list(sub.order_by()[: SUBQUERY_ABOVE + 1])
        if len(ids) <= SUBQUERY_ABOVE:
            return Q(pk__in=ids)
    return Q(pk__in=sub)


def _mine_outside(model, scope: Scope, paths: Paths, direct: list[str]) -> list | None:
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
    unit, division = paths.unit, paths.division
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
    owners = {_owner(model, p) for p in used}
    owner = owners.pop() if len(owners) == 1 else model
    rows = owner._base_manager.filter(arms)
    if div_used:
        rows = rows.exclude(**{f"{division}__in": sorted(scope.division_ids)})
    # No LIMIT: with one, PostgreSQL expects the ~8 % of rows that are mine (by the column's statistics,
    # not knowing they all sit in my unit) early in a sequential scan, and reads the whole table.
    found = list(rows.order_by().values_list("pk", flat=True))
    return found if len(found) <= SUBQUERY_ABOVE else None


def _owner(model, path: str):
    """The model whose table holds the column ``path`` (a parent's, for an inherited field)."""
    try:
        return model._meta.get_field(path).model
    except FieldDoesNotExist:
        return model
