"""The number of SQL queries per page does not grow with the data or the page size.

Each page is measured with 10 trips (40 members, 40 people and passports, overdue passports, audit
events) and again with 200; the second measurement must not need more queries than the first
(``django_assert_max_num_queries``), and a page deep in the list costs what page 1 costs.
"""

import pytest

pytestmark = pytest.mark.django_db


# Queries per page with the small data set: the user's roles are read once per request (one query for
# codes, permissions, scope, admin kind and 2FA), the inbox badge once, the filter dropdowns as
# (id, name) pairs; the session is written at most once a minute (not on every request), "no OTP
# device" is remembered in the session, the office row is cached per process, and the trip detail reads
# its members, legs and overrides once. A change that adds a per-request query must raise these on purpose.
CEILING = {
    # tripux: +1 for the inbox's case-type filter choices (InboxFilter)
    "inbox_reviewer": 8,
    "inbox_clerk": 8,
    "list_reviewer": 10,
    "list_clerk": 11,
    "detail": 18,
    "overdue": 7,
    "audit": 6,
    "notices": 1,
}


def _flat(perf_world, count_queries, django_assert_max_num_queries, user, url, ceiling):
    perf_world.grow(10)
    status, small = count_queries(user, url)
    assert status == 200
    assert small <= CEILING[ceiling], f"{url}: {small} queries, at most {CEILING[ceiling]} expected"
    perf_world.grow(200)
    client = count_queries.client_for(user)
    client.get(url)  # warm per-process caches, as in the small measurement
    with django_assert_max_num_queries(small):
        resp = client.get(url)
    assert resp.status_code == 200
    status, big = count_queries(user, url)
    return small, big


def test_inbox_reviewer(perf_world, count_queries, django_assert_max_num_queries):
    _flat(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.reviewer,
        "/cases/inbox/",
        "inbox_reviewer",
    )


def test_inbox_clerk(perf_world, count_queries, django_assert_max_num_queries):
    _flat(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.clerk,
        "/cases/inbox/",
        "inbox_clerk",
    )


@pytest.mark.parametrize("who", ["reviewer", "clerk"])
def test_trip_list_page_one_and_deep(perf_world, count_queries, django_assert_max_num_queries, who):
    user = getattr(perf_world, who)
    _small, big = _flat(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        user,
        "/cases/?case_type=trip",
        f"list_{who}",
    )
    # a page deep in the results costs no more than page 1
    status, deep = count_queries(user, "/cases/?case_type=trip&page=4")
    assert status == 200
    assert deep <= big
    status, last = count_queries(user, "/cases/?case_type=trip&page=999")
    assert status == 200
    assert last <= big


def test_trip_list_page_size_25_vs_100(perf_world, count_queries, settings):
    perf_world.grow(200)
    settings.WAIBAN = {**settings.WAIBAN, "LIST_PAGE_SIZE": 25}
    status, n25 = count_queries(perf_world.reviewer, "/cases/?case_type=trip")
    assert status == 200
    settings.WAIBAN = {**settings.WAIBAN, "LIST_PAGE_SIZE": 100}
    status, n100 = count_queries(perf_world.reviewer, "/cases/?case_type=trip")
    assert status == 200
    assert n100 <= n25, f"page of 25: {n25} queries, page of 100: {n100}"


def test_trip_detail(perf_world, count_queries, django_assert_max_num_queries):
    # the first trip stays the same; the data around it grows
    perf_world.grow(10)
    trip = perf_world.trips[0]
    _flat(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.reviewer,
        f"/trips/{trip.pk}/",
        "detail",
    )


def test_passports_overdue(perf_world, count_queries, django_assert_max_num_queries):
    _flat(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.reviewer,
        "/passports/overdue/",
        "overdue",
    )


def test_audit_list(perf_world, count_queries, django_assert_max_num_queries):
    _flat(perf_world, count_queries, django_assert_max_num_queries, perf_world.reviewer, "/audit/", "audit")


def test_public_notices(perf_world, count_queries, django_assert_max_num_queries):
    _flat(perf_world, count_queries, django_assert_max_num_queries, None, "/public/notices/", "notices")


def test_office_cached_per_process_and_fresh_after_save(perf_world, count_queries, office):
    """The office row is not read on every page, and a change to it shows on the next page."""
    client = count_queries.client_for(perf_world.reviewer)
    client.get("/cases/inbox/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/cases/inbox/")
    assert page.status_code == 200 and office.name in page.content.decode()
    assert not [q for q in ctx.captured_queries if "org_office" in q["sql"]]
    office.name = "某某市人民政府外事办公室（更名测试）"
    office.save()
    assert "（更名测试）" in client.get("/cases/inbox/").content.decode()
