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


@pytest.fixture
def fire():
    from apps.trips import services
    from apps.trips.models import Trip

    def do(trip, name, by, **kw):
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
