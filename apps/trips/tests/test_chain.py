"""The approval chain as the office works it (issue 9 B7/B8, A3/A5): the unit's notice and its
signatory's signature before it applies, the division head before the leaders, the final approver the
route names (the office leader, or the city leader on record), each step named; what each user is
offered in each state."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.casework.selectors import available_transitions
from apps.core.errors import ServiceError
from apps.trips import selectors, services
from apps.trips.models import ApprovalRoute, Trip

from .conftest import unit_ready

pytestmark = pytest.mark.django_db


def _publish(trip, people, days_ago=20):
    return services.unit_notice_publish(
        trip=Trip.objects.get(pk=trip.pk),
        by=people["clerk"],
        place="单位公示栏",
        start=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def test_the_unit_notice_runs_its_working_days_before_its_result(make_trip, people):
    from apps.reference.calendar import add_working_days, is_working_day

    trip = make_trip()
    with pytest.raises(ServiceError):  # a place is required
        services.unit_notice_publish(trip=trip, by=people["clerk"], place=" ")
    with pytest.raises(ServiceError):  # not in the future
        services.unit_notice_publish(
            trip=trip, by=people["clerk"], place="公示栏", start=timezone.localdate() + dt.timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):  # the unit publishes it
        services.unit_notice_publish(trip=trip, by=people["staff"], place="公示栏")
    trip = services.unit_notice_publish(trip=trip, by=people["clerk"], place="单位内网")
    today = timezone.localdate()
    assert trip.unit_notice_end == add_working_days(today, 4 if is_working_day(today) else 5)
    # the content is kept as published, without confidential details
    content = trip.unit_notice_content
    assert [m["name"] for m in content["members"]] == ["张伟", "欧阳娜"] and content["members"][0][
        "title"
    ] == "处长"
    assert "320302197505011234" not in str(content) and "SE1234567" not in str(content)
    # on its last day the result cannot be recorded yet; the day after it can
    with pytest.raises(ServiceError) as err:
        services.unit_notice_result_record(trip=trip, by=people["clerk"], outcome="none")
    assert "期满" in err.value.message
    Trip.objects.filter(pk=trip.pk).update(unit_notice_end=today)
    with pytest.raises(ServiceError):
        services.unit_notice_result_record(
            trip=Trip.objects.get(pk=trip.pk), by=people["clerk"], outcome="none"
        )
    Trip.objects.filter(pk=trip.pk).update(unit_notice_end=today - dt.timedelta(days=1))
    trip = Trip.objects.get(pk=trip.pk)
    with pytest.raises(ServiceError):  # objections need their handling written down
        services.unit_notice_result_record(trip=trip, by=people["clerk"], outcome="resolved")
    trip = services.unit_notice_result_record(
        trip=trip, by=people["clerk"], outcome="resolved", details="一人询问经费来源，已解释。"
    )
    assert trip.unit_notice_done and "已解释" in trip.unit_notice_result
    from apps.casework.models import Notification

    assert Notification.objects.filter(recipient=people["signatory"], case_id=trip.pk).exists()


def test_the_office_does_not_take_an_application_without_notice_and_signature(make_trip, people, fire):
    trip = make_trip()
    with pytest.raises(ServiceError) as err:
        fire(trip, "submit", people["clerk"], chain=False)
    assert "公示" in err.value.message
    _publish(trip, people)
    services.unit_notice_result_record(trip=Trip.objects.get(pk=trip.pk), by=people["clerk"], outcome="none")
    trip = Trip.objects.get(pk=trip.pk)
    with pytest.raises(ServiceError) as err:
        fire(trip, "submit", people["clerk"], chain=False)
    assert "签批" in err.value.message
    # only the unit's signatory signs, with an opinion
    assert "sign_unit" not in available_transitions(case=trip, user=people["clerk"])
    assert "sign_unit" in available_transitions(case=trip, user=people["signatory"])
    with pytest.raises(ServiceError):
        fire(trip, "sign_unit", people["signatory"], comment="")
    trip = fire(trip, "sign_unit", people["signatory"], comment="同意报批")
    assert trip.unit_signoff == "signed"
    step = selectors.approval_steps(trip)[0]
    assert step.kind == "unit_sign" and step.by == people["signatory"] and step.opinion == "同意报批"
    trip = fire(trip, "submit", people["clerk"], chain=False)
    assert trip.state == "submitted"


def test_a_signatory_who_travels_does_not_sign(make_trip, people, persons, fire):
    persons[0].user = people["signatory"]
    persons[0].save()
    trip = make_trip()
    _publish(trip, people)
    services.unit_notice_result_record(trip=Trip.objects.get(pk=trip.pk), by=people["clerk"], outcome="none")
    trip = Trip.objects.get(pk=trip.pk)
    assert "sign_unit" not in available_transitions(case=trip, user=people["signatory"])


def test_an_edit_after_signing_is_signed_again(make_trip, people):
    from apps.trips.schemas import TripInput, trip_output

    trip = unit_ready(make_trip(), people)
    assert trip.unit_signoff == "signed"
    services.trip_update(
        trip=trip,
        by=people["clerk"],
        input=TripInput(**{**trip_output(trip), "title": "赴日本东京开展教育交流（修改）"}),
    )
    trip = Trip.objects.get(pk=trip.pk)
    assert trip.unit_signoff == "unsigned"
    assert not trip.steps.filter(is_active=True, kind="unit_sign").exists()
    assert trip.steps.filter(is_active=False, kind="unit_sign").exists()  # history kept


def test_division_head_reviews_before_the_leaders(make_trip, people, fire):
    trip = fire(make_trip(), "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    staff_can = available_transitions(case=trip, user=people["staff"])
    assert (
        "forward_for_approval" not in staff_can and "propose" in staff_can and "head_review" not in staff_can
    )
    trip = fire(trip, "propose", people["staff"], comment="符合规定，拟同意")
    assert trip.state == "in_review" and "propose" not in available_transitions(
        case=trip, user=people["staff"]
    )
    assert "head_review" in available_transitions(case=trip, user=people["head"])
    trip = fire(trip, "head_review", people["head"], comment="同意报领导审批")
    assert trip.state == "pending_approval"
    # a send-back voids the office's steps: reviewed again after the correction
    trip = fire(trip, "reject", people["leader"], comment="不予批准", chain=False)
    assert [s.kind for s in selectors.approval_steps(trip)] == ["unit_sign", "staff", "division_head"]


def test_a_city_leader_trip_is_not_issued_on_the_directors_approval_alone(make_trip, people, fire):
    trip = fire(make_trip(), "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])  # the head's review (conftest.fire)
    assert trip.approval_level == "city_leader"
    leader_can = available_transitions(case=trip, user=people["leader"])
    assert "approve" not in leader_can and "leader_review" in leader_can
    with pytest.raises(ServiceError):
        fire(trip, "approve", people["leader"], chain=False)
    trip = fire(trip, "leader_review", people["leader"], comment="拟同意，报市分管领导审批")
    assert trip.state == "pending_approval"
    assert "approve" not in available_transitions(case=trip, user=people["leader"])
    with pytest.raises(ServiceError):  # the date of a decision already taken, not a future one
        services.external_approval_record(
            trip=trip,
            by=people["staff"],
            approver="李建国（副市长）",
            number="徐政外〔2026〕12号",
            date=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(PermissionDenied):  # the office records it
        services.external_approval_record(
            trip=trip, by=people["clerk"], approver="李建国", number="1", date=timezone.localdate()
        )
    services.external_approval_record(
        trip=trip,
        by=people["staff"],
        approver="李建国（副市长）",
        number="徐政外〔2026〕12号",
        date=timezone.localdate(),
    )
    trip = Trip.objects.get(pk=trip.pk)
    assert "approve" in available_transitions(case=trip, user=people["leader"])
    trip = fire(trip, "approve", people["leader"], comment="签发", chain=False)
    assert trip.state == "approved" and trip.final_approver_name == "李建国（副市长）"
    steps = selectors.approval_steps(trip)
    assert [(s.kind, s.name) for s in steps] == [
        ("unit_sign", str(people["signatory"])),
        ("division_head", str(people["head"])),
        ("office_leader", str(people["leader"])),
        ("final", "李建国（副市长）"),
    ]
    assert steps[-1].capacity == "市分管领导" and steps[-1].document == "徐政外〔2026〕12号"


def test_a_route_the_office_approves_names_the_office_leader(make_trip, people, fire):
    ApprovalRoute.objects.filter(level="city_leader").update(
        final_approver="office_leader", division_head_review=False
    )
    trip = fire(make_trip(), "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    assert "forward_for_approval" in available_transitions(case=trip, user=people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"], chain=False)
    assert "leader_review" not in available_transitions(case=trip, user=people["leader"])
    trip = fire(trip, "approve", people["leader"], chain=False)
    assert trip.final_approver_name == str(people["leader"])


def test_the_trip_page_shows_the_chain_and_offers_the_unit_its_steps(make_trip, people, login):
    trip = make_trip()
    page = login(people["clerk"]).get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-testid="unit-notice-form"' in page and 'data-testid="unit-missing"' in page
    assert 'data-action="submit"' not in page  # not offered before the notice and the signature
    assert "待办理" in page and "市分管领导" in page
    # the notice page for the unit's staff, printable; another unit's clerk does not see it
    _publish(trip, people, days_ago=0)
    r = login(people["signatory"]).get(reverse("trips:notice_page", args=[trip.pk, "pre"]))
    body = r.content.decode()
    assert r.status_code == 200 and "张伟" in body and "320302197505011234" not in body
    assert (
        login(people["other_clerk"]).get(reverse("trips:notice_page", args=[trip.pk, "pre"])).status_code
        == 404
    )
    listed = login(people["clerk"]).get(reverse("trips:unit_notices")).content.decode()
    assert trip.title in listed
    Trip.objects.filter(pk=trip.pk).update(unit_notice_end=timezone.localdate() - dt.timedelta(days=1))
    # the result through the page; a refusal keeps what was typed
    c = login(people["clerk"])
    r = c.post(
        reverse("trips:unit_notice_result", args=[trip.pk]),
        {"outcome": "resolved", "details": "", "version": Trip.objects.get(pk=trip.pk).version},
    )
    assert r.status_code == 400 and "异议及处理情况" in r.content.decode()
    r = c.post(
        reverse("trips:unit_notice_result", args=[trip.pk]),
        {"outcome": "none", "details": "", "version": Trip.objects.get(pk=trip.pk).version},
    )
    assert r.status_code == 302
    page = login(people["signatory"]).get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-action="sign_unit"' in page


def test_a_finished_case_offers_no_exception_and_the_auditor_only_reads(
    approved_trip, make_user, login, people
):
    auditor = make_user("shenji", roles=["auditor"])
    page = login(auditor).get(reverse("trips:detail", args=[approved_trip.pk])).content.decode()
    assert 'data-testid="visa-form"' not in page and 'name="text"' not in page
    from apps.casework.services import comment_add

    with pytest.raises(PermissionDenied):
        comment_add(case=approved_trip, by=auditor, text="审计意见")
    page = login(people["staff"]).get(reverse("trips:detail", args=[approved_trip.pk])).content.decode()
    assert 'data-testid="visa-form"' in page
    # closed: no exception-decision forms
    Trip.objects.filter(pk=approved_trip.pk).update(state="closed")
    Trip.objects.filter(pk=approved_trip.pk).update(
        last_check={
            "pack_version": 1,
            "findings": [
                {"rule_id": "delegation_size", "severity": "warning", "passed": False, "message_zh": "x"}
            ],
        },
        checked_at=timezone.now(),
    )
    page = login(people["leader"]).get(reverse("trips:detail", args=[approved_trip.pk])).content.decode()
    assert f"trips/{approved_trip.pk}/overrides/" not in page


def test_the_members_table_and_the_check_say_the_same(make_trip, people, persons, login):
    from apps.passports.models import Kind, Passport

    Passport.objects.filter(holder=persons[1]).delete()
    trip = make_trip()
    member = trip.members.get(person=persons[1])
    assert member.passport is None
    page = login(people["clerk"]).get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "无可用证照" in page
    # the passport is registered after the application was saved: the table shows it, as the check does
    Passport.objects.create(
        holder=persons[1],
        kind=Kind.OFFICIAL,
        number="SE7654322",
        issue_date=dt.date(2022, 1, 1),
        expiry_date=dt.date(2031, 1, 1),
        issuing_authority="江苏省外办",
    )
    page = login(people["clerk"]).get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "无可用证照" not in page


def test_the_routes_are_data_an_administrator_edits(login, make_user, setup):
    from apps.audit.models import AuditEvent

    admin = make_user("sysadmin_r", roles=["sysadmin"])
    c = login(admin)
    page = c.get(reverse("trips:tier_list")).content.decode()
    assert "市分管领导" in page and "甬政发〔2001〕17号" in page
    route = ApprovalRoute.objects.get(level="city_leader")
    url = reverse("trips:route_edit", args=[route.pk])
    assert c.get(url).status_code == 200
    bad = {
        "final_approver": "external",
        "external_approver_label": "",
        "citation": "本市规定",
        "unit_signature": "on",
    }
    r = c.post(url, bad)
    assert r.status_code == 400 and "外部审批人" in r.content.decode() and "本市规定" in r.content.decode()
    good = {**bad, "external_approver_label": "分管副市长", "division_head_review": "on"}
    assert c.post(url, good).status_code == 302
    route.refresh_from_db()
    assert (
        route.external_approver_label == "分管副市长" and route.unit_signature and route.division_head_review
    )
    assert AuditEvent.objects.filter(action="trips.approval_route", target_id=str(route.pk)).exists()
    clerk = make_user("clerk_r", roles=["unit_clerk"])
    with pytest.raises(PermissionDenied):
        services.approval_route_save(route=route, by=clerk, data=good)


def test_a_macao_trip_with_a_hong_kong_only_endorsement_fails_the_check(persons, unit):
    """The endorsement's region is read from custody (passports.Endorsement.region) for each member."""
    from apps.passports.models import Endorsement, Kind, Passport
    from apps.reference.models import Country
    from apps.trips import checks

    macao = Country.objects.get(iso2="MO")
    dep = timezone.localdate() + dt.timedelta(days=30)
    ret = dep + dt.timedelta(days=3)
    permit = Passport.objects.create(
        holder=persons[0],
        kind=Kind.HK_MACAO_PERMIT,
        number="C12345678",
        issue_date=dt.date(2022, 1, 1),
        expiry_date=dt.date(2032, 1, 1),
        issuing_authority="江苏省外办",
    )
    endorsement = Endorsement.objects.create(
        passport=permit,
        kind="visit",
        region="hk",
        entries="multiple",
        valid_until=ret + dt.timedelta(days=60),
    )
    draft = checks.TripDraft(
        unit=unit,
        departure=dep,
        return_date=ret,
        legs=[checks.LegIn(country=macao, city="澳门", arrival=dep, departure=ret)],
        members=[checks.MemberIn(person=persons[0], role="head")],
    )
    result = checks.run(draft)
    docs = [f for f in result.findings if f.rule_id == "hk_macao_documents" and not f.passed]
    assert docs and "澳门" in docs[0].message_zh and "MO" not in docs[0].message_zh
    Endorsement.objects.filter(pk=endorsement.pk).update(region="both")
    assert not checks.run(draft).failed("hk_macao_documents")
