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
    "inbox_reviewer": 7,
    "inbox_clerk": 7,
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


# --- visits ---
VISITS_CEILING = {"visit_list": 12, "visit_detail": 30, "gift_list": 12}


def _grow_visits(n, clerk, unit):
    """``n`` visits in all, each with four participants, two events and a gift."""
    import datetime as dt
    from decimal import Decimal

    from apps.visits.models import Event, Gift, Participant, Visit
    from apps.visits.services import case_type

    ct = case_type()
    day = dt.date(2026, 10, 12)
    for i in range(Visit.objects.count(), n):
        v = Visit.objects.create(
            case_type=ct,
            applicant_unit=unit,
            created_by=clerk,
            title=f"性能来访{i}",
            arrival_date=day,
            departure_date=day + dt.timedelta(days=1),
        )
        ps = [
            Participant.objects.create(visit=v, side=side, name=f"{side}{i}-{k}", rank=40 + k)
            for side in ("host", "guest")
            for k in range(2)
        ]
        for h in (9, 14):
            e = Event.objects.create(
                visit=v,
                kind="meeting",
                title=f"会见{i}",
                date=day,
                start=dt.time(h),
                end=dt.time(h + 1),
                venue=f"会议室{i % 3}",
            )
            e.participants.set(ps)
        Gift.objects.create(
            direction="received",
            visit=v,
            description=f"礼品{i}",
            counterpart="x",
            person="y",
            unit=unit,
            created_by=clerk,
            on_date=day,
            value=Decimal("300"),
            declaration_due=day + dt.timedelta(days=30),
        )
    return Visit.objects.order_by("pk").first()


@pytest.mark.parametrize(
    ("url_of", "ceiling"),
    [
        (lambda v: "/visits/", "visit_list"),
        (lambda v: f"/visits/{v.pk}/", "visit_detail"),
        (lambda v: "/visits/gifts/", "gift_list"),
    ],
)
def test_visits_pages_flat(perf_world, count_queries, django_assert_max_num_queries, url_of, ceiling):
    first = _grow_visits(5, perf_world.clerk, perf_world.clerk.unit)
    url = url_of(first)
    status, small = count_queries(perf_world.clerk, url)
    assert status == 200
    assert small <= VISITS_CEILING[ceiling], (
        f"{url}: {small} queries, at most {VISITS_CEILING[ceiling]} expected"
    )
    _grow_visits(40, perf_world.clerk, perf_world.clerk.unit)
    client = count_queries.client_for(perf_world.clerk)
    client.get(url)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


# --- end visits ---
