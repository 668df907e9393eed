import pytest


@pytest.fixture
def sysadmin(make_user):
    return make_user("sysadmin1", roles=["sysadmin"])


@pytest.fixture
def admin_client(login, sysadmin):
    return login(sysadmin)
