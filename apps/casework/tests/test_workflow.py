"""The whole flow of a case through the engine, with the test-only SimpleCase type."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.casework import selectors, services
from apps.casework.models import Case, CaseState, Notification, ReferenceCounter, TimelineEntry
from apps.casework.tests.casetype.models import SimpleCase
from apps.core.errors import ConflictError, ServiceError
from apps.reference.calendar import add_working_days, subtract_working_days, working_days_between

pytestmark = pytest.mark.django_db


def test_whole_flow_with_timeline_audit_and_deadline(
    new_case, fire, people, divisions, django_capture_on_commit_callbacks
):
    clerk, staff, leader = people["clerk"], people["staff"], people["leader"]
    case = new_case("FR")
    assert case.state == CaseState.DRAFT and case.reference is None

    with django_capture_on_commit_callbacks(execute=True):
        case = fire(case, "submit", clerk)
    year = timezone.localdate().year
    assert case.state == CaseState.SUBMITTED
    assert case.reference == f"徐外测〔{year}〕0001"
    assert case.division == divisions["europe_africa_oceania"]
    assert case.due_date == add_working_days(timezone.localdate(), 10)
    routing = TimelineEntry.objects.get(case=case, kind="routing")
    assert "欧洲非洲大洋洲处" in routing.text and "欧洲国家事务" in routing.text
    # the division's staff were told, by an in-app notification and an e-mail
    assert Notification.objects.filter(recipient=staff, case=case, verb="submit").exists()
    assert any("staff@example.org" in m.to for m in mail.outbox)

    case = fire(case, "claim", staff)
    assert case.state == CaseState.IN_REVIEW and case.assignee == staff

    with pytest.raises(ServiceError, match="理由"):
        fire(case, "send_back", staff, comment="  ")
    case = fire(case, "send_back", staff, comment="请补充邀请函译文")
    assert case.state == CaseState.RETURNED and case.paused_at is not None
    assert not case.is_overdue  # the clock is paused

    # three working days with the applicant: resubmission moves the deadline by as many working days
    today = timezone.localdate()
    paused_day = subtract_working_days(today, 3)
    paused_at = timezone.make_aware(timezone.datetime.combine(paused_day, timezone.datetime.min.time()))
    Case.objects.filter(pk=case.pk).update(paused_at=paused_at)
    due_before = case.due_date
    spent = working_days_between(paused_day, today)
    assert spent >= 2
    case = fire(case, "resubmit", clerk, comment="已补充")
    assert case.state == CaseState.IN_REVIEW
    assert case.paused_at is None and case.paused_working_days == spent
    assert case.due_date == add_working_days(due_before, spent)

    case = fire(case, "forward_for_approval", staff)
    assert case.state == CaseState.PENDING_APPROVAL
    case = fire(case, "approve", leader, comment="同意")
    assert case.state == CaseState.APPROVED and case.decided_at is not None

    transitions = list(
        TimelineEntry.objects.filter(case=case, kind="state")
        .order_by("at", "id")
        .values_list("transition", flat=True)
    )
    assert transitions == [
        "create",
        "submit",
        "claim",
        "send_back",
        "resubmit",
        "forward_for_approval",
        "approve",
    ]
    back = TimelineEntry.objects.get(case=case, transition="send_back")
    assert back.text == "请补充邀请函译文" and back.actor == staff and back.visible_to_applicant
    assert TimelineEntry.objects.filter(
        case=case, kind="deadline", text__contains=str(case.due_date)
    ).exists()
    actions = set(AuditEvent.objects.filter(target_id=str(case.pk)).values_list("action", flat=True))
    assert {
        "casework.create",
        "casework.submit",
        "casework.claim",
        "casework.send_back",
        "casework.resubmit",
        "casework.forward_for_approval",
        "casework.approve",
    } <= actions
    approve = AuditEvent.objects.get(target_id=str(case.pk), action="casework.approve")
    assert approve.actor == leader and approve.changes["state"] == ["pending_approval", "approved"]
    assert Notification.objects.filter(recipient=clerk, case=case, verb="approve").exists()


def test_hong_kong_goes_to_americas_asia(new_case, fire, people, divisions):
    case = fire(new_case("HK", title="赴香港"), "submit", people["clerk"])
    assert case.division == divisions["americas_asia"]
    assert "港澳" in TimelineEntry.objects.get(case=case, kind="routing").text
    us = fire(new_case("US"), "submit", people["clerk"])
    assert us.division == divisions["americas_asia"]
    kenya = fire(new_case("KE"), "submit", people["clerk"])
    assert kenya.division == divisions["europe_africa_oceania"]


def test_without_rule_default_division_then_unrouted(new_case, fire, people, divisions, case_type):
    from apps.casework.models import RoutingRule

    RoutingRule.objects.update(is_active=False)
    case_type.default_division = divisions["outbound"]
    case_type.save()
    case = fire(new_case("FR"), "submit", people["clerk"])
    assert case.division == divisions["outbound"]

    case_type.default_division = None
    case_type.save()
    case = fire(new_case("FR"), "submit", people["clerk"])
    assert case.division is None
    from apps.casework.selectors import inbox

    assert case.pk in {c.pk for c in inbox(user=people["leader"])}
    # the leader assigns it to a division's staff member: the case joins that division
    case = fire(case, "assign", people["leader"], assignee=people["aa_staff"].pk)
    assert case.division == divisions["americas_asia"] and case.assignee == people["aa_staff"]


def test_rule_by_case_type_wins_by_order(new_case, fire, people, divisions, other_type):
    from apps.casework.models import RoutingRule

    RoutingRule.objects.create(
        order=1, case_type=other_type, division=divisions["outbound"], reason="出访事项归口出国来华管理处"
    )
    a = fire(new_case("FR", case_type=other_type), "submit", people["clerk"])
    b = fire(new_case("FR"), "submit", people["clerk"])
    assert a.division == divisions["outbound"]
    assert b.division == divisions["europe_africa_oceania"]
    # numbers are per case type
    year = timezone.localdate().year
    assert a.reference == f"徐外另〔{year}〕0001" and b.reference == f"徐外测〔{year}〕0001"


def test_reference_numbers_sequential_per_type_and_year(case_type):
    from django.db import transaction

    with transaction.atomic():
        refs = [services.allocate_reference(case_type, 2026) for _ in range(3)]
        other_year = services.allocate_reference(case_type, 2027)
    assert refs == ["徐外测〔2026〕0001", "徐外测〔2026〕0002", "徐外测〔2026〕0003"]
    assert other_year == "徐外测〔2027〕0001"
    # a rolled-back transaction gives its number back: no gap
    try:
        with transaction.atomic():
            assert services.allocate_reference(case_type, 2026) == "徐外测〔2026〕0004"
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    with transaction.atomic():
        assert services.allocate_reference(case_type, 2026) == "徐外测〔2026〕0004"
    assert ReferenceCounter.objects.get(case_type=case_type, year=2026).last == 4


def test_drafts_have_no_number(new_case):
    assert new_case().reference is None


def test_four_eyes_creator_and_participant_cannot_decide(new_case, fire, people, make_user, divisions):
    # a division staff member who is also a traveller in the case
    travelling_staff = people["staff2"]
    leader = people["leader"]
    case = new_case("FR", participants=[travelling_staff, leader])
    case = fire(case, "submit", people["clerk"])
    with pytest.raises(services.FourEyesError, match="回避"):
        fire(case, "claim", travelling_staff)
    case = fire(case, "claim", people["staff"])
    case = fire(case, "forward_for_approval", people["staff"])
    with pytest.raises(services.FourEyesError):
        fire(case, "approve", leader, comment="同意")
    with pytest.raises(services.FourEyesError):
        fire(case, "reject", leader, comment="不同意")
    assert SimpleCase.objects.get(pk=case.pk).state == CaseState.PENDING_APPROVAL
    # available actions never offer it either
    assert "approve" not in selectors.available_transitions(case=case, user=leader)
    assert "approve" in selectors.available_transitions(case=case, user=people["leader2"])


def test_creator_who_is_a_reviewer_cannot_claim_own_case(new_case, fire, make_user, unit, divisions):
    # someone who both applies and reviews (e.g. a clerk later moved to a division) still cannot claim
    both = make_user(
        "both", roles=["unit_clerk", "division_staff"], unit=unit, division=divisions["europe_africa_oceania"]
    )
    case = fire(new_case("FR", by=both), "submit", both)
    with pytest.raises(services.FourEyesError):
        fire(case, "claim", both)
    with pytest.raises(services.FourEyesError):
        fire(
            case,
            "assign",
            make_user("h2", roles=["division_head"], division=divisions["europe_africa_oceania"]),
            assignee=both.pk,
        )


def test_permissions_of_transitions(new_case, fire, people):
    case = new_case("FR")
    with pytest.raises(PermissionDenied):
        fire(case, "submit", people["other_clerk"])  # another unit's clerk
    with pytest.raises(PermissionDenied):
        fire(case, "submit", people["staff"])
    case = fire(case, "submit", people["clerk2"])  # a colleague in the same unit may submit
    with pytest.raises(PermissionDenied):
        fire(case, "claim", people["aa_staff"])  # not this division's queue
    with pytest.raises(ServiceError, match="当前状态"):
        fire(case, "approve", people["leader"])  # not pending approval
    case = fire(case, "claim", people["staff"])
    with pytest.raises(PermissionDenied):
        fire(case, "send_back", people["staff2"], comment="x")  # not the assignee, not the head
    case = fire(case, "send_back", people["head"], comment="缺材料")  # the head may
    assert case.state == CaseState.RETURNED


def test_assign_by_head_only_to_own_division_staff(new_case, fire, people):
    case = fire(new_case("FR"), "submit", people["clerk"])
    with pytest.raises(ServiceError, match="不属于"):
        fire(case, "assign", people["head"], assignee=people["aa_staff"].pk)
    with pytest.raises(ServiceError, match="不是处室审核人员"):
        fire(case, "assign", people["head"], assignee=people["clerk2"].pk)
    with pytest.raises(PermissionDenied):
        fire(case, "assign", people["aa_head"], assignee=people["staff"].pk)
    case = fire(case, "assign", people["head"], assignee=people["staff2"].pk)
    assert case.assignee == people["staff2"] and case.state == CaseState.IN_REVIEW
    assert Notification.objects.filter(recipient=people["staff2"], verb="assign").exists()


def test_withdraw_and_reopen_with_reasons(new_case, fire, people):
    case = fire(new_case("FR"), "submit", people["clerk"])
    with pytest.raises(ServiceError, match="理由"):
        fire(case, "withdraw", people["clerk"])
    case = fire(case, "withdraw", people["clerk"], comment="出访取消")
    assert case.state == CaseState.WITHDRAWN
    with pytest.raises(PermissionDenied):
        fire(case, "reopen", people["staff"], comment="x")  # staff lack casework.reopen
    with pytest.raises(ServiceError, match="理由"):
        fire(case, "reopen", people["head"])
    case = fire(case, "reopen", people["head"], comment="单位申请恢复")
    assert case.state == CaseState.IN_REVIEW
    texts = dict(TimelineEntry.objects.filter(case=case, kind="state").values_list("transition", "text"))
    assert texts["withdraw"] == "出访取消" and texts["reopen"] == "单位申请恢复"


def test_reject_needs_reason_and_close(new_case, fire, people):
    case = fire(new_case("FR"), "submit", people["clerk"])
    case = fire(case, "claim", people["staff"])
    case = fire(case, "forward_for_approval", people["staff"])
    with pytest.raises(ServiceError, match="理由"):
        fire(case, "reject", people["leader"])
    case = fire(case, "reject", people["leader"], comment="不符合年度计划")
    assert case.state == CaseState.REJECTED
    case = fire(case, "close", people["staff"])
    assert case.state == CaseState.CLOSED and case.closed_at


def test_case_type_specific_transition(new_case, fire, people):
    case = fire(new_case("FR"), "submit", people["clerk"])
    case = fire(case, "claim", people["staff"])
    case = fire(case, "forward_for_approval", people["staff"])
    case = fire(case, "approve", people["leader"])
    case = fire(case, "confirm_done", people["clerk"])
    assert case.state == CaseState.CLOSED
    assert TimelineEntry.objects.filter(case=case, transition="confirm_done").exists()
    with pytest.raises(ServiceError, match="未知"):
        fire(case, "delete", people["clerk"])


def test_stale_version_is_a_conflict(new_case, fire, people):
    case = fire(new_case("FR"), "submit", people["clerk"])
    case = fire(case, "claim", people["staff"])
    case = fire(case, "forward_for_approval", people["staff"])
    page_version = case.version  # both leaders opened the page at this version
    first = SimpleCase.objects.get(pk=case.pk)
    second = SimpleCase.objects.get(pk=case.pk)
    services.transition(case=first, name="approve", by=people["leader"], version=page_version)
    # the second leader's page is stale: the posted version no longer matches
    with pytest.raises(ConflictError, match="已批准"):
        services.transition(
            case=SimpleCase.objects.get(pk=case.pk),
            name="reject",
            by=people["leader2"],
            version=page_version,
            comment="不同意",
        )
    # and an object loaded before the change cannot be saved over it either
    with pytest.raises(ConflictError, match="刷新后重试"):
        services.transition(case=second, name="reject", by=people["leader2"], comment="不同意")
    final = SimpleCase.objects.get(pk=case.pk)
    assert final.state == CaseState.APPROVED
    assert TimelineEntry.objects.filter(case=case, transition__in=["approve", "reject"]).count() == 1


def test_state_field_is_protected(new_case):
    case = new_case()
    with pytest.raises(AttributeError):
        case.state = CaseState.APPROVED


def test_cases_are_never_deleted(new_case):
    case = new_case()
    with pytest.raises(PermissionError):
        case.delete()
