"""The trip list's month, year and country filters keep their results while taking an index-friendly
shape: a departure date range instead of ``EXTRACT(month …)``, and the country's id resolved first."""

import datetime as dt

import pytest

from apps.reference.models import Country
from apps.trips import selectors
from apps.trips.filters import TripFilter
from apps.trips.models import Leg, Trip

pytestmark = pytest.mark.django_db

DATES = {
    "may-31": dt.date(2026, 5, 31),
    "jun-01": dt.date(2026, 6, 1),
    "dec-31": dt.date(2026, 12, 31),
    "jan-01": dt.date(2027, 1, 1),
    "feb-28": dt.date(2027, 2, 28),
}


@pytest.fixture
def dated(make_trip):
    """Five trips, one on each boundary date, named by it."""
    trips = {}
    for name, day in DATES.items():
        trip = make_trip()
        Trip.objects.filter(pk=trip.pk).update(departure_date=day, title=name)
        trips[name] = trip
    return trips


def titles(qs):
    return sorted(t.title for t in qs)


def trips(user, **data):
    return TripFilter(data, queryset=selectors.trip_list(user=user), user=user).qs


def listed(user, **data):
    return titles(trips(user, **data))


def test_month_filter_is_a_date_range(dated, people):
    leader = people["leader"]
    assert listed(leader, month="2026-05") == ["may-31"]
    assert listed(leader, month="2026-06") == ["jun-01"]
    assert listed(leader, month="2026-12") == ["dec-31"]  # December: the range ends on 1 January
    assert listed(leader, month="2027-01") == ["jan-01"]
    assert listed(leader, month="2027-02") == ["feb-28"]
    assert listed(leader, month="2027-2") == ["feb-28"]
    assert listed(leader, month="2026-07") == []
    assert listed(leader, month="2026-13") == []
    assert listed(leader, month="bad") == []
    sql = str(trips(leader, month="2026-12").query).upper()
    assert "EXTRACT" not in sql and "STRFTIME" not in sql and "DJANGO_DATE_EXTRACT" not in sql
    assert "2026-12-01" in sql and "2027-01-01" in sql


def test_year_filter_is_a_date_range(dated, people):
    leader = people["leader"]
    assert listed(leader, year=2026) == ["dec-31", "jun-01", "may-31"]
    assert listed(leader, year="2027") == ["feb-28", "jan-01"]
    assert listed(leader, year=2025) == []
    assert listed(leader, year="abc") == []
    assert listed(leader, year=99999) == []  # beyond datetime.date: no rows, no error
    assert listed(leader, year=2026, month="2026-06") == ["jun-01"]
    assert listed(leader, year=2027, month="2026-06") == []
    sql = str(trips(leader, year=2026).query).upper()
    assert "EXTRACT" not in sql and "DJANGO_DATE_EXTRACT" not in sql
    assert "2026-01-01" in sql and "2027-01-01" in sql


def test_departure_between_bounds():
    qs = Trip.objects.all()
    assert 'departure_date" >= 2026-12-01' in str(selectors.departure_between(qs, 2026, 12).query)
    assert 'departure_date" < 2027-01-01' in str(selectors.departure_between(qs, 2026, 12).query)
    assert not selectors.departure_between(qs, 2026, 0).exists()
    assert not selectors.departure_between(qs, None).exists()


def test_country_filter_by_id_no_duplicates(dated, people, jp):
    leader = people["leader"]
    fr = Country.objects.get(iso2="FR")
    trip = dated["jun-01"]
    # several legs in Japan and one in France on the same trip
    Leg.objects.create(trip=trip, order=2, country=jp, city="大阪")
    Leg.objects.create(trip=trip, order=3, country=jp, city="京都")
    Leg.objects.create(trip=trip, order=4, country=fr, city="巴黎")
    everything = sorted(DATES)
    qs = trips(leader, country="jp")
    assert titles(qs) == everything  # each trip once, however many legs in Japan
    assert qs.count() == len(DATES)
    assert listed(leader, country="FR") == ["jun-01"]
    assert listed(leader, country="FR", month="2026-06") == ["jun-01"]
    assert listed(leader, country="FR", month="2026-05") == []
    assert listed(leader, country="ZZ") == []  # unknown code: NULL id, no rows
    sql = str(qs.query)
    assert "iso2" in sql and '"country_id" = (SELECT' in sql
    assert 'INNER JOIN "reference_country"' not in sql
