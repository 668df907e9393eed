import pytest

from apps.accounts.scope import forget


@pytest.fixture
def unit_a(units):
    return units["徐州市教育局"]


@pytest.fixture
def unit_b(units):
    return units["徐州市商务局"]


@pytest.fixture
def clerk_a(make_user, unit_a):
    return make_user("clerk_a", roles=["unit_clerk"], unit=unit_a)


@pytest.fixture
def clerk_b(make_user, unit_b):
    return make_user("clerk_b", roles=["unit_clerk"], unit=unit_b)


@pytest.fixture
def custodian(make_user, divisions):
    """Staff of 出国来华管理处: sees every unit's people and passports."""
    return make_user("custodian", roles=["division_staff"], division=divisions["outbound"])


@pytest.fixture
def other_staff(make_user, divisions):
    return make_user("other_staff", roles=["division_staff"], division=divisions["foreign_affairs"])


@pytest.fixture
def person_factory():
    from .factories import PersonFactory

    return PersonFactory


@pytest.fixture
def refresh():
    def do(user):
        forget(user)
        return user

    return do


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted in the source language, whatever an earlier request activated."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield
