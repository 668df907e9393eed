import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Waiban-Test-2026!"
UA = "Mozilla/5.0 (X11; Linux x86_64) WaibanTest/1.0"


def totp_code(device, *, offset: int = 0) -> str:
    """The code an authenticator app would show now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset
    return f"{totp.token():0{device.digits}d}"


def login_page(client, username, password=PASSWORD, **extra):
    extra.setdefault("HTTP_USER_AGENT", UA)
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def verified_login():
    """Sign ``user`` in on ``client`` with two-factor done (a confirmed TOTP device, verified session)."""

    def do(client, user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return device

    return do


@pytest.fixture
def secadmin(make_user):
    return make_user("anquan_t", roles=["secadmin"], full_name="陶安")


@pytest.fixture
def admin_client(client, secadmin, verified_login):
    verified_login(client, secadmin)
    return client
