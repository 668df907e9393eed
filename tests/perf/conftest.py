"""A small world that can grow: the same pages measured with 10 rows and with 200 rows of data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


class Grower:
    def __init__(self, units, reviewer, clerk):
        from apps.casework.models import CaseType
        from apps.reference.models import Country

        self.units = units
        self.reviewer = reviewer
        self.clerk = clerk
        self.case_type = CaseType.objects.get(code="trip")
        self.countries = list(Country.objects.exclude(iso2="CN").order_by("iso2")[:5])
        self.n = 0
        self.trips = []

    def grow(self, n: int):
        """Add trips (with members, legs, people, passports, some out and overdue) and audit events,
        so that the world holds ``n`` trips in all."""
        from apps.audit.services import record_many
        from apps.passports.models import CustodyEvent, Kind, Passport, Status
        from apps.people import idcard
        from apps.people.models import Person
        from apps.trips.models import Leg, Trip, TripMember

        today = timezone.localdate()
        states = ["submitted", "in_review", "closed", "approved", "draft", "pending_approval", "returned"]
        new_trips = []
        while self.n < n:
            k = self.n
            self.n += 1
            unit = self.clerk.unit if k % 2 == 0 else self.units[k % len(self.units)]
            state = states[k % len(states)]
            trip = Trip.objects.create(
                case_type=self.case_type,
                title=f"出访{k}",
                applicant_unit=unit,
                created_by=self.clerk,
                state=state,
                stage="documents" if state == "approved" else "application",
                reference=None if state == "draft" else f"测外出〔2026〕{k:04d}",
                division=self.reviewer.division if state != "draft" else None,
                assignee=self.reviewer if state == "in_review" else None,
                due_date=today - dt.timedelta(days=k % 5 - 2) if state != "draft" else None,
                departure_date=today + dt.timedelta(days=30),
                return_date=today + dt.timedelta(days=35),
            )
            members = []
            for j in range(4):
                p = Person.objects.create(
                    full_name=f"成员{k}-{j}",
                    sex="M",
                    date_of_birth=dt.date(1975, 5, 1),
                    unit=unit,
                    id_number=idcard.make_fake("320302", dt.date(1975, 5, 1), k * 4 + j + 1),
                )
                pp = Passport.objects.create(
                    holder=p,
                    kind=Kind.OFFICIAL,
                    number=f"P{k * 4 + j:08d}",
                    issue_date=dt.date(2022, 1, 1),
                    expiry_date=dt.date(2031, 1, 1),
                    issuing_authority="江苏省外办",
                )
                if j == 0:  # one passport per trip is out, every other one overdue
                    ev = CustodyEvent.objects.create(
                        passport=pp,
                        kind=CustodyEvent.Kind.CHECK_OUT,
                        case=trip,
                        due_back=today - dt.timedelta(days=3) if k % 2 else today + dt.timedelta(days=3),
                    )
                    Passport.objects.filter(pk=pp.pk).update(
                        status=Status.OUT, current_checkout=ev, due_back=ev.due_back
                    )
                members.append(
                    TripMember(trip=trip, person=p, passport=pp, order=j, role="head" if j == 0 else "member")
                )
            TripMember.objects.bulk_create(members)
            Leg.objects.create(trip=trip, country=self.countries[k % len(self.countries)], city="城市")
            new_trips.append(trip)
        self.trips += new_trips
        record_many(
            {"action": "trips.update", "target": t, "changes": {"title": ["a", "b"]}, "actor": self.reviewer}
            for t in new_trips
        )
        return self


@pytest.fixture
def perf_world(db, office, units, make_user):
    from apps.org.models import Division

    division = Division.objects.get(code="outbound")
    unit_list = list(units.values())
    reviewer = make_user("perf_reviewer", roles=["division_staff", "auditor"], division=division)
    clerk = make_user("perf_clerk", roles=["unit_clerk"], unit=unit_list[0])
    return Grower(unit_list, reviewer, clerk)


@pytest.fixture
def count_queries(login, client):
    """count_queries(user, url) → (status, number of SQL queries) for one GET, caches warmed first;
    ``user=None`` → anonymous. ``count_queries.client_for(user)`` → the signed-in client."""

    def client_for(user):
        if user is None:
            client.logout()
            return client
        return login(user)

    def do(user, url, method="get"):
        c = client_for(user)
        getattr(c, method)(url)
        with CaptureQueriesContext(connection) as ctx:
            resp = getattr(c, method)(url)
        return resp.status_code, len(ctx.captured_queries)

    do.client_for = client_for
    return do
