"""The working-day calculator against the State Council schedules shipped for 2025 and 2026."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.reference import calendar as wc
from apps.reference.calendar import WorkingCalendar
from apps.reference.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_2026_spring_festival_and_make_up_days():
    assert wc.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)  # Fri → Sat 调休上班
    assert wc.is_working_day(date(2026, 2, 14))
    for day in range(15, 24):
        assert not wc.is_working_day(date(2026, 2, day)), day
    assert wc.is_working_day(date(2026, 2, 24))
    assert wc.is_working_day(date(2026, 2, 28))  # Saturday worked
    assert wc.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert wc.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_2025_national_day():
    assert wc.is_working_day(date(2025, 9, 28))  # Sunday worked
    for day in range(1, 9):
        assert not wc.is_working_day(date(2025, 10, day)), day
    assert wc.is_working_day(date(2025, 10, 11))  # Saturday worked
    assert not wc.is_working_day(date(2025, 10, 12))
    assert wc.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert wc.subtract_working_days(date(2025, 10, 9), 1) == date(2025, 9, 30)
    assert wc.subtract_working_days(date(2025, 10, 9), 2) == date(2025, 9, 29)


def test_2025_spring_festival_and_may_day():
    assert wc.is_working_day(date(2025, 1, 26)) and wc.is_working_day(date(2025, 2, 8))
    assert not any(wc.is_working_day(date(2025, 1, 28) + timedelta(days=i)) for i in range(8))
    assert wc.is_working_day(date(2025, 4, 27))
    assert not wc.is_working_day(date(2025, 5, 5))


def test_whole_years_count():
    # 2025: 261 weekdays − 18 weekday days off + 5 worked weekend days = 248 (= 365 − 104 − 13 statutory days)
    assert wc.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert wc.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_basic_definitions():
    mon = date(2026, 3, 2)
    assert wc.add_working_days(mon, 0) == mon
    assert wc.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)  # n=0 is start even on a Saturday
    assert wc.add_working_days(mon, 5) == date(2026, 3, 9)
    assert wc.add_working_days(mon, -1) == date(2026, 2, 28)  # back over a worked Saturday
    assert wc.working_days_between(mon, mon) == 0
    assert wc.working_days_between(date(2026, 3, 9), mon) == -5
    assert wc.add_working_days(date(2026, 2, 15), 1) == date(2026, 2, 24)  # after the Spring Festival


def test_year_without_schedule_counts_weekends_only_and_is_flagged():
    status = wc.year_status(2027)
    assert not status.configured
    assert "仅按周末" in str(status.label)
    assert wc.year_status(2026).configured
    # 2027-01-01 is a Friday: no holiday known, so it counts as a working day (weekends only)
    assert wc.is_working_day(date(2027, 1, 1))
    assert wc.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert wc.add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)
    warnings = wc.calendar_warnings(date(2026, 12, 1), date(2027, 1, 15))
    assert len(warnings) == 1 and "2027" in warnings[0]
    assert wc.calendar_warnings(date(2025, 1, 1), date(2026, 12, 31)) == []


def test_unpublished_year_exceptions_are_not_used_until_published():
    y = CalendarYear.objects.create(year=2027)
    CalendarDay.objects.create(year=y, date=date(2027, 1, 1), kind="holiday", name="元旦")
    wc.invalidate()
    assert wc.is_working_day(date(2027, 1, 1))
    CalendarYear.objects.filter(pk=y.pk).update(status="published", source="测试", revision=1)
    wc.invalidate()
    assert not wc.is_working_day(date(2027, 1, 1))
    assert wc.year_status(2027).configured


def test_cache_is_reloaded_when_the_database_changes_without_invalidate(monkeypatch):
    assert wc.is_working_day(date(2026, 3, 3))
    y = CalendarYear.objects.get(year=2026)
    CalendarDay.objects.create(year=y, date=date(2026, 3, 3), kind="holiday", name="测试")
    CalendarYear.objects.filter(pk=y.pk).update(revision=y.revision + 1)
    monkeypatch.setattr(wc, "CHECK_SECONDS", 0.0)  # another process: only the DB fingerprint tells
    assert not wc.is_working_day(date(2026, 3, 3))


def test_snapshot_for_bulk_use_and_weekend_only_calendar():
    cal = wc.get_calendar()
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    empty = WorkingCalendar()
    assert empty.add_working_days(date(2024, 2, 2), 1) == date(2024, 2, 5)
    assert empty.working_days_between(date(2024, 1, 1), date(2024, 12, 31)) == 261


# -- properties ---------------------------------------------------------------------------------------
starts = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
counts = st.integers(min_value=0, max_value=300)


@pytest.fixture(scope="module")
def shipped():
    """A snapshot of the shipped schedules, independent of the database (for fast property tests)."""
    from apps.reference.seeds import CALENDAR_YEARS, calendar_days

    hol, work = [], []
    for year in CALENDAR_YEARS:
        for d, kind, _name in calendar_days(year):
            (hol if kind == "holiday" else work).append(d)
    return WorkingCalendar(holidays=hol, workdays=work, years={y: "" for y in CALENDAR_YEARS})


def test_database_calendar_equals_shipped_schedule(shipped):
    db = wc.get_calendar()
    d = date(2025, 1, 1)
    while d <= date(2026, 12, 31):
        assert db.is_working_day(d) == shipped.is_working_day(d), d
        d += timedelta(days=1)


def _naive_add(cal, start, n):
    d, k = start, 0
    while k < n:
        d += timedelta(days=1)
        if cal.is_working_day(d):
            k += 1
    return d


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_add_then_count_back_gives_n(shipped, start, n):
    end = shipped.add_working_days(start, n)
    assert shipped.working_days_between(start, end) == n
    assert end == _naive_add(shipped, start, n)
    if n > 0:
        assert shipped.is_working_day(end)
        assert end > start


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=299))
def test_monotonic_in_n(shipped, start, n):
    assert shipped.add_working_days(start, n) < shipped.add_working_days(start, n + 1)


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=300))
def test_subtract_is_inverse_of_add_on_working_days(shipped, start, n):
    back = shipped.subtract_working_days(start, n)
    assert shipped.is_working_day(back)
    assert back < start
    # counting forward n working days from the day before `back`'s next working day lands on/before start
    assert shipped.working_days_between(back, start) in (n - 1, n)
    if shipped.is_working_day(start):
        assert shipped.add_working_days(back, n) == start


@settings(max_examples=200, deadline=None)
@given(a=starts, b=starts)
def test_between_is_antisymmetric_and_matches_a_day_by_day_count(shipped, a, b):
    assert shipped.working_days_between(a, b) == -shipped.working_days_between(b, a)
    lo, hi = sorted((a, b))
    naive = sum(shipped.is_working_day(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert abs(shipped.working_days_between(a, b)) == naive
