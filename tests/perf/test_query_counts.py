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
    # perf15: the filters' choices (case types, divisions, units), the attachment kinds and the approval
    # routes are configuration cached per process (apps.core.process_cache); the trip page counts the
    # report photos only when it shows the report form
    "inbox_reviewer": 7,
    "inbox_clerk": 7,
    "list_reviewer": 7,
    "list_clerk": 8,
    "detail": 17,
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


# perf15: the regulation check API. The write path (POST, a trip being decided) reads every member's
# passports, applications and other trips in one query each, however many members and trips there are;
# the read path (GET) only reads the stored result.
CHECK_CEILING = {
    "post": 26,
    "get": 9,
}  # post: 25 on SQLite, +1 advisory lock of the audit chain on PostgreSQL


@pytest.mark.parametrize("method", ["post", "get"])
def test_regulation_check_api(perf_world, count_queries, method):
    perf_world.grow(10)
    trip = next(t for t in perf_world.trips if t.state == "in_review")
    url = f"/api/trips/{trip.pk}/check"
    status, small = count_queries(perf_world.reviewer, url, method)
    assert status == 200
    assert small <= CHECK_CEILING[method], f"{method} {url}: {small} queries, at most {CHECK_CEILING[method]}"
    perf_world.grow(200)
    status, big = count_queries(perf_world.reviewer, url, method)
    assert status == 200 and big <= small, f"{method} {url}: {small} → {big} queries"


