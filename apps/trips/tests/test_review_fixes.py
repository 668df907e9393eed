"""Fixes from the security review: re-checking is for trips still being decided, by those who handle
them; passport MRZ lines never reach the audit trail in clear; pages ignore a stray Bearer header."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.audit.services import is_sensitive
from apps.core.context import client_ip

pytestmark = pytest.mark.django_db


def test_recheck_of_a_trip_being_decided_is_audited(make_trip, people, login):
    trip = make_trip()
    client = login(people["clerk"])
    response = client.post(reverse("trips:recheck", args=[trip.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="trips.recheck", target_id=str(trip.pk)).count() == 1


def test_a_decided_trip_keeps_the_check_it_was_decided_on(approved_trip, people, login):
    trip = approved_trip
    stored = (trip.rule_pack_version, trip.checked_at)
    client = login(people["leader"])
    response = client.post(reverse("trips:recheck", args=[trip.pk]))
    assert response.status_code == 400
    assert "不能重新检查" in response.content.decode()
    trip.refresh_from_db()
    assert (trip.rule_pack_version, trip.checked_at) == stored
    assert not AuditEvent.objects.filter(action="trips.recheck", target_id=str(trip.pk)).exists()


def test_passport_mrz_lines_are_masked_in_the_audit_trail():
    from apps.passports.models import Passport

    assert is_sensitive("mrz_line1", Passport()) and is_sensitive("mrz_line2", Passport())


def test_a_bearer_header_does_not_skip_two_factor_on_pages(make_user, client):
    admin = make_user("sys_t", roles=["sysadmin"])
    client.force_login(admin)  # password only, second factor not done
    response = client.get(reverse("reference:calendar_index"), HTTP_AUTHORIZATION="Bearer forged")
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), WAIBAN_TRUSTED_PROXIES=1)
def test_client_ip_is_what_the_trusted_proxy_saw_not_what_the_client_wrote():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.7"
