"""The data scope is one rule: its queryset filter, the optimised selector helper and the single-object
check agree on every object, for any users, roles, units and records (hypothesis).

Each example builds a unit tree, a pool of roles (every data scope, selected units and divisions, the
codes that make a passport custodian), users with 0–3 of those roles and a unit and/or a division, and
records of both realms: cases and trips (applicant unit, division, creator, assignee, participants),
people and passports (unit, own login). For every user:

* cases realm — ``restrict`` (the rule's plain filter), ``scoped`` (the planner-optimised helper) and
  the ``in_scope`` predicate select the same cases, and the same trips;
* people realm — the same for people and passports (``in_scope_of(PEOPLE)``, ``people.access``);
* ``units_visible`` (every unit picker) is exactly the set of units for which a record in that unit,
  not the user's own, can pass the single-object check.

The optimised helper's thresholds (ids inlined, unit gaps) are drawn too, so every fallback is taken.
Each example runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts import selectors as scope_selectors
from apps.accounts.permissions import in_scope, in_scope_of
from apps.accounts.scope import CASES, PEOPLE, restrict, scope_for, units_visible

pytestmark = pytest.mark.django_db

SCOPES = ["all", "custom", "own", "own_below", "self"]
CODES = ["casework.review", "passports.view_all"]
MAX_UNITS, MAX_USERS = 8, 5


@st.composite
def worlds(draw):
    n_units = draw(st.integers(1, MAX_UNITS))
    units = [
        {
            # a forest: each unit hangs under an earlier one, or is a root
            "parent": draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None,
            "active": draw(st.booleans()) if i else True,
        }
        for i in range(n_units)
    ]
    unit_ix = st.integers(0, n_units - 1)
    division_ix = st.integers(0, 2)  # three divisions, the first is the passport custody division
    roles = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "scope": st.sampled_from(SCOPES),
                    "units": st.sets(unit_ix, max_size=3),
                    "divisions": st.sets(division_ix, max_size=2),
                    "codes": st.sets(st.sampled_from(CODES), max_size=2),
                }
            ),
            min_size=1,
            max_size=5,
        )
    )
    role_ix = st.integers(0, len(roles) - 1)
    n_users = draw(st.integers(1, MAX_USERS))
    user_ix = st.integers(0, n_users - 1)
    users = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "unit": st.one_of(st.none(), unit_ix),
                    "division": st.one_of(st.none(), division_ix),
                    "roles": st.sets(role_ix, max_size=3),
                    "active": st.sampled_from([True, True, True, False]),
                }
            ),
            min_size=n_users,
            max_size=n_users,
        )
    )
    cases = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "trip": st.booleans(),
                    "unit": unit_ix,
                    "division": st.one_of(st.none(), division_ix),
                    "created_by": user_ix,
                    "assignee": st.one_of(st.none(), user_ix),
                    "participants": st.sets(user_ix, max_size=3),
                }
            ),
            max_size=10,
        )
    )
    people = draw(
        st.lists(
            st.fixed_dictionaries(
                {"unit": unit_ix, "user": st.one_of(st.none(), user_ix), "passport": st.booleans()}
            ),
            max_size=6,
        )
    )
    limits = {
        "SUBQUERY_ABOVE": draw(st.sampled_from([0, 1, 2000])),
        "GAPS_UP_TO": draw(st.sampled_from([0, 1, 100])),
    }
    return {
        "units": units,
        "roles": roles,
        "users": users,
        "cases": cases,
        "people": people,
        "limits": limits,
    }


def _build(world, divisions):
    from apps.accounts.models import Role, User
    from apps.casework.models import Case, CaseType
    from apps.org.models import Unit
    from apps.passports.models import Kind, Passport
    from apps.people.models import Person
    from apps.trips.models import Trip

    units = []
    for i, spec in enumerate(world["units"]):
        parent = units[spec["parent"]] if spec["parent"] is not None else None
        units.append(
            Unit.objects.create(name=f"单位{i}", kind="other", parent=parent, is_active=spec["active"])
        )
    roles = []
    for i, spec in enumerate(world["roles"]):
        role = Role.objects.create(
            code=f"prop_role_{i}",
            name=f"角色{i}",
            data_scope=spec["scope"],
            permissions=sorted(spec["codes"]),
        )
        if spec["scope"] == "custom":
            role.scope_units.set([units[u] for u in spec["units"]])
            role.scope_divisions.set([divisions[d] for d in spec["divisions"]])
        roles.append(role)
    users = []
    for i, spec in enumerate(world["users"]):
        user = User.objects.create(
            username=f"prop_user_{i}",
            full_name=f"用户{i}",
            unit=units[spec["unit"]] if spec["unit"] is not None else None,
            division=divisions[spec["division"]] if spec["division"] is not None else None,
            is_active=spec["active"],
        )
        user.roles.set([roles[r] for r in spec["roles"]])
        users.append(user)
    trip_type, case_type = CaseType.objects.get(code="trip"), CaseType.objects.exclude(code="trip").first()
    for i, spec in enumerate(world["cases"]):
        model, kind = (Trip, trip_type) if spec["trip"] or case_type is None else (Case, case_type)
        case = model.objects.create(
            case_type=kind,
            title=f"案件{i}",
            applicant_unit=units[spec["unit"]],
            division=divisions[spec["division"]] if spec["division"] is not None else None,
            created_by=users[spec["created_by"]],
            assignee=users[spec["assignee"]] if spec["assignee"] is not None else None,
        )
        case.participants.set([users[u] for u in spec["participants"]])
    for i, spec in enumerate(world["people"]):
        person = Person.objects.create(
            full_name=f"人员{i}",
            sex="F",
            date_of_birth=dt.date(1980, 1, 1),
            unit=units[spec["unit"]],
            user=users[spec["user"]] if spec["user"] is not None else None,
        )
        if spec["passport"]:
            Passport.objects.create(
                holder=person,
                kind=Kind.OFFICIAL,
                number=f"E{person.pk:08d}",
                issue_date=dt.date(2022, 1, 1),
                expiry_date=dt.date(2032, 1, 1),
                issuing_authority="外交部",
            )
    return users


def _fresh(user):
    """The user as a request would load it: no cached roles or scope."""
    from apps.accounts.models import User

    return User.objects.get(pk=user.pk)


def _check(users, divisions):
    from apps.casework.models import Case
    from apps.casework.selectors import SCOPE_PATHS
    from apps.org.models import Unit
    from apps.passports.models import Passport
    from apps.people import access
    from apps.people.models import Person
    from apps.trips.models import Trip

    cases = list(Case.objects.all())
    trips = list(Trip.objects.all())
    persons = list(Person.objects.all())
    passports = list(Passport.objects.select_related("holder"))
    unit_ids = set(Unit.objects.values_list("pk", flat=True))
    division_ids = [None, *(d.pk for d in divisions)]
    in_people = in_scope_of(PEOPLE)

    def rows(qs):
        found = list(qs.values_list("pk", flat=True))
        assert len(found) == len(set(found)), f"rows repeated: {sorted(found)}"
        return set(found)

    for u in users:
        user = _fresh(u)  # as a request loads it: no cached roles or scope
        # cases realm: cases and trips
        for model, objects in ((Case, cases), (Trip, trips)):
            plain = rows(restrict(model.objects.all(), user, **SCOPE_PATHS))
            fast = rows(scope_selectors.scoped(model.objects.all(), user, **SCOPE_PATHS))
            single = {o.pk for o in objects if in_scope(user, o)}
            assert plain == single, f"{model.__name__}: filter {sorted(plain)} ≠ check {sorted(single)}"
            assert fast == single, f"{model.__name__}: scoped {sorted(fast)} ≠ check {sorted(single)}"
        # the inbox's bound (Scope.q itself, also for an empty or "all" scope) is the same filter
        inbox_bound = rows(Case.objects.filter(scope_for(user).q(Case, **SCOPE_PATHS)))
        assert inbox_bound == {o.pk for o in cases if in_scope(user, o)}
        # people realm: people and passports
        for model, objects, paths in (
            (Person, persons, {"unit": "unit", "person_user": "user"}),
            (Passport, passports, {"unit": "holder__unit", "person_user": "holder__user"}),
        ):
            plain = rows(
                restrict(
                    model.objects.all(),
                    user,
                    realm=PEOPLE,
                    unit=paths["unit"],
                    users=(paths["person_user"],),
                )
            )
            fast = rows(access.scoped(model.objects.all(), user, **paths))
            single = {o.pk for o in objects if in_people(user, o)}
            assert plain == single, f"{model.__name__}: filter {sorted(plain)} ≠ check {sorted(single)}"
            assert fast == single, f"{model.__name__}: scoped {sorted(fast)} ≠ check {sorted(single)}"
        # every unit picker: the units where a record that is not the user's own can be seen
        for realm in (CASES, PEOPLE):
            scope = scope_for(user, realm)
            reachable = {
                unit
                for unit in unit_ids
                if any(scope.allows(unit_id=unit, division_id=d) for d in division_ids)
            }
            assert set(
                units_visible(user, realm=realm, include_inactive=True).values_list("pk", flat=True)
            ) == (reachable)
            active = set(Unit.objects.filter(is_active=True).values_list("pk", flat=True))
            assert set(units_visible(user, realm=realm).values_list("pk", flat=True)) == reachable & active


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(world=worlds())
def test_filter_optimised_filter_and_object_check_agree(office, world):
    from apps.org.models import Division

    # the demo office's divisions; the first is the passport custody division ("outbound")
    divisions = sorted(Division.objects.all(), key=lambda d: d.code != "outbound")[:3]
    with transaction.atomic():
        with (
            mock.patch.object(scope_selectors, "SUBQUERY_ABOVE", world["limits"]["SUBQUERY_ABOVE"]),
            mock.patch.object(scope_selectors, "GAPS_UP_TO", world["limits"]["GAPS_UP_TO"]),
        ):
            users = _build(world, divisions)
            _check(users, divisions)
        transaction.set_rollback(True)
