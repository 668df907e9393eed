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


# --- i13: 涉外管理处 (conferences, journalists, incidents) -------------------------------------------------
# The lists and detail pages of the division's case types: the same number of queries with 5 rows and
# with 40 (the page's related rows are read once, not per row).
I13_CEILING = {
    "/conferences/": 12,
    "/journalists/": 11,
    "/journalists/bureaus/": 11,
    "/journalists/interviews/": 12,
    "/journalists/reminders/": 14,
    "/incidents/": 11,
    "/honours/": 12,
    "conference_detail": 22,
    "incident_detail": 22,
}


def _i13_grow(n, *, clerk, staff, start=0):
    import datetime as dt

    from apps.conferences import services as conferences
    from apps.honours import services as honours
    from apps.incidents import services as incidents
    from apps.journalists import services as journalists
    from apps.reference.models import Country

    fr, de, jp = (Country.objects.get(iso2=c) for c in ("FR", "DE", "JP"))
    made = {"conference": [], "incident": []}
    for k in range(start, start + n):
        day = dt.date(2026, 3, 1) + dt.timedelta(days=k % 200)
        made["conference"].append(
            conferences.conference_create(
                by=clerk,
                unit=clerk.unit,
                countries=[fr, de, jp],
                data={
                    "title": f"国际会议{k}",
                    "name_en": f"Conference {k}",
                    "start_date": day,
                    "end_date": day,
                    "venue": "徐州",
                    "organiser": "主办",
                    "total_participants": 50,
                    "foreign_participants": 10,
                    "contact_name": "联系人",
                    "contact_phone": "0516",
                },
            )
        )
        journalists.journalist_create(
            by=staff,
            data={
                "name": f"J {k}",
                "nationality": fr,
                "kind": "resident",
                "visa_kind": "J1",
                "media": "媒体",
                "arrival_date": day,
            },
        )
        b = journalists.bureau_create(
            by=staff, data={"name": f"记者站{k}", "name_en": "B", "country": de, "address": "地址"}
        )
        journalists.change_report_add(
            bureau=b, by=staff, kind="chief", changed_on=day, reported_on=day, detail="新首席"
        )
        journalists.interview_create(
            by=clerk,
            unit=clerk.unit,
            data={
                "journalist_name": f"J {k}",
                "media": "媒体",
                "nationality": fr,
                "visa_kind": "J2",
                "interviewee": "某单位",
                "topic": "采访",
                "planned_date": day,
            },
        )
        i = incidents.incident_create(
            by=staff,
            data={
                "title": f"涉外案件{k}",
                "direction": "inbound",
                "kind": "dispute",
                "occurred_on": day,
                "place": "徐州",
                "country": jp,
                "persons": "当事人",
                "summary": "情况",
            },
        )
        incidents.entry_add(incident=i, by=staff, kind="action", text="处置")
        made["incident"].append(i)
        honours.nomination_create(
            by=clerk,
            unit=clerk.unit,
            data={
                "nominee_name": f"N {k}",
                "nationality": de,
                "employer": "企业",
                "supervising_body": "主管",
                "working_since": dt.date(2015, 1, 1),
                "contributions": "贡献",
            },
        )
    return made


@pytest.mark.parametrize("url", [u for u in I13_CEILING if u.startswith("/")])
def test_i13_lists_are_flat(make_user, units, divisions, count_queries, url):
    fa = divisions["foreign_affairs"]
    staff = make_user("i13_staff", roles=["division_staff"], division=fa)
    clerk = make_user("i13_clerk", roles=["unit_clerk"], unit=units["徐州市教育局"])
    _i13_grow(5, clerk=clerk, staff=staff)
    status, small = count_queries(staff, url)
    assert status == 200 and small <= I13_CEILING[url], f"{url}: {small} queries"
    _i13_grow(35, clerk=clerk, staff=staff, start=5)
    status, big = count_queries(staff, url)
    assert status == 200 and big <= small, f"{url}: {small} → {big} queries"


@pytest.mark.parametrize("kind", ["conference", "incident"])
def test_i13_detail_is_flat(make_user, units, divisions, count_queries, kind):
    fa = divisions["foreign_affairs"]
    staff = make_user("i13_staff", roles=["division_staff"], division=fa)
    clerk = make_user("i13_clerk", roles=["unit_clerk"], unit=units["徐州市教育局"])
    first = _i13_grow(3, clerk=clerk, staff=staff)[kind][0]
    url = f"/{kind}s/{first.pk}/"
    status, small = count_queries(staff, url)
    assert status == 200 and small <= I13_CEILING[f"{kind}_detail"], f"{url}: {small} queries"
    _i13_grow(12, clerk=clerk, staff=staff, start=3)
    status, big = count_queries(staff, url)
    assert status == 200 and big <= small, f"{url}: {small} → {big} queries"


# --- end i13 ---
