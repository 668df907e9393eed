"""A clerk of one unit cannot reach another unit's trips by any page or API call; two leaders approving
at once → one approval (PostgreSQL threads) and the stale-version conflict on the page."""

import threading

import pytest
from django.db import connection

from apps.casework.models import TimelineEntry
from apps.core.errors import ConflictError
from apps.trips.models import Trip

from .conftest import office_chain
from .test_api_lifecycle import token_client

PAGE_GETS = ["/trips/{pk}/", "/trips/{pk}/edit/", "/trips/{pk}/approval.pdf", "/cases/{pk}/"]
PAGE_POSTS = [
    "/trips/{pk}/edit/",
    "/trips/{pk}/check/",
    "/trips/{pk}/budget/",
    "/trips/{pk}/recheck/",
    "/trips/{pk}/transitions/withdraw/",
    "/trips/{pk}/transitions/cancel_trip/",
    "/trips/{pk}/overrides/",
    "/trips/{pk}/external-approval/",
    "/trips/{pk}/visas/",
    "/trips/{pk}/report/",
    "/trips/{pk}/members/{member}/passport/release/",
    "/cases/{pk}/transitions/withdraw/",
    "/cases/{pk}/comments/",
    "/cases/{pk}/attachments/",
]
API_CALLS = [
    ("get", "/api/trips/{pk}"),
    ("put", "/api/trips/{pk}"),
    ("get", "/api/trips/{pk}/check"),
    ("post", "/api/trips/{pk}/check"),
    ("post", "/api/trips/{pk}/overrides"),
    ("post", "/api/trips/{pk}/transitions/withdraw"),
    ("post", "/api/trips/{pk}/transitions/cancel_trip"),
    ("get", "/api/trips/{pk}/approval.pdf"),
    ("post", "/api/trips/{pk}/members/{member}/passport/release"),
    ("put", "/api/trips/{pk}/report"),
    ("get", "/api/cases/{pk}"),
    ("get", "/api/cases/{pk}/timeline"),
    ("get", "/api/cases/{pk}/attachments"),
    ("post", "/api/cases/{pk}/transitions/withdraw"),
]


@pytest.mark.django_db
def test_other_units_clerk_reaches_nothing(approved_trip, people, login):
    trip = approved_trip
    member = trip.members.first().pk
    other = people["other_clerk"]
    c = login(other)
    for url in PAGE_GETS:
        r = c.get(url.format(pk=trip.pk, member=member))
        assert r.status_code == 404, url
    for url in PAGE_POSTS:
        r = c.post(url.format(pk=trip.pk, member=member), {"comment": "x", "version": trip.version})
        assert r.status_code in (403, 404), url  # 403 only where the permission itself is missing
        assert trip.reference not in r.content.decode(), url
    listing = c.get("/cases/")
    assert listing.status_code == 200 and trip.reference not in listing.content.decode()

    api = token_client(other)
    for method, url in API_CALLS:
        body = {"title": "改", "rule_id": "x", "justification": "理由理由理由"}
        r = getattr(api, method)(url.format(pk=trip.pk, member=member), body, content_type="application/json")
        # 403 only where the global permission itself is missing (custody of passports); never data
        expected = (403, 404) if "/passport/" in url else (404,)
        assert r.status_code in expected, (method, url, r.status_code)
        assert trip.reference not in r.content.decode(), url
    r = api.get("/api/trips/")
    assert r.status_code == 200 and trip.pk not in [t["id"] for t in r.json()]
    r = api.get("/api/cases/")
    assert r.status_code == 200 and trip.reference not in r.content.decode()

    # nothing changed, and the owning clerk still sees it
    saved = Trip.objects.get(pk=trip.pk)
    assert saved.state == "approved" and saved.stage == "documents" and saved.version == trip.version
    assert login(people["clerk"]).get(f"/trips/{trip.pk}/").status_code == 200


@pytest.mark.django_db
def test_stale_version_on_the_page_is_a_conflict(make_trip, people, fire, login):
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    stale = trip.version
    # another leader approves first
    second = people["leader"].__class__.objects.get(pk=people["leader"].pk)
    fire(trip, "approve", second)
    c = login(people["leader"])
    r = c.post(f"/trips/{trip.pk}/transitions/approve/", {"version": stale, "comment": ""})
    assert r.status_code == 409
    assert "刚被其他人处理" in r.content.decode()
    assert TimelineEntry.objects.filter(case_id=trip.pk, transition="approve").count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_leaders_approving_at_once_give_one_approval(postgres_only, make_trip, people, fire, make_user):
    from apps.trips import services

    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    trip, _ = office_chain(trip, people, "approve")  # the leader's review, the city leader's approval
    leaders = [people["leader"], make_user("leader2", roles=["office_leader"])]
    barrier = threading.Barrier(2)
    results: list = []

    def approve(user):
        try:
            t = Trip.objects.get(pk=trip.pk)
            barrier.wait(timeout=10)
            services.trip_transition(trip=t, name="approve", by=user, version=t.version)
            results.append("ok")
        except ConflictError as err:
            results.append(("conflict", err.message))
        except Exception as err:
            results.append(("error", repr(err)))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in leaders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r if isinstance(r, str) else r[0] for r in results) == ["conflict", "ok"], results
    saved = Trip.objects.get(pk=trip.pk)
    assert saved.state == "approved" and saved.stage == "documents"
    assert TimelineEntry.objects.filter(case_id=trip.pk, transition="approve").count() == 1
