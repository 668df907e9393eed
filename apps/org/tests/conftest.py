import pytest


@pytest.fixture
def sysadmin(make_user, office):
    return make_user("sysadmin1", roles=["sysadmin"], full_name="系统管理员甲")


@pytest.fixture
def staff(make_user, divisions):
    return make_user("staff1", roles=["division_staff"], division=divisions["outbound"])


@pytest.fixture
def clerk(make_user, units):
    return make_user("clerk1", roles=["unit_clerk"], unit=units["徐州市教育局"])
