"""Data scope: the union of roles, sub-units, custom scope, self, and nothing for no role."""

import pytest
from django.http import Http404

from apps.accounts.models import DataScope, Role, User
from apps.accounts.permissions import in_scope
from apps.accounts.scope import Scope, restrict, scope_for

pytestmark = pytest.mark.django_db


class Thing:
    """A stand-in for a casework object implementing the scope protocol."""

    def __init__(self, unit=None, division=None, users=()):
        self.facts = (unit.pk if unit else None, division.pk if division else None, {u.pk for u in users})

    def scope_facts(self):
        return self.facts


def test_all_scope(make_user, office):
    leader = make_user(roles=["office_leader"])
    assert scope_for(leader).all
    assert restrict(User.objects.all(), leader, unit="unit", division="division", users=("pk",)).count() == 1


def test_own_unit_scope_for_a_clerk(make_user, units):
    clerk = make_user(roles=["unit_clerk"], unit=units["徐州市卫生健康委员会"])
    scope = scope_for(clerk)
    assert scope.unit_ids == {units["徐州市卫生健康委员会"].pk}
    assert not scope.division_ids
    assert in_scope(clerk, Thing(unit=units["徐州市卫生健康委员会"]))
    assert not in_scope(clerk, Thing(unit=units["徐州市中心医院"]))  # "own" does not include sub-units
    assert not in_scope(clerk, Thing(unit=units["徐州市商务局"]))


def test_own_and_below_includes_sub_units_only(make_user, units):
    role = Role.objects.create(code="health_system", name="卫健系统", data_scope=DataScope.OWN_AND_BELOW)
    user = make_user(unit=units["徐州市卫生健康委员会"])
    user.roles.add(role)
    scope = scope_for(user)
    assert scope.unit_ids == {
        units["徐州市卫生健康委员会"].pk,
        units["徐州市中心医院"].pk,
        units["徐州市第一人民医院"].pk,
    }
    assert in_scope(user, Thing(unit=units["徐州市第一人民医院"]))
    assert not in_scope(user, Thing(unit=units["徐州市教育局"]))
    assert not in_scope(user, Thing(unit=units["徐州市第一中学"]))


def test_union_of_roles(make_user, units, divisions):
    custom = Role.objects.create(code="edu_watch", name="教育口", data_scope=DataScope.CUSTOM)
    custom.scope_units.set([units["徐州市教育局"]])
    staff = make_user(roles=["division_staff"], division=divisions["outbound"])
    staff.roles.add(custom)
    scope = scope_for(staff)
    assert scope.division_ids == {divisions["outbound"].pk}
    # custom scope: the selected unit and its sub-units
    assert scope.unit_ids == {units["徐州市教育局"].pk, units["徐州市第一中学"].pk}
    assert in_scope(staff, Thing(division=divisions["outbound"]))
    assert in_scope(staff, Thing(unit=units["徐州市第一中学"]))
    assert not in_scope(staff, Thing(division=divisions["americas_asia"], unit=units["徐州市商务局"]))
    # Dropping the custom role narrows the scope again (after the cache is cleared).
    fresh = User.objects.get(pk=staff.pk)
    fresh.roles.remove(custom)
    assert scope_for(User.objects.get(pk=staff.pk)).unit_ids == frozenset()


def test_custom_scope_with_divisions(make_user, divisions):
    role = Role.objects.create(code="regions", name="地区处", data_scope=DataScope.CUSTOM)
    role.scope_divisions.set([divisions["europe_africa_oceania"], divisions["americas_asia"]])
    user = make_user()
    user.roles.add(role)
    assert scope_for(user).division_ids == {
        divisions["europe_africa_oceania"].pk,
        divisions["americas_asia"].pk,
    }


def test_self_scope_sees_only_own_records(make_user, units):
    traveller = make_user(roles=["traveller"], unit=units["徐州市商务局"])
    other = make_user(roles=["traveller"], unit=units["徐州市商务局"])
    scope = scope_for(traveller)
    assert not scope.all and not scope.unit_ids and scope.user_id == traveller.pk
    assert in_scope(traveller, Thing(unit=units["徐州市商务局"], users=[traveller]))
    assert not in_scope(traveller, Thing(unit=units["徐州市商务局"], users=[other]))
    qs = restrict(User.objects.all(), traveller, unit=None, division=None, users=("pk",))
    assert list(qs) == [traveller]


def test_empty_scope_sees_nothing(make_user, units):
    nobody = make_user(unit=units["徐州市商务局"])  # no role at all
    assert scope_for(nobody).empty
    assert restrict(User.objects.all(), nobody, unit="unit", division="division", users=("pk",)).count() == 0
    assert not in_scope(nobody, Thing(unit=units["徐州市商务局"], users=[nobody]))


def test_inactive_user_has_empty_scope(make_user):
    leader = make_user(roles=["office_leader"], is_active=False)
    assert scope_for(leader).empty


def test_restrict_on_to_many_path_has_no_duplicates(make_user, divisions):
    """Rows reached through a to-many path (login_logs) appear once, without DISTINCT."""
    from apps.accounts.models import LoginLog

    traveller = make_user(roles=["traveller"])
    make_user(roles=["traveller"])
    for _ in range(3):
        LoginLog.objects.create(username=traveller.username, user=traveller, outcome="success")
    qs = restrict(
        User.objects.all(), traveller, unit="unit", division="division", users=("login_logs__user",)
    )
    assert list(qs) == [traveller]
    assert qs.order_by("-username").count() == 1


def test_restrict_filters_by_unit_and_division(make_user, units, divisions):
    clerk = make_user(roles=["unit_clerk"], unit=units["徐州市商务局"])
    same_unit = make_user(roles=["traveller"], unit=units["徐州市商务局"])
    make_user(roles=["traveller"], unit=units["徐州市教育局"])
    make_user(roles=["division_staff"], division=divisions["outbound"])
    qs = restrict(User.objects.all(), clerk, unit="unit", division="division", users=())
    assert set(qs) == {clerk, same_unit}


def test_object_without_protocol_is_out_of_scope(make_user):
    leader = make_user(roles=["division_staff"])
    assert not in_scope(leader, object())


def test_scope_allows_and_q_without_paths():
    s = Scope(unit_ids=frozenset({1}), division_ids=frozenset({2}), user_id=3)
    assert s.allows(unit_id=1) and s.allows(division_id=2) and s.allows(user_ids=[3])
    assert not s.allows(unit_id=2, division_id=1, user_ids=[4])
    assert not Scope().allows(unit_id=1)


def test_scope_describe_in_words(make_user, divisions):
    staff = make_user(roles=["division_staff"], division=divisions["outbound"])
    assert "出国来华管理处" in scope_for(staff).describe()


def test_http404_for_out_of_scope_is_the_selector_contract(make_user, units):
    """Selectors raise Http404 for an object outside the scope; demonstrate with restrict + get."""
    clerk = make_user(roles=["unit_clerk"], unit=units["徐州市商务局"])
    stranger = make_user(roles=["unit_clerk"], unit=units["徐州市教育局"])

    def user_get(pk):
        obj = restrict(User.objects.all(), clerk, unit="unit", division=None, users=()).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    assert user_get(clerk.pk) == clerk
    with pytest.raises(Http404):
        user_get(stranger.pk)


def test_rules_object_permissions(make_user, secadmin):
    staff = make_user(roles=["division_staff"])
    other = make_user(roles=["division_staff"])
    assert staff.has_perm("accounts.view_user", staff)
    assert not staff.has_perm("accounts.view_user", other)
    assert not staff.has_perm("accounts.change_user", staff)
    assert secadmin.has_perm("accounts.view_user", other) and secadmin.has_perm("accounts.change_user", other)