def test_regulation_check_of_a_decided_trip_writes_nothing(perf_world, count_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    perf_world.grow(10)
    trip = next(t for t in perf_world.trips if t.state == "closed")
    client = count_queries.client_for(perf_world.reviewer)
    client.get(f"/api/trips/{trip.pk}/check")  # the session settled (it is written at most once a minute)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.post(f"/api/trips/{trip.pk}/check")
    assert resp.status_code == 400
    sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
    writes = [q for q in sql if q.startswith(("UPDATE", "INSERT", "DELETE")) and "SESSION" not in q[:40]]
    assert writes == [], writes


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


# --- tripapi: passport applications in progress ------------------------------------------------------
def _apply_for_everyone():
    import datetime as dt

    from apps.passports.models import PassportApplication
    from apps.people.models import Person

    PassportApplication.objects.bulk_create(
        PassportApplication(holder=p, kind="official", applied_on=dt.date(2026, 1, 5))
        for p in Person.objects.filter(passport_applications__isnull=True)
    )


def test_passport_applications(perf_world, count_queries, django_assert_max_num_queries):
    perf_world.grow(10)
    _apply_for_everyone()
    url = "/passports/applications/"
    status, small = count_queries(perf_world.reviewer, url)
    assert status == 200 and small <= CEILING_APPLICATIONS, f"{url}: {small} queries"
    perf_world.grow(200)
    _apply_for_everyone()
    client = count_queries.client_for(perf_world.reviewer)
    client.get(url)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


# --- visits ---
VISITS_CEILING = {"visit_list": 12, "visit_detail": 30, "gift_list": 12}


def _grow_visits(n, clerk, unit):
    """``n`` visits in all, each with four participants, two events and a gift."""
    import datetime as dt

    from apps.visits.models import Visit
    from apps.visits.services import case_type
    from benchmarks.datagen_more import visit_with_programme

    ct = case_type()
    day = dt.date(2026, 10, 12)
    for i in range(Visit.objects.count(), n):
        visit_with_programme(i, clerk=clerk, unit=unit, case_type=ct, day=day, prefix="性能", gift=True)
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


CEILING_APPLICATIONS = 7
# --- invitations (邀请外国人来华) -------------------------------------------------------------------------
INVITATION_CEILING = {
    "invitation_list": 12,
    "invitation_detail": 20,
    "registration_list": 9,
    "verify": 2,
    "statistics": 9,
}


def _grow_invitations(perf_world, n):
    """``n`` invitations (three invitees each) of the clerk's unit and others, some issued."""
    import datetime as dt

    from django.utils import timezone

    from apps.core.crypto import lookup_hash
    from apps.invitations.models import Invitation, Invitee
    from apps.invitations.services import invitation_case_type

    case_type = invitation_case_type()
    today = timezone.localdate()
    have = Invitation.objects.count()
    rows = []
    for k in range(have, n):
        unit = perf_world.clerk.unit if k % 2 == 0 else perf_world.units[k % len(perf_world.units)]
        issued = k % 3 == 0
        inv = Invitation.objects.create(
            case_type=case_type,
            title=f"邀请{k}",
            applicant_unit=unit,
            created_by=perf_world.clerk,
            state="approved" if issued else "submitted",
            stage="issued" if issued else "application",
            reference=f"测外邀〔2026〕{k:04d}",
            letter_number=f"测邀〔2026〕{k}号" if issued else "",
            verification_code=f"PERF{k:08d}" if issued else None,
            division=perf_world.reviewer.division,
            entry_date=today + dt.timedelta(days=40),
            stay_days=7,
            valid_until=today + dt.timedelta(days=40),
            last_check=[{"rule": "first_time", "severity": "info", "message": "m", "citation": "c"}],
            checked_at=timezone.now(),
        )
        for j in range(3):
            number = f"P{k:05d}{j}"
            rows.append(
                Invitee(
                    invitation=inv,
                    order=j,
                    name=f"GUEST {k} {j}",
                    sex="F",
                    date_of_birth=dt.date(1980, 1, 1),
                    nationality=perf_world.countries[j % len(perf_world.countries)],
                    passport_number=number,
                    passport_hash=lookup_hash(number),
                    passport_expiry=dt.date(2035, 1, 1),
                )
            )
    Invitee.objects.bulk_create(rows)


def _flat_invitations(perf_world, count_queries, django_assert_max_num_queries, user, url, ceiling):
    _grow_invitations(perf_world, 10)
    status, small = count_queries(user, url() if callable(url) else url)
    assert status == 200
    assert small <= INVITATION_CEILING[ceiling], (
        f"{url}: {small} queries, at most {INVITATION_CEILING[ceiling]}"
    )
    _grow_invitations(perf_world, 120)
    status, big = count_queries(user, url() if callable(url) else url)
    assert status == 200 and big <= small, f"{url}: {small} queries with 10, {big} with 120"


@pytest.mark.parametrize("who", ["reviewer", "clerk"])
def test_invitation_list(perf_world, count_queries, django_assert_max_num_queries, who):
    _flat_invitations(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        getattr(perf_world, who),
        "/invitations/",
        "invitation_list",
    )


def test_invitation_detail(perf_world, count_queries, django_assert_max_num_queries):
    from apps.invitations.models import Invitation

    def url():
        return f"/invitations/{Invitation.objects.order_by('pk').first().pk}/"

    _flat_invitations(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.reviewer,
        url,
        "invitation_detail",
    )


def test_registration_list(perf_world, count_queries, django_assert_max_num_queries):
    _flat_invitations(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.reviewer,
        "/invitations/registrations/",
        "registration_list",
    )


def test_public_verification(perf_world, count_queries, django_assert_max_num_queries):
    _flat_invitations(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        None,
        "/public/invitations/verify/PERF00000000/",
        "verify",
    )


def test_invitation_statistics(perf_world, count_queries, django_assert_max_num_queries):
    _flat_invitations(
        perf_world,
        count_queries,
        django_assert_max_num_queries,
        perf_world.reviewer,
        "/invitations/statistics/?by=unit",
        "statistics",
    )


# --- end invitations ---
# --- end visits ---
# --- partners (apps.partners) ---------------------------------------------------------------------------
# detail and country: + the inbound visits in the reader's data scope (the scope's planner: 3 queries)
PARTNER_CEILING = {"list": 12, "detail": 15, "country": 24, "map": 12, "plans": 8}


def _partner_world(perf_world, n):
    """``n`` trips, the closed ones departed, each linked to a partner city in the trips' first country."""
    from apps.casework.demo import load_routing
    from apps.org.models import Division
    from apps.partners.models import Partner, PartnerActivity
    from apps.partners.services import shipped_partners_load
    from apps.trips.models import Trip

    load_routing({d.code: d for d in Division.objects.all()})
    shipped_partners_load()
    perf_world.grow(n)
    country = perf_world.countries[0]
    partner = Partner.objects.filter(name_zh="性能测试城市").first() or Partner.objects.create(
        name_zh="性能测试城市",
        country=country,
        category="friendship",
        division=Division.objects.first(),
        latitude=1,
        longitude=1,
    )
    for trip in Trip.objects.filter(legs__country=country):
        Trip.objects.filter(pk=trip.pk).update(actual_departure_date=trip.departure_date)
        PartnerActivity.objects.get_or_create(
            partner=partner,
            case=trip,
            defaults={
                "kind": "visit_out",
                "date": trip.departure_date,
                "summary": trip.title,
                "created_by": trip.created_by,
            },
        )
    _partner_visits(partner, n // 4)
    return partner, country


def _partner_visits(partner, n):
    """``n`` inbound visits in all from the partner city (its country), approved and arrived, owned by
    the test user's division."""
    import datetime as dt

    from apps.org.models import Division
    from apps.trips.models import Trip
    from apps.visits.models import Visit
    from apps.visits.services import case_type

    division = Division.objects.get(code="europe_africa_oceania")
    trip = Trip.objects.order_by("pk").first()
    day = dt.date(2025, 5, 12)
    for i in range(Visit.objects.filter(partner=partner).count(), n):
        Visit.objects.create(
            case_type=case_type(),
            applicant_unit=trip.applicant_unit,
            created_by=trip.created_by,
            division=division,
            state="approved",
            reference=f"徐外接〔2025〕{i + 1}号",
            title=f"友城来访{i}",
            guest_country=partner.country,
            partner=partner,
            arrival_date=day,
            departure_date=day + dt.timedelta(days=1),
        )


@pytest.mark.parametrize("page", sorted(PARTNER_CEILING))
def test_partner_pages_flat(perf_world, count_queries, django_assert_max_num_queries, page, make_user):
    from apps.org.models import Division

    user = make_user(
        "perf_partners", roles=["division_staff"], division=Division.objects.get(code="europe_africa_oceania")
    )
    partner, country = _partner_world(perf_world, 10)
    urls = {
        "list": "/partners/",
        "detail": f"/partners/{partner.pk}/",
        "country": f"/partners/countries/{country.iso2}/",
        "map": "/partners/map/",
        "plans": "/partners/plans/",
    }
    status, small = count_queries(user, urls[page])
    assert status == 200
    assert small <= PARTNER_CEILING[page], f"{urls[page]}: {small} queries, at most {PARTNER_CEILING[page]}"
    _partner_world(perf_world, 200)
    client = count_queries.client_for(user)
    client.get(urls[page])
    with django_assert_max_num_queries(small):
        assert client.get(urls[page]).status_code == 200


# --- i13: 涉外管理处 (conferences, journalists, incidents) -------------------------------------------------
# The lists and detail pages of the division's case types: the same number of queries with 5 rows and
# with 40 (the page's related rows are read once, not per row).
I13_CEILING = {
    # run 7: the country filter's choices come from the process cache (reference.selectors.country_choices)
    "/conferences/": 11,
    "/journalists/": 10,
    "/journalists/bureaus/": 10,
    "/journalists/interviews/": 11,
    "/journalists/reminders/": 14,
    "/incidents/": 11,  # + the statistics by year and country (one aggregate; countries read once)
    "/honours/": 11,
    "conference_detail": 22,
    "incident_detail": 22,
    # perf15: the other detail pages of the division
    "nomination_detail": 12,  # + its issued documents (批复, certificate: apps.documents)
    "journalist_detail": 7,
    "bureau_detail": 8,
    "interview_detail": 13,
}
I13_DETAIL_URL = {
    "conference": "/conferences/{}/",
    "incident": "/incidents/{}/",
    "nomination": "/honours/{}/",
    "journalist": "/journalists/{}/",
    "bureau": "/journalists/bureaus/{}/",
    "interview": "/journalists/interviews/{}/",
}


def _i13_grow(n, *, clerk, staff, start=0):
    from apps.reference.models import Country
    from benchmarks.datagen_more import other_cases  # the benchmark data set's builder

    countries = [Country.objects.get(iso2=c) for c in ("FR", "DE", "JP")]
    made = {k: [] for k in I13_DETAIL_URL}
    for k in range(start, start + n):
        for kind, obj in other_cases(k, clerk=clerk, staff=staff, countries=countries, prefix="").items():
            made[kind].append(obj)
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


@pytest.mark.parametrize("kind", sorted(I13_DETAIL_URL))
def test_i13_detail_is_flat(make_user, units, divisions, count_queries, kind):
    fa = divisions["foreign_affairs"]
    staff = make_user("i13_staff", roles=["division_staff"], division=fa)
    clerk = make_user("i13_clerk", roles=["unit_clerk"], unit=units["徐州市教育局"])
    first = _i13_grow(3, clerk=clerk, staff=staff)[kind][0]
    url = I13_DETAIL_URL[kind].format(first.pk)
    status, small = count_queries(staff, url)
    assert status == 200 and small <= I13_CEILING[f"{kind}_detail"], f"{url}: {small} queries"
    _i13_grow(12, clerk=clerk, staff=staff, start=3)
    status, big = count_queries(staff, url)
    assert status == 200 and big <= small, f"{url}: {small} → {big} queries"


# --- end i13 ---
