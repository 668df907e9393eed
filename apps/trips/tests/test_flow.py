"""The trip through approval (check, overrides) and through every stage after it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.trips import services
from apps.trips.models import FindingOverride, Stage, Trip

from .conftest import PNG

pytestmark = pytest.mark.django_db


def test_draft_has_members_legs_and_routes_to_outbound(make_trip, people, fire, divisions):
    trip = make_trip()
    assert trip.state == "draft" and trip.stage == Stage.APPLICATION
    assert [m.role for m in trip.members.all()] == ["head", "member"]
    assert trip.members.first().passport is not None  # valid official passport chosen automatically
    assert trip.members.first().passport_name == "ZHANG WEI"
    assert trip.head_of_delegation.full_name == "张伟"
    assert trip.approval_level == "city_leader"
    trip = fire(trip, "submit", people["clerk"])
    assert trip.state == "submitted"
    assert trip.reference.startswith("徐外出〔")
    assert trip.division == divisions["outbound"]  # whatever the country (Japan → not 美洲亚洲处)
    assert trip.rule_pack_version is not None
    assert all(f["passed"] or f["severity"] != "blocking" for f in trip.last_check["findings"])


def test_blocking_finding_stops_submission_until_a_leader_overrides_it(make_trip, people, fire):
    trip = make_trip(days=6)  # one country: at most 5 days
    with pytest.raises(ServiceError) as err:
        fire(trip, "submit", people["clerk"])
    assert "在外 6 天" in err.value.message
    assert Trip.objects.get(pk=trip.pk).state == "draft"

    with pytest.raises(ServiceError):  # a justification is required
        services.finding_override(
            trip=trip, by=people["leader"], rule_id="days_abroad", subject="", justification="同意"
        )
    ov = services.finding_override(
        trip=trip,
        by=people["leader"],
        rule_id="days_abroad",
        subject="",
        justification="工作需要，已书面报批延长一天",
    )
    assert ov.severity == "blocking" and ov.pack_version == trip.rule_pack_version
    event = AuditEvent.objects.filter(action="trips.finding_override").get()
    assert event.actor_id == people["leader"].pk
    assert event.extra["justification"] == "工作需要，已书面报批延长一天"

    trip = fire(trip, "submit", people["clerk"])
    assert trip.state == "submitted"


def test_division_staff_cannot_override_a_blocking_finding(make_trip, people, fire):
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    # the dates change under the reviewer's eyes: now six days in one country
    Trip.objects.filter(pk=trip.pk).update(return_date=trip.return_date + dt.timedelta(days=1))
    trip.legs.update(departure=trip.return_date + dt.timedelta(days=1))
    trip = Trip.objects.get(pk=trip.pk)
    with pytest.raises(PermissionDenied) as denied:
        services.finding_override(
            trip=trip,
            by=people["staff"],
            rule_id="days_abroad",
            subject="",
            justification="工作需要，已书面报批延长一天",
        )
    assert "领导" in str(denied.value)
    assert not FindingOverride.objects.filter(trip=trip).exists()
    trip = fire(trip, "forward_for_approval", people["staff"])
    with pytest.raises(ServiceError):  # the leader must decide on the blocking finding before approving
        fire(trip, "approve", people["leader"])
    services.finding_override(
        trip=trip,
        by=people["leader"],
        rule_id="days_abroad",
        subject="",
        justification="工作需要，已书面报批延长一天",
    )
    assert fire(trip, "approve", people["leader"]).state == "approved"


def test_reviewer_may_override_a_warning(make_trip, people, fire):
    trip = make_trip(invitation=False)  # invitation_attached is a warning
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    services.finding_override(
        trip=trip,
        by=people["staff"],
        rule_id="invitation_attached",
        subject="",
        justification="邀请函原件已当面核验，稍后补传",
    )
    assert FindingOverride.objects.filter(trip=trip, severity="warning", by=people["staff"]).exists()
    with pytest.raises(PermissionDenied):  # the clerk may not override anything
        services.finding_override(
            trip=trip,
            by=people["clerk"],
            rule_id="invitation_attached",
            subject="",
            justification="很急，请尽快办理此事项",
        )


def _names(trip, user):
    from apps.casework.selectors import available_transitions

    return available_transitions(case=trip, user=user)


def test_full_lifecycle_after_approval(approved_trip, people, fire):
    from apps.casework.services import attachment_add
    from apps.passports.models import Passport

    trip = approved_trip
    # the unit ran its notice before it applied: approval goes straight to passports and visas
    assert trip.state == "approved" and trip.stage == Stage.DOCUMENTS
    assert trip.unit_notice_done
    assert trip.decided_at is not None
    clerk, staff = people["clerk"], people["staff"]
    assert "start_notice" not in {t["name"] if isinstance(t, dict) else t for t in _names(trip, clerk)}

    with pytest.raises(ServiceError):  # passports not released yet
        fire(trip, "depart", clerk)
    for m in trip.members.all():
        services.passport_release(trip=trip, member=m, by=staff)
    assert Passport.objects.filter(status="out").count() == 2
    trip = fire(trip, "depart", clerk, actual_departure_date=timezone.localdate())
    assert trip.stage == Stage.DEPARTED
    trip = fire(trip, "record_return", clerk, actual_return_date=timezone.localdate())
    assert trip.passports_due == timezone.localdate() + dt.timedelta(days=7)
    assert trip.report_due is not None
    with pytest.raises(ServiceError):
        fire(trip, "confirm_passports_back", staff)
    for m in trip.members.all():
        services.passport_return(trip=trip, member=m, by=staff)
    trip = fire(trip, "confirm_passports_back", staff)
    assert trip.stage == Stage.PASSPORTS_BACK

    services.report_save(
        trip=trip, by=clerk, data={"report_schedule": "按计划完成", "report_results": "签署合作备忘录"}
    )
    trip = Trip.objects.get(pk=trip.pk)
    with pytest.raises(ServiceError) as err:  # at least three photos
        fire(trip, "file_report", clerk)
    assert "照片" in err.value.message
    for i in range(3):
        attachment_add(
            case=trip, by=clerk, kind="other", upload=SimpleUploadedFile(f"p{i}.png", PNG, "image/png")
        )
    trip = fire(trip, "file_report", clerk)
    assert trip.stage == Stage.REPORT_FILED and trip.report_filed_at
    trip = fire(trip, "publish_post_notice", clerk)  # the unit publishes it
    assert trip.stage == Stage.POST_NOTICE and trip.post_notice_content["report_results"]
    # the notice stays up for its period: closing waits for it, and says why
    assert "期满" in trip.close_blocked_reason()
    with pytest.raises(ServiceError):
        fire(trip, "close", staff)
    with pytest.raises(ServiceError):  # no result before the period is over
        services.post_notice_result_record(trip=trip, by=clerk, outcome="none")
    Trip.objects.filter(pk=trip.pk).update(post_notice_end=timezone.localdate() - dt.timedelta(days=1))
    trip = Trip.objects.get(pk=trip.pk)
    assert "结果" in trip.close_blocked_reason()
    services.post_notice_result_record(trip=trip, by=clerk, outcome="none")
    trip = Trip.objects.get(pk=trip.pk)
    assert trip.close_blocked_reason() == ""
    trip = fire(trip, "close", staff)
    assert trip.state == "closed" and trip.stage == Stage.CLOSED
    actions = set(AuditEvent.objects.filter(target_id=str(trip.pk)).values_list("action", flat=True))
    assert {"casework.depart", "trips.passport_release", "casework.close"} <= actions


def test_cannot_close_an_approved_trip_before_it_is_done(approved_trip, people, fire):
    with pytest.raises(ServiceError):
        fire(approved_trip, "close", people["staff"])


def test_cancel_after_approval_needs_a_reason(approved_trip, people, fire):
    with pytest.raises(ServiceError):
        fire(approved_trip, "cancel_trip", people["clerk"])
    trip = fire(approved_trip, "cancel_trip", people["clerk"], comment="邀请方临时取消活动")
    assert trip.stage == Stage.CANCELLED and trip.cancel_reason == "邀请方临时取消活动"
    trip = fire(trip, "close", people["staff"])
    assert trip.state == "closed" and trip.stage == Stage.CANCELLED


def test_change_request_reopens_for_editing_and_needs_approval_again(
    approved_trip, people, fire, persons, jp
):
    from apps.trips.schemas import TripInput, trip_output

    trip = fire(approved_trip, "request_change", people["clerk"], comment="增加一天日程")
    assert trip.state == "returned" and trip.stage == Stage.APPLICATION and trip.change_count == 1
    services.trip_update(
        trip=trip,
        by=people["clerk"],
        input=TripInput(**{**trip_output(trip), "schedule": []}),
        version=trip.version,
    )
    trip = fire(trip, "resubmit", people["clerk"])
    assert trip.state == "in_review"
    trip = fire(trip, "forward_for_approval", people["staff"])
    trip = fire(trip, "approve", people["leader"])
    assert trip.state == "approved" and trip.stage == Stage.DOCUMENTS


def test_higher_level_needs_external_approval(make_trip, people, fire, persons):
    persons[0].rank = "bureau"
    persons[0].save()
    trip = make_trip()
    assert trip.approval_level == "province"
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    with pytest.raises(ServiceError):  # not on the office leader's approval alone
        fire(trip, "approve", people["leader"], chain=False)
    with pytest.raises(ServiceError) as err:  # the office leader reviews first
        services.external_approval_record(
            trip=trip,
            by=people["staff"],
            number="苏外出〔2026〕12号",
            date=timezone.localdate(),
            approver="省外办",
        )
    assert "外办领导审核" in err.value.message
    trip = fire(trip, "leader_review", people["leader"], comment="拟同意，报省审批")
    with pytest.raises(ServiceError) as err:
        services.external_approval_record(
            trip=trip, by=people["staff"], number="苏外出〔2026〕12号", date=timezone.localdate()
        )
    assert "审批人" in err.value.message
    services.external_approval_record(
        trip=trip,
        by=people["staff"],
        number="苏外出〔2026〕12号",
        date=timezone.localdate(),
        approver="省外办",
    )
    trip = fire(trip, "approve", people["leader"], chain=False)
    assert trip.final_approver_name == "省外办"
    assert trip.state == "approved"
