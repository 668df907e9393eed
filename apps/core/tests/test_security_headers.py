"""Headers and request ids (security review, findings 3 and 8)."""

import pytest

from apps.core.middleware import PERMISSIONS_POLICY

pytestmark = pytest.mark.django_db


def test_signed_in_answers_are_never_cached_and_features_are_denied(client, make_user):
    anonymous = client.get("/accounts/login/")
    assert anonymous["Permissions-Policy"] == PERMISSIONS_POLICY
    client.force_login(make_user("clerk1", roles=["unit_clerk"]))
    for url in ("/", "/cases/", "/people/", "/api/cases/"):
        answer = client.get(url)
        assert answer.get("Cache-Control") == "no-store", (url, answer.status_code, dict(answer.headers))
        assert answer["Permissions-Policy"] == PERMISSIONS_POLICY


def test_a_client_cannot_choose_the_request_id_the_audit_records(client):
    answer = client.get("/accounts/login/", HTTP_X_REQUEST_ID="forged123")
    assert answer["X-Request-ID"] != "forged123" and len(answer["X-Request-ID"]) == 32


def test_behind_the_trusted_proxy_its_request_id_is_kept(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    answer = client.get(
        "/accounts/login/", HTTP_X_REQUEST_ID="proxy123", HTTP_X_FORWARDED_PROTO="https", secure=True
    )
    assert answer["X-Request-ID"] == "proxy123"
