"""The whole flow through the services: registration, application for a group, send back, issue,
verification, cancellation and close-out."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.casework.models import CaseState
from apps.core.errors import ServiceError
from apps.invitations import selectors, services
from apps.invitations.models import Foreigner, Invitation, Invitee, Registration, Stage

from .conftest import REG_DATA, fire, invitee

pytestmark = pytest.mark.django_db
S = CaseState


def test_registration_is_reviewed_by_the_handling_division(people, unit, divisions):
    reg = services.registration_submit(by=people["clerk"], unit=unit, data=REG_DATA)
    assert reg.status == Registration.Status.PENDING and reg.division == divisions["outbound"]
    with pytest.raises(ServiceError, match="理由"):
        services.registration_review(registration=reg, by=people["staff"], decision="return")
    services.registration_review(
        registration=reg, by=people["staff"], decision="return", comment="请补充英文名称"
    )
    assert reg.status == Registration.Status.RETURNED
    services.registration_update(registration=reg, by=people["clerk"], data={**REG_DATA, "name_en": "XMEB"})
    reg.refresh_from_db()
    assert reg.status == Registration.Status.PENDING and reg.name_en == "XMEB"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # another division does not review it
        services.registration_review(registration=reg, by=people["other_staff"], decision="approve")
    services.registration_review(registration=reg, by=people["staff"], decision="approve")
    assert reg.status == Registration.Status.APPROVED
    assert AuditEvent.objects.filter(action="invitations.registration_review").count() == 3 - 1


def test_an_unregistered_unit_cannot_submit(people, unit, countries, setup):
    from .conftest import main_data

    inv = services.invitation_create(
        by=people["clerk"], unit=unit, data=main_data(), invitees=[invitee(countries, 1)]
    )
    with pytest.raises(ServiceError, match="备案"):
        fire(inv, "submit", people["clerk"])
    assert Invitation.objects.get(pk=inv.pk).state == S.DRAFT


def test_whole_flow_for_a_group_of_three(make_invitation, people, divisions):
    clerk, staff = people["clerk"], people["staff"]
    inv = make_invitation(n=3)
    assert inv.invitees.count() == 3 and Foreigner.objects.count() == 3
    inv = fire(inv, "submit", clerk)
    assert inv.state == S.SUBMITTED and inv.division == divisions["outbound"] and inv.reference
    # 5 working days on the holiday calendar
    from apps.reference.calendar import add_working_days

    assert inv.due_date == add_working_days(timezone.localdate(), 5)
    inv = fire(inv, "claim", staff)
    inv = fire(inv, "send_back", staff, comment="请补充日程")
    assert inv.state == S.RETURNED
    services.invitation_update(
        invitation=inv,
        by=clerk,
        data={"itinerary": "逐日日程"},
        invitees=[{k: getattr(i, k) for k in services.INVITEE_FIELDS} for i in inv.invitees.all()],
    )
    inv = fire(inv, "resubmit", clerk)
    assert inv.state == S.IN_REVIEW
    # the applicant cannot issue; four-eyes
    assert "issue" not in __import__("apps.casework.selectors", fromlist=["x"]).available_transitions(
        case=inv, user=clerk
    )
    inv = fire(inv, "issue", staff)
    assert inv.state == S.APPROVED and inv.stage == Stage.ISSUED
    year = timezone.localdate().year
    assert inv.letter_number == f"徐外邀〔{year}〕1号"
    assert inv.verification_code and len(inv.verification_code) == 12
    assert inv.close_out_due == inv.exit_date + dt.timedelta(days=30)
    result = selectors.verification(inv.verification_code)
    assert result["status"] == "valid" and len(result["invitees"]) == 3
    assert result["invitees"][0]["name"].startswith("T*")
    assert "C01X45678" not in str(result)

    # close-out: one came, two did not
    ids = [i.pk for i in inv.invitees.all()]
    past = timezone.localdate() - dt.timedelta(days=3)
    outcomes = {ids[0]: {"came": True, "actual_entry": past, "actual_exit": past + dt.timedelta(days=2)}}
    with pytest.raises(ServiceError, match="入境和离境"):
        services.close_out(invitation=inv, by=clerk, outcomes={ids[0]: {"came": True}})
    services.close_out(invitation=inv, by=clerk, outcomes=outcomes)
    inv = Invitation.objects.get(pk=inv.pk)
    assert inv.state == S.CLOSED and inv.stage == Stage.CLOSED_OUT
    assert [i.outcome for i in inv.invitees.all()] == ["came", "not_came", "not_came"]
    assert selectors.verification(inv.verification_code)["status"] == "used"
    assert AuditEvent.objects.filter(action="casework.issue", target_id=str(inv.pk)).exists()
    assert AuditEvent.objects.filter(action="invitations.close_out", target_id=str(inv.pk)).exists()


def test_cancelled_and_forged_numbers_are_invalid(make_invitation, people):
    inv = make_invitation(n=1)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        inv = fire(inv, name, people[by])
    with pytest.raises(ServiceError, match="注销原因"):
        fire(inv, "cancel_letter", people["clerk"])
    inv = fire(inv, "cancel_letter", people["clerk"], comment="来访取消")
    assert inv.stage == Stage.CANCELLED and inv.close_out_due
    assert selectors.verification(inv.verification_code)["status"] == "cancelled"
    assert selectors.verification("ABCDEFGHJKLM") is None
    assert selectors.verification("") is None
    assert selectors.verification("x" * 500) is None
    # a cancelled letter is closed out with nobody having come
    services.close_out(invitation=inv, by=people["clerk"], outcomes={})
    inv = Invitation.objects.get(pk=inv.pk)
    assert inv.state == S.CLOSED and inv.stage == Stage.CANCELLED
    assert selectors.verification(inv.verification_code)["status"] == "cancelled"


def test_a_draft_has_no_public_verification(make_invitation):
    inv = make_invitation(n=1)
    Invitation.objects.filter(pk=inv.pk).update(verification_code="DRAFTCODE234")
    assert selectors.verification("DRAFTCODE234") is None


def test_province_signing_needs_the_provinces_reference(make_invitation, people):
    inv = make_invitation(n=1, province_signs=True)
    inv = fire(inv, "submit", people["clerk"])
    inv = fire(inv, "claim", people["staff"])
    with pytest.raises(ServiceError, match="省外办"):
        fire(inv, "issue", people["staff"])
    inv = fire(inv, "issue", people["staff"], province_reference="苏外邀〔2026〕88号")
    assert inv.province_reference == "苏外邀〔2026〕88号"


def test_overdue_close_outs_suspend_new_applications(make_invitation, people):
    inv = make_invitation(n=1)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        inv = fire(inv, name, people[by])
    Invitation.objects.filter(pk=inv.pk).update(close_out_due=timezone.localdate() - dt.timedelta(days=1))
    second = make_invitation(n=1, invitees=[invitee_row(2)])
    with pytest.raises(ServiceError, match="逾期未销档"):
        fire(second, "submit", people["clerk"])


def invitee_row(n):
    from apps.reference.models import Country

    return invitee({"DE": Country.objects.get(iso2="DE")}, n)


def test_a_returning_guest_is_recognised(make_invitation, people):
    first = make_invitation(n=1)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        first = fire(first, name, people[by])
    again = make_invitation(n=1, entry_date=timezone.localdate() + dt.timedelta(days=200))
    assert Foreigner.objects.count() == 1
    assert Invitee.objects.filter(foreigner__isnull=False).values("foreigner").distinct().count() == 1
    rules = [f["rule"] for f in again.last_check]
    assert "first_time" not in rules
    assert first.invitees.get().first_time and not again.invitees.get().first_time


def test_invitees_are_validated(make_invitation, countries):
    with pytest.raises(ServiceError, match="港澳台"):
        make_invitation(invitees=[invitee(countries, 1, iso="HK")])
    with pytest.raises(ServiceError, match="护照号码"):
        make_invitation(invitees=[invitee(countries, 1, passport="A1")])
    with pytest.raises(ServiceError, match="重复"):
        make_invitation(invitees=[invitee(countries, 1), invitee(countries, 1)])


def test_close_out_reminders_before_and_after_the_deadline(make_invitation, people):
    from apps.casework.models import Notification
    from apps.invitations.tasks import send_close_out_reminders

    inv = make_invitation(n=1)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        inv = fire(inv, name, people[by])
    due = inv.close_out_due
    assert send_close_out_reminders(due - dt.timedelta(days=8)) == 0
    assert send_close_out_reminders(due - dt.timedelta(days=7)) == 1
    assert send_close_out_reminders(due - dt.timedelta(days=6)) == 0  # "before" only once
    assert send_close_out_reminders(due) == 0
    assert send_close_out_reminders(due + dt.timedelta(days=1)) == 1
    assert send_close_out_reminders(due + dt.timedelta(days=1)) == 0  # twice a day: nothing new
    assert send_close_out_reminders(due + dt.timedelta(days=2)) == 1
    texts = list(
        Notification.objects.filter(recipient=people["clerk"], verb="reminder_close_out").values_list(
            "text", flat=True
        )
    )
    assert len(texts) == 3 and any("逾期 2 天" in t for t in texts)
    # closed out: no more reminders
    services.close_out(invitation=Invitation.objects.get(pk=inv.pk), by=people["clerk"], outcomes={})
    assert send_close_out_reminders(due + dt.timedelta(days=3)) == 0


SPECIMEN = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def test_the_machine_readable_zone_is_checked_when_entered(make_invitation, countries):
    row = {
        **invitee(countries, 1, passport="L898902C3", expiry=dt.date(2012, 4, 15)),
        "sex": "F",
        "date_of_birth": dt.date(1974, 8, 12),
    }
    make_invitation(invitees=[{**row, "mrz": "\n".join(SPECIMEN)}])  # ICAO 9303's specimen
    make_invitation(invitees=[{**row, "mrz": "".join(SPECIMEN)}])  # pasted as one line
    bad = SPECIMEN[1][:9] + "7" + SPECIMEN[1][10:]  # a wrong check digit of the number
    with pytest.raises(ServiceError, match="校验位"):
        make_invitation(invitees=[{**row, "mrz": f"{SPECIMEN[0]}\n{bad}"}])
    with pytest.raises(ServiceError, match="号码不一致"):
        make_invitation(invitees=[{**row, "passport_number": "L898902C4", "mrz": "\n".join(SPECIMEN)}])
    with pytest.raises(ServiceError, match="出生日期"):
        make_invitation(invitees=[{**row, "date_of_birth": dt.date(1974, 8, 13), "mrz": "\n".join(SPECIMEN)}])
