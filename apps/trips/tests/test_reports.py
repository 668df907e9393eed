"""The trip list (each filter, sorting, scope) and the reports (overrides, overdue, statistics)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.trips import reports, selectors, services
from apps.trips.filters import OverrideFilter, TripFilter
from apps.trips.models import Trip

from .conftest import unit_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_trip(people, other_unit, persons, db):
    """A draft trip of the other unit (商务局) to France."""
    from apps.trips.schemas import BudgetRow, LegRow, MemberRow, TripInput

    dep = timezone.localdate() + dt.timedelta(days=70)
    ret = dep + dt.timedelta(days=3)
    return services.trip_create(
        by=people["other_clerk"],
        unit=other_unit,
        any_person=True,  # 欧阳娜 of the other unit joins this delegation
        input=TripInput(
            title="赴法国巴黎商务洽谈",
            departure_date=dep,
            return_date=ret,
            legs=[LegRow(country="FR", city="巴黎", arrival=dep, departure=ret)],
            members=[MemberRow(person_id=persons[1].pk, role="head")],
            budget=[BudgetRow(category="international_fare", amount=Decimal("9000"), currency="CNY")],
        ),
    )


def trips(user, data=None):
    """The trip list of ``user`` filtered by ``data`` as its page does."""
    return TripFilter(data, queryset=selectors.trip_list(user=user), user=user).qs


def refs(qs):
    return {t.title for t in qs}


def test_each_filter_of_the_trip_list(make_trip, other_trip, people, persons, unit, other_unit):
    trip = make_trip()
    leader = people["leader"]
    both = {trip.title, other_trip.title}
    assert refs(trips(leader)) == both
    assert refs(trips(leader, {"unit": unit.pk})) == {trip.title}
    assert refs(trips(leader, {"unit": other_unit.pk})) == {other_trip.title}
    assert refs(trips(leader, {"country": "fr"})) == {other_trip.title}
    assert refs(trips(leader, {"country": "JP"})) == {trip.title}
    month = trip.departure_date.strftime("%Y-%m")
    got = refs(trips(leader, {"month": month}))
    assert trip.title in got
    if other_trip.departure_date.strftime("%Y-%m") != month:
        assert other_trip.title not in got
    assert not trips(leader, {"month": "2001-01"}).exists()
    assert not trips(leader, {"month": "not-a-month"}).exists()
    # rank: persons[0] (张伟, only on the Tokyo trip) is "bureau"; persons[1] stays "division"
    persons[0].rank = "bureau"
    persons[0].save()
    assert refs(trips(leader, {"rank": "bureau"})) == {trip.title}
    assert refs(trips(leader, {"rank": "division"})) == both
    unit_ready(trip, people)
    submitted = services.trip_transition(trip=Trip.objects.get(pk=trip.pk), name="submit", by=people["clerk"])
    assert refs(trips(leader, {"state": "submitted"})) == {submitted.title}
    assert refs(trips(leader, {"state": "draft"})) == {other_trip.title}
    assert refs(trips(leader, {"stage": "application"})) == both
    assert not trips(leader, {"stage": "departed"}).exists()
    assert refs(trips(leader, {"q": "巴黎"})) == {other_trip.title}
    assert refs(trips(leader, {"q": "张伟"})) == {trip.title}


def test_sorting(make_trip, other_trip, people):
    trip = make_trip()
    leader = people["leader"]
    asc = [t.pk for t in trips(leader, {"sort": "departure"})]
    desc = [t.pk for t in trips(leader, {"sort": "-departure"})]
    assert asc == [trip.pk, other_trip.pk] and desc == [other_trip.pk, trip.pk]
    # an unknown column falls back to the default order instead of failing
    assert len(trips(leader, {"sort": "password"})) == 2


def test_list_page_filters_sorts_and_shows_rows(make_trip, other_trip, people, login, client):
    trip = make_trip()
    login(people["leader"])
    url = reverse("trips:trip_list")
    html = client.get(url).content.decode()
    assert trip.title in html and other_trip.title in html
    assert 'data-export="trips.list"' in html
    html = client.get(url, {"country": "FR"}).content.decode()
    assert other_trip.title in html and trip.title not in html
    html = client.get(url, {"month": "13-2026"}).content.decode()  # bad input: a message, not a 500
    assert "请按“年-月”填写" in html and trip.title not in html
    assert client.get(url, {"sort": "-unit"}).status_code == 200


def test_clerk_sees_only_their_units_trips(make_trip, other_trip, people, login, client):
    trip = make_trip()
    clerk = people["clerk"]
    assert refs(trips(clerk)) == {trip.title}
    # even when asking for the other unit explicitly
    assert not trips(clerk, {"unit": other_trip.applicant_unit_id}).exists()
    login(clerk)
    html = client.get(reverse("trips:trip_list")).content.decode()
    assert trip.title in html and other_trip.title not in html


def test_overrides_report_shows_who_overrode_what(make_trip, people, fire, login, client):
    trip = make_trip(invitation=False)
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    services.finding_override(
        trip=trip,
        by=people["staff"],
        rule_id="invitation_attached",
        subject="",
        justification="邀请函原件已当面核验，稍后补传",
    )
    rows = list(reports.overrides_list(user=people["leader"]))
    assert [(o.rule_id, o.severity, o.by_id) for o in rows] == [
        ("invitation_attached", "warning", people["staff"].pk)
    ]
    assert rows[0].pack_version == trip.rule_pack_version
    leader = people["leader"]
    blocking = OverrideFilter({"severity": "blocking"}, queryset=reports.overrides_list(user=leader))
    assert not blocking.qs.exists()
    assert not reports.overrides_list(user=people["other_clerk"]).exists()
    login(people["head"])
    html = client.get(reverse("trips:report_overrides")).content.decode()
    assert "邀请函原件已当面核验" in html and trip.reference in html
    assert people["staff"].full_name in html


def test_overdue_reports(approved_trip, people, other_trip):
    trip = approved_trip
    today = timezone.localdate()
    Trip.objects.filter(pk=trip.pk).update(
        actual_return_date=today - dt.timedelta(days=40), report_due=today - dt.timedelta(days=10)
    )
    assert [t.pk for t in reports.overdue_reports(user=people["leader"])] == [trip.pk]
    assert [t.pk for t in reports.overdue_reports(user=people["clerk"])] == [trip.pk]
    assert not reports.overdue_reports(user=people["other_clerk"]).exists()
    Trip.objects.filter(pk=trip.pk).update(report_filed_at=timezone.now())
    assert not reports.overdue_reports(user=people["leader"]).exists()


def test_overdue_page_links_the_passport_overdue_list(people, login, client):
    login(people["staff"])
    html = client.get(reverse("trips:report_overdue")).content.decode()
    assert reverse("passports:overdue") in html
    assert "没有逾期未交的出访报告" in html


def test_statistics_on_a_known_dataset(approved_trip, make_trip, people, fire, login, client):
    """One approved trip to Tokyo (2 people, 5 days, CNY 12,000 + JPY 20,000); a draft and a cancelled
    trip are not counted."""
    make_trip()  # a draft
    cancelled = make_trip()
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("forward_for_approval", "staff")):
        cancelled = fire(cancelled, name, people[by])
    cancelled = fire(cancelled, "approve", people["leader"])
    fire(cancelled, "cancel_trip", people["clerk"], comment="邀请方取消")
    year = approved_trip.departure_date.year
    rows, total = reports.statistics(user=people["leader"], year=year, by="country")
    assert [(r.label, r.trips, r.travellers, r.days, r.person_days) for r in rows] == [("日本", 1, 2, 5, 10)]
    assert total.budget_cny == Decimal("12000") and total.budget["JPY"] == Decimal("20000")
    rows, total = reports.statistics(user=people["leader"], year=year, by="unit")
    assert [(r.label, r.trips) for r in rows] == [("徐州市教育局", 1)]
    rows, total = reports.statistics(user=people["leader"], year=year, by="month")
    assert len(rows) == 12
    month = approved_trip.departure_date.month
    assert [r.trips for r in rows] == [1 if m == month else 0 for m in range(1, 13)]
    assert rows[month - 1].percent == 100
    # the other unit's clerk sees nothing of it
    assert reports.statistics(user=people["other_clerk"], year=year, by="country")[1].trips == 0
    login(people["leader"])
    html = client.get(reverse("trips:report_statistics"), {"year": year, "by": "country"}).content.decode()
    assert 'data-col="travellers">2<' in html and 'data-col="person_days">10<' in html
    assert "12,000.00" in html and "JPY 20,000.00" in html
    assert 'data-width="100%"' in html  # the bar's width, set by waiban.js (CSP: no style attribute)


def test_report_pages_answer_and_travellers_are_kept_out(people, make_user, login, client):
    login(people["clerk"])
    for name in (
        "trips:reports",
        "trips:report_overrides",
        "trips:report_overdue",
        "trips:report_statistics",
    ):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("trips:report_statistics"), {"year": "abc", "by": "x"}).status_code == 200
    login(make_user("traveller", roles=["traveller"]))
    assert client.get(reverse("trips:reports")).status_code == 403
    assert client.get(reverse("trips:trip_list")).status_code == 200


def test_every_report_tab_answers_with_overdue_items_present(approved_trip, people, persons, login, client):
    """A trip report 10 days overdue and a passport 5 days overdue: every tab answers 200 and the overdue
    page says how many days (it once failed with a TemplateSyntaxError)."""
    from apps.passports import services as passport_services
    from apps.passports.models import CustodyEvent, Passport

    today = timezone.localdate()
    Trip.objects.filter(pk=approved_trip.pk).update(
        actual_return_date=today - dt.timedelta(days=40), report_due=today - dt.timedelta(days=10)
    )
    custodian = people["staff"]  # 出国来华管理处 keeps the passports
    passport = Passport.objects.filter(holder=persons[0]).first()
    event = passport_services.check_out(
        passport=passport, due_back=today + dt.timedelta(days=1), by=custodian, purpose="出访"
    )
    # five days pass: the check-out's due date and its copy on the passport (what the overdue list reads)
    CustodyEvent.objects.filter(pk=event.pk).update(due_back=today - dt.timedelta(days=5))
    Passport.objects.filter(pk=passport.pk).update(due_back=today - dt.timedelta(days=5))
    for who in ("leader", "staff", "clerk"):
        login(people[who])
        for name in (
            "trips:reports",
            "trips:report_statistics",
            "trips:report_overrides",
            "trips:report_overdue",
            "trips:trip_list",
        ):
            response = client.get(reverse(name))
            assert response.status_code == 200, (who, name)
        html = client.get(reverse("trips:report_overdue")).content.decode()
        assert approved_trip.reference in html and "逾期 10 天" in html
    login(people["staff"])
    html = client.get(reverse("trips:report_overdue")).content.decode()
    assert "逾期未交回的证照：1 本" in html
    rows = list(reports.overdue_report_rows(people["leader"], {}))
    assert rows[0][0] == approved_trip.reference and rows[0][-1] == 10
