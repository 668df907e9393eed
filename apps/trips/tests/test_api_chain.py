"""The trip as the API reads it carries the approval chain as it was taken (issue 9, B7/B8/C10): the
unit's signature with its opinion, the division head's review, the leader's review and the higher
approval when the route asks for them, the route and its citation, the pre-trip notice the unit ran
before it applied (content and result), the post-trip notice, and the document numbers — documented in
the OpenAPI schema."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_trip_out_has_the_chain_notices_and_document_number(approved_trip, people, login):
    c = login(people["clerk"])
    r = c.get(f"/api/trips/{approved_trip.pk}")
    assert r.status_code == 200
    t = r.json()
    assert t["unit_signoff"] == "signed" and t["unit_signoff_label"] == "单位已签批"
    assert t["unit_sign"]["opinion"] == "同意报批" and t["unit_sign"]["name"]
    assert t["division_head_review"]["opinion"] == "同意报领导审批"
    assert t["final_approval"]["kind"] == "final" and t["final_approval"]["name"]
    assert t["approval_level"] and t["approval_level_label"]
    assert t["route"]["citation"] and t["route"]["level"] == t["approval_level"]
    # the notice the unit ran before it applied: its content (no ID numbers) and its result
    pre = t["pre_notice"]
    assert pre["place"] == "单位公示栏" and pre["over"] and not pre["running"]
    assert pre["result"].startswith("公示期间无异议") and pre["result_at"]
    assert pre["content"]["members"] and "320302197505011234" not in str(pre["content"])
    assert t["post_notice"]["start"] is None and t["post_notice"]["result"] == ""
    # the 批件, numbered at approval
    number = t["approval_document_number"]
    assert re.fullmatch(r"徐外出〔\d{4}〕[1-9]\d*号", number), number
    (doc,) = [d for d in t["documents"] if d["kind"] == "trips.approval"]
    assert doc["number"] == number and doc["version"] == 1
    assert c.get(doc["url"]).status_code == 200
    # no higher approval on this route
    if not t["route"]["final_approver"] == "external":
        assert t["leader_review"] is None and t["external_approval"] is None


def test_trip_out_records_the_higher_approval(make_trip, persons, people, fire, login):
    from apps.trips.models import Trip

    persons[0].rank = "bureau"  # a bureau-level head of delegation: the city leader decides
    persons[0].save()
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    trip = fire(trip, "approve", people["leader"])
    assert Trip.objects.get(pk=trip.pk).state == "approved"
    t = login(people["clerk"]).get(f"/api/trips/{trip.pk}").json()
    assert t["route"]["final_approver"] == "external"
    assert t["leader_review"]["opinion"] == "拟同意，报市领导审批"
    assert t["external_approval"] == {
        "approver": "李建国（副市长）",
        "number": "徐政外〔2026〕12号",
        "date": t["external_approval"]["date"],
    }
    assert t["final_approval"]["name"] == "李建国（副市长）"
    assert t["final_approval"]["document"] == "徐政外〔2026〕12号"


def test_trip_list_reads_the_chain_without_a_query_per_trip(
    approved_trip, make_trip, people, login, django_assert_max_num_queries
):
    make_trip()
    c = login(people["clerk"])
    c.get("/api/trips/")  # warm the session and the caches
    with django_assert_max_num_queries(40):
        rows = c.get("/api/trips/").json()
    by_id = {row["id"]: row for row in rows}
    assert by_id[approved_trip.pk]["unit_sign"]["opinion"] == "同意报批"
    assert by_id[approved_trip.pk]["approval_document_number"]


def test_the_chain_fields_are_documented_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    trip_out = schema["components"]["schemas"]["TripOut"]["properties"]
    for name in (
        "unit_sign",
        "division_head_review",
        "leader_review",
        "final_approval",
        "external_approval",
        "route",
        "pre_notice",
        "post_notice",
        "documents",
        "approval_document_number",
    ):
        assert name in trip_out, name
        assert trip_out[name].get("description"), name
    notice = schema["components"]["schemas"]["NoticeOut"]["properties"]
    assert "content" in notice and "result" in notice and notice["result"]["description"]
