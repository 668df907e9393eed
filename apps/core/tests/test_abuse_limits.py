"""Abuse limits (security review, finding 7): public pages throttled per client address, ID-number
reveals limited per user with an alert to the security administrators, lockout by the client's real
address behind the trusted proxy, and the lockout audited."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.tests.conftest import login_page
from apps.audit.models import AuditEvent
from apps.casework.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_public_notice_pages_are_throttled_per_client_address(client, settings):
    settings.WAIBAN = {**settings.WAIBAN, "THROTTLE": {"public": (3, 60)}}
    for _ in range(3):
        assert client.get("/public/notices/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/public/notices/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert "请求过于频繁" in refused.content.decode() and int(refused["Retry-After"]) > 0
    # Another address is not affected.
    assert client.get("/public/notices/", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_reveals_past_the_hourly_limit_are_refused_audited_and_reported(client, settings, make_user, units):
    from apps.people.tests.factories import PersonFactory

    settings.WAIBAN = {**settings.WAIBAN, "REVEALS_PER_HOUR": 2}
    unit = next(iter(units.values())) if isinstance(units, dict) else units[0]
    clerk = make_user("clerk_r", roles=["unit_clerk"], unit=unit)
    secadmin = make_user("anquan_t", roles=["secadmin"])
    person = PersonFactory(unit=unit)
    client.force_login(clerk)
    for _ in range(2):
        assert client.post(f"/api/people/{person.pk}/reveal").status_code == 200
    refused = client.post(f"/api/people/{person.pk}/reveal")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert person.id_number not in refused.content.decode()
    assert AuditEvent.objects.filter(action="people.reveal_limited", actor=clerk).count() == 1
    alert = Notification.objects.get(recipient=secadmin)
    assert "clerk_r" in alert.text or clerk.full_name in alert.text
    page = client.post(reverse("people:reveal", args=[person.pk]))
    assert page.status_code == 429 and person.id_number not in page.content.decode()


def test_lockout_follows_the_client_behind_the_proxy_and_is_audited(client, settings, make_user):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    make_user("keyuan_t", roles=["division_staff"])
    proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_PROTO": "https", "secure": True}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_page(client, "keyuan_t", "wrong-password-1", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert login_page(client, "keyuan_t", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 429
    locked = AuditEvent.objects.filter(action="accounts.lockout")
    assert locked.exists() and locked.first().extra["ip"] == "198.51.100.1"
    # Another client behind the same proxy signs in: the lockout is not the proxy's address.
    other = client_class_login(settings, "keyuan_t", "198.51.100.2", proxy)
    assert other.status_code == 302


def client_class_login(settings, username, ip, proxy):
    from django.test import Client

    return login_page(Client(), username, HTTP_X_FORWARDED_FOR=ip, **proxy)
