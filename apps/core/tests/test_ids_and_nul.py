"""parse_id (ids from query strings) and the NUL-byte guard: bad input gets a clear answer, never a 500."""

import pytest

from apps.core.ids import MAX_ID, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (5, 5),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 20, None),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("abc", None),
        ("١٢", None),  # non-ASCII digits
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_id_accepts_only_database_ids(value, expected):
    assert parse_id(value) == expected


@pytest.mark.django_db
def test_nul_in_a_query_parameter_answers_400_with_a_message(client):
    resp = client.get("/accounts/login/", {"next": "a\x00b"})
    assert resp.status_code == 400
    assert "NUL" in resp.content.decode()


@pytest.mark.django_db
def test_nul_in_an_api_query_answers_json_400(client):
    resp = client.get("/api/health?q=%00")
    assert resp.status_code == 400
    assert "NUL" in resp.json()["detail"]


@pytest.mark.django_db
def test_nul_in_a_posted_form_answers_400(client):
    resp = client.post("/accounts/login/", {"username": "x\x00", "password": "y"})
    assert resp.status_code == 400


@pytest.mark.django_db
def test_ordinary_requests_pass(client):
    assert client.get("/api/health?q=abc").status_code == 200
