"""Drafts are discarded by their author only (issue 9, E19): a soft delete — the case is withdrawn and
archived (gone from the lists and the inbox), audited, never removed from the database."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.trips.models import Trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_user, unit):
    """Another clerk of the same unit (may apply for the unit, did not write this draft)."""
    return make_user("colleague", roles=["unit_clerk"], unit=unit)


def test_only_the_author_is_offered_and_may_discard_a_draft(make_trip, people, colleague, login):
    trip = make_trip()
    c = login(colleague)
    page = c.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-testid="discard-draft"' not in page and "撤回" not in page
    r = c.post(
        reverse("trips:transition", args=[trip.pk, "discard_draft"]), {"version": trip.version, "comment": ""}
    )
    assert r.status_code == 403 and "删除草稿" not in r.content.decode().split("<title>")[0]
    r = c.post(
        reverse("trips:transition", args=[trip.pk, "withdraw"]),
        {"version": trip.version, "comment": "不去了"},
    )
    assert r.status_code in (400, 403)
    trip.refresh_from_db()
    assert trip.state == "draft" and trip.archived_at is None
    assert (
        c.post(f"/api/trips/{trip.pk}/transitions/discard_draft", {}, "application/json").status_code == 403
    )

    author = login(people["clerk"])
    page = author.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-testid="discard-draft"' in page
    r = author.post(
        reverse("trips:transition", args=[trip.pk, "discard_draft"]), {"version": trip.version, "comment": ""}
    )
    assert r.status_code == 302 and r.url == reverse("casework:inbox")
    saved = Trip.objects.get(pk=trip.pk)  # still in the database
    assert saved.state == "withdrawn" and saved.archived_at is not None and saved.archived_reason
    event = AuditEvent.objects.get(action="casework.discard_draft", target_id=str(trip.pk))
    assert event.actor_id == people["clerk"].pk
    # gone from the lists, the inbox and the API list; the page is no longer reachable
    assert trip.title not in author.get(reverse("trips:trip_list")).content.decode()
    assert trip.title not in author.get(reverse("casework:inbox")).content.decode()
    assert trip.pk not in [t["id"] for t in author.get("/api/trips/").json()]
    assert author.get(reverse("trips:detail", args=[trip.pk])).status_code == 404


def test_the_author_discards_through_the_api_and_a_submitted_case_is_not_a_draft(
    make_trip, people, colleague, login, fire
):
    trip = make_trip()
    api = login(people["clerk"])
    r = api.post(f"/api/trips/{trip.pk}/transitions/discard_draft", {}, "application/json")
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    assert Trip.objects.get(pk=trip.pk).archived_at is not None

    submitted = fire(make_trip(), "submit", people["clerk"])
    r = api.post(f"/api/trips/{submitted.pk}/transitions/discard_draft", {}, "application/json")
    assert r.status_code == 400  # not a draft any more: withdrawn with a reason, not discarded
    r = login(colleague).post(
        f"/api/trips/{submitted.pk}/transitions/withdraw", {"comment": "邀请方取消"}, "application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    assert Trip.objects.get(pk=submitted.pk).archived_at is None  # a withdrawn application stays listed
