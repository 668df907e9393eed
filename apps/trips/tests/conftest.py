"""Fixtures for trips: the routing setup, users of each side, people with passports, a trip factory."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def setup(divisions):
    from apps.casework.demo import load_routing
    from apps.trips.demo import load_setup

    load_routing(divisions)
    return load_setup(divisions)


@pytest.fixture
def unit(units):
    return units["徐州市教育局"]


@pytest.fixture
def other_unit(units):
    return units["徐州市商务局"]


@pytest.fixture
def people(make_user, divisions, unit, other_unit, setup):
    out = divisions["outbound"]
    return {
        "clerk": make_user("clerk", roles=["unit_clerk"], unit=unit),
        "other_clerk": make_user("other_clerk", roles=["unit_clerk"], unit=other_unit),
        "staff": make_user("staff", roles=["division_staff"], division=out),
        "head": make_user("head", roles=["division_head"], division=out),
        "leader": make_user("leader", roles=["office_leader"]),
        "signatory": make_user("signatory", roles=["unit_signatory"], unit=unit),
    }


@pytest.fixture
def persons(unit):
    from apps.passports.models import Kind, Passport
    from apps.people.models import Person

    def person(name, title, id_number, number):
        p = Person.objects.create(
            full_name=name,
            sex="M",
            date_of_birth=dt.date(1975, 5, 1),
            unit=unit,
            title=title,
            rank="division",
            id_number=id_number,
        )
        Passport.objects.create(
            holder=p,
            kind=Kind.OFFICIAL,
            number=number,
            issue_date=dt.date(2022, 1, 1),
            expiry_date=dt.date(2031, 1, 1),
            issuing_authority="江苏省外办",
        )
        return p

    return [
        person("张伟", "处长", "320302197505011234", "SE1234567"),
        person("欧阳娜", "科员", "320302197505015678", "SE7654321"),
    ]


@pytest.fixture
def jp(db):
    from apps.reference.models import Country

    return Country.objects.get(iso2="JP")


@pytest.fixture
def make_trip(people, persons, unit, jp):
    """make_trip(days=5) → a draft trip to Tokyo leaving in 40 days, with budget and an invitation."""
    from apps.casework.services import attachment_add
    from apps.trips import services
    from apps.trips.schemas import BudgetRow, LegRow, MemberRow, ScheduleRow, TripInput

    def make(days=5, by=None, invitation=True):
        dep = timezone.localdate() + dt.timedelta(days=40)
        ret = dep + dt.timedelta(days=days - 1)
        trip = services.trip_create(
            by=by or people["clerk"],
            unit=unit,
            input=TripInput(
                title="赴日本东京开展教育交流",
                task="考察东京都中小学教育",
                departure_date=dep,
                return_date=ret,
                inviter_name="东京都教育委员会",
                inviter_country="JP",
                inviter_is_counterpart=True,
                funding_source="fiscal",
                delegation_type="self_organised",
                legs=[LegRow(country="JP", city="东京", arrival=dep, departure=ret)],
                members=[
                    MemberRow(person_id=persons[0].pk, role="head"),
                    MemberRow(person_id=persons[1].pk),
                ],
                budget=[
                    BudgetRow(
                        category="lodging",
                        amount=Decimal("20000"),
                        currency="JPY",
                        country="JP",
                        city="Tokyo",
                        count=1,
                        persons=1,
                    ),
                    BudgetRow(category="international_fare", amount=Decimal("12000"), currency="CNY"),
                ],
                schedule=[ScheduleRow(date=dep, plan="抵达东京"), ScheduleRow(date=ret, plan="返回")],
            ),
        )
        if invitation:
            from django.core.files.uploadedfile import SimpleUploadedFile

            attachment_add(
                case=trip,
                by=people["clerk"],
                kind="invitation",
                upload=SimpleUploadedFile("invitation.pdf", b"%PDF-1.4 test", "application/pdf"),
            )
        return trip

    return make


def unit_ready(trip, people):
    """The unit's steps before it applies: the notice inside the unit (started 20 days ago, so its
    period is over), its result, the signatory's signature."""
    from apps.trips import services
    from apps.trips.models import Trip, UnitSignoff

    trip = Trip.objects.get(pk=trip.pk)
    if not trip.unit_notice_done:
        services.unit_notice_publish(
            trip=trip,
            by=people["clerk"],
            start=timezone.localdate() - dt.timedelta(days=20),
            place="单位公示栏",
        )
        services.unit_notice_result_record(trip=trip, by=people["clerk"], outcome="none")
        trip = Trip.objects.get(pk=trip.pk)
    if trip.unit_signoff != UnitSignoff.SIGNED:
        services.trip_transition(trip=trip, name="sign_unit", by=people["signatory"], comment="同意报批")
    return Trip.objects.get(pk=trip.pk)


def office_chain(trip, people, name):
    """The steps the route asks for before ``name`` (forward → the head's review; approve → the
    leader's review and the city leader's approval on record)."""
    from apps.trips import services
    from apps.trips.models import Trip

    trip = Trip.objects.get(pk=trip.pk)
    if name == "forward_for_approval" and trip.state == "in_review":
        services.trip_transition(trip=trip, name="head_review", by=people["head"], comment="同意报领导审批")
        return Trip.objects.get(pk=trip.pk), True
    if name == "approve" and trip.state == "pending_approval":
        route = services.route_for(trip)
        if route is not None and route.external:
            if not trip.steps.filter(is_active=True, kind="office_leader").exists():
                services.trip_transition(
                    trip=trip, name="leader_review", by=people["leader"], comment="拟同意，报市领导审批"
                )
                trip = Trip.objects.get(pk=trip.pk)
            if not trip.external_approver:
                services.external_approval_record(
                    trip=trip,
                    by=people["staff"] if "staff" in people else people["leader"],
                    number="徐政外〔2026〕12号",
                    date=timezone.localdate(),
                    approver="李建国（副市长）",
                )
    return Trip.objects.get(pk=trip.pk), False


@pytest.fixture
def fire(people):
    """fire(trip, name, by) → the trip after the transition. The chain's steps a test does not name are
    taken first by the right people (the unit's notice and signature before submitting, the head's
    review instead of forwarding, the leader's review and the city leader's approval before approving);
    ``fire(..., chain=False)`` fires exactly ``name``."""
    from apps.trips import services
    from apps.trips.models import Trip

    def do(trip, name, by, chain=True, **kw):
        if chain and name in ("submit", "resubmit"):
            unit_ready(trip, people)
        if chain and name in ("forward_for_approval", "approve"):
            trip, done = office_chain(trip, people, name)
            if done:
                return trip
        services.trip_transition(trip=Trip.objects.get(pk=trip.pk), name=name, by=by, **kw)
        return Trip.objects.get(pk=trip.pk)

    return do


@pytest.fixture
def approved_trip(make_trip, people, fire):
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "forward_for_approval", people["staff"])
    return fire(trip, "approve", people["leader"])
