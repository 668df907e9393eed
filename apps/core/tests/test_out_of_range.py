"""Numbers the database cannot hold never give a 500 (security review, finding 6).

An id above 2^63 raised OverflowError (SQLite) or DataError (PostgreSQL) from the query and the API
answered an HTML 500. Now a GET that names such a number finds nothing (404, JSON on the API), a write
with it is refused as invalid input (400), and an unknown API address answers JSON too.
"""

import pytest

from apps.core.errors import NotFound, ServiceError, out_of_range

pytestmark = pytest.mark.django_db
BIG = "9" * 23  # far above 2**63


@pytest.fixture
def leader_client(client, make_user):
    client.force_login(make_user("lead1", roles=["office_leader"]))
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/api/trips/{BIG}",
        f"/api/cases/{BIG}",
        f"/api/people/{BIG}",
        f"/api/passports/{BIG}",
        f"/api/exports/{BIG}",
    ],
)
def test_api_get_of_a_huge_id_is_a_json_404(leader_client, url):
    answer = leader_client.get(url)
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["code"] == "not_found"


@pytest.mark.parametrize("url", [f"/trips/{BIG}/", f"/people/{BIG}/", f"/cases/{BIG}/"])
def test_page_of_a_huge_id_is_the_404_page(leader_client, url):
    answer = leader_client.get(url)
    assert answer.status_code == 404
    assert "<html" in answer.content.decode().lower()


def test_a_huge_filter_value_is_refused_not_a_500(leader_client):
    assert leader_client.get(f"/api/org/units?parent={BIG}").status_code == 422


def test_an_unknown_api_address_answers_json(leader_client):
    answer = leader_client.get("/api/no-such-thing")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "您要找的记录不存在。", "code": "not_found"}


def test_a_write_with_an_out_of_range_value_is_invalid_input():
    assert isinstance(out_of_range(OverflowError("too big"), "POST"), ServiceError)
    assert out_of_range(OverflowError("too big"), "POST").status == 400
    assert isinstance(out_of_range(OverflowError("too big"), "GET"), NotFound)
