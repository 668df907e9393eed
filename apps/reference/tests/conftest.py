import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def verified_login():
    """Sign ``user`` in on ``client`` with the second factor done (confirmed TOTP device in the session)."""

    def do(client, user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return do


@pytest.fixture
def sysadmin(make_user):
    return make_user("xitong_t", roles=["sysadmin"], full_name="孙系统")


@pytest.fixture
def clerk(make_user):
    return make_user("zhuanban_t", roles=["unit_clerk"], full_name="钱专办")


@pytest.fixture
def admin_client(client, sysadmin, verified_login):
    verified_login(client, sysadmin)
    return client


@pytest.fixture
def clerk_client(clerk):
    c = Client()
    c.force_login(clerk)
    return c
