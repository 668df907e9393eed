"""A new case type declares its transitions without any change to casework.

``tests.casetype_app.VisitInvitation`` (来访邀请, an app installed only by the test settings) declares an
inherited transition with an added check, an internal step and its own closing step with a required
comment, a validated parameter, follow-up work and a recipient group of its own ("hosts", registered in
its AppConfig.ready). The engine drives all of it through ``services.transition``.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.core import checks
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.casework import selectors, services, workflow
from apps.casework.models import Case, CaseState, Notification, ReferenceCounter, TimelineEntry
from apps.core.errors import ServiceError
from tests.casetype_app.models import VisitInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation_type(db):
    from apps.casework.models import CaseType

    return CaseType.objects.create(
        code="visit_invitation", name="来访邀请", reference_prefix="徐外邀", sla_working_days=5
    )


@pytest.fixture
def host(make_user, unit):
    return make_user("host", roles=["traveller"], unit=unit)


@pytest.fixture
def invite(invitation_type, people, unit, divisions, host):
    def make(guest_name="Jean Dupont"):
        return services.case_create(
            model=VisitInvitation,
            case_type=invitation_type,
            by=people["clerk"],
            applicant_unit=unit,
            title="邀请法国友好城市代表团来访",
            guest_name=guest_name,
            host=host,
            division=divisions["europe_africa_oceania"],
        )

    return make


def fire(case, name, by, **kw):
    services.transition(case=VisitInvitation.objects.get(pk=case.pk), name=name, by=by, **kw)
    return VisitInvitation.objects.get(pk=case.pk)


def _told(user, case, verb):
    return Notification.objects.filter(recipient=user, case_id=case.pk, verb=verb).exists()


def test_the_declarations_are_read_from_the_new_type():
    spec = workflow.spec_for(VisitInvitation, "issue_letter")
    assert spec.label == "出具邀请函" and spec.comment_required and not spec.internal
    assert spec.notify == ("applicant", "hosts")
    assert workflow.spec_for(VisitInvitation, "security_check").internal
    # the inherited submission keeps the engine's work and adds the type's check after it
    submit = workflow.spec_for(VisitInvitation, "submit")
    assert submit.follow_up[0] == "apps.casework.services.followups.number_and_route"
    assert len(submit.follow_up) == 2 and submit.notify == ("division",)
    # … while the engine's own declaration is unchanged
    assert len(workflow.spec_for(Case, "submit").follow_up) == 1
    assert {"security_check", "issue_letter", "submit", "approve"} <= set(
        workflow.declared_transitions(VisitInvitation)
    )


def test_manage_py_check_reports_an_unregistered_recipient_group(monkeypatch):
    from apps.casework import recipients
    from apps.casework.apps import check_transition_declarations

    assert check_transition_declarations() == []
    assert not [e for e in checks.run_checks() if e.id.startswith("casework.")]
    monkeypatch.delitem(recipients._groups, "hosts")
    errors = check_transition_declarations()
    assert [e.id for e in errors] == ["casework.E002"]
    assert "casetype_app.VisitInvitation.issue_letter" in errors[0].msg and "'hosts'" in errors[0].msg


def test_casework_is_not_edited_for_the_new_type():
    root = Path(services.__file__).resolve().parents[1]
    sources = [p for p in root.rglob("*.py") if "tests" not in p.relative_to(root).parts]
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for word in ("VisitInvitation", "issue_letter", "security_check", "hosts", "casetype_app"):
            assert word not in text, f"{path} mentions {word}"


def test_a_new_case_type_runs_through_the_engine(invite, people, host, divisions):
    clerk, staff, leader = people["clerk"], people["staff"], people["leader"]

    # the type's check runs inside the submission's transaction: refused → nothing stays (no number)
    case = invite(guest_name=" ")
    with pytest.raises(ServiceError, match="外宾姓名"):
        fire(case, "submit", clerk)
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and case.reference is None
    assert not ReferenceCounter.objects.filter(case_type=case.case_type).exists()

    case = invite()
    case = fire(case, "submit", clerk)
    assert case.state == CaseState.SUBMITTED and case.reference.startswith("徐外邀〔")
    assert _told(staff, case, "submit")  # the engine's "division" group
    case = fire(case, "claim", staff)

    # the internal step: offered to the assignee, not to the applicant; invisible to the applicant side
    assert "security_check" in selectors.available_transitions(case=case, user=staff)
    assert "security_check" not in selectors.available_transitions(case=case, user=clerk)
    case = fire(case, "security_check", staff, comment="背景核查无异常")
    assert case.state == CaseState.IN_REVIEW and case.security_checked
    entry = TimelineEntry.objects.get(case=case, transition="security_check")
    assert not entry.visible_to_applicant and entry.to_state_label == "安全审查已完成"
    assert entry not in selectors.timeline_for(user=clerk, case=case)
    assert _told(leader, case, "security_check") and not _told(clerk, case, "security_check")
    assert "security_check" not in selectors.available_transitions(case=case, user=staff)  # done once

    case = fire(case, "forward_for_approval", staff)
    case = fire(case, "approve", leader)
    assert case.state == CaseState.APPROVED

    # the closing step: its comment rule (with its own message), its validated parameter, its follow-up
    # work and its own recipient group
    with pytest.raises(ServiceError, match="发送方式"):
        fire(case, "issue_letter", staff)
    with pytest.raises(ServiceError, match="不能早于今天"):
        fire(
            case,
            "issue_letter",
            staff,
            comment="邮寄",
            letter_date=timezone.localdate() - dt.timedelta(days=1),
        )
    case = fire(case, "issue_letter", staff, comment="邮寄并传真")
    assert case.state == CaseState.CLOSED and case.letter_number == f"{case.reference}-函"
    assert TimelineEntry.objects.filter(case=case, text__startswith="邀请函编号").exists()
    closing = TimelineEntry.objects.get(case=case, transition="issue_letter")
    assert closing.visible_to_applicant and closing.text == "邮寄并传真"
    assert closing.to_state_label == "已办结"
    assert _told(host, case, "issue_letter") and _told(clerk, case, "issue_letter")
    told = Notification.objects.get(recipient=host, case_id=case.pk, verb="issue_letter")
    assert told.text == f"{case.reference}：出具邀请函（邮寄并传真）"
    assert AuditEvent.objects.filter(action="casework.issue_letter", target_id=str(case.pk)).exists()
    assert case.division == divisions["europe_africa_oceania"]
