"""The conference thresholds at their boundaries (domain.md §7), working days with 调休."""

import datetime as dt

import pytest

from apps.conferences import checks
from apps.conferences.checks import PROVINCE, STATE_COUNCIL, Facts

pytestmark = pytest.mark.django_db


def level(**kw):
    return checks.approving_level(Facts(**kw))[0]


@pytest.mark.parametrize(
    ("kind", "foreign", "total", "expected"),
    [
        ("general", 99, 399, PROVINCE),
        ("general", 100, 399, STATE_COUNCIL),
        ("general", 99, 400, STATE_COUNCIL),
        ("science", 299, 799, PROVINCE),
        ("science", 300, 799, STATE_COUNCIL),
        ("science", 299, 800, STATE_COUNCIL),
        ("science", 120, 500, PROVINCE),  # above the general limits, below the science ones
    ],
)
def test_participant_thresholds_decide_the_level(kind, foreign, total, expected):
    assert level(kind=kind, foreign_participants=foreign, total_participants=total) == expected


@pytest.mark.parametrize("flag", ["un_or_major_org", "sensitive_topic", "senior_foreign_guests"])
def test_each_state_council_criterion_alone_lifts_the_level(flag):
    assert level(foreign_participants=10, total_participants=20) == PROVINCE
    assert level(foreign_participants=10, total_participants=20, **{flag: True}) == STATE_COUNCIL


def test_limits_are_configurable(settings):
    settings.WAIBAN = {
        **settings.WAIBAN,
        "CONFERENCE_PROVINCE_LIMITS": {"general": {"foreign": 50, "total": 400}},
    }
    assert level(foreign_participants=50, total_participants=60) == STATE_COUNCIL


def _international(countries):
    return next(f for f in checks.run(Facts(countries=countries)) if f.rule == "international")


def test_three_countries_make_it_international_hk_macao_taiwan_not_counted(countries):
    c = countries
    assert checks.count_countries([c["FR"], c["DE"], c["HK"], c["MO"], c["TW"]]) == 2
    assert _international([c["FR"], c["DE"], c["HK"], c["MO"], c["TW"]]).status == checks.INFO
    assert _international([c["FR"], c["DE"], c["JP"]]).status == checks.OK
    assert "3" in _international([c["FR"], c["DE"], c["JP"]]).message


def test_length_up_to_five_days_including_arrival_and_departure():
    start = dt.date(2026, 9, 7)
    five = [
        f
        for f in checks.run(Facts(start_date=start, end_date=start + dt.timedelta(days=4)))
        if f.rule == "length"
    ]
    six = [
        f
        for f in checks.run(Facts(start_date=start, end_date=start + dt.timedelta(days=5)))
        if f.rule == "length"
    ]
    assert five[0].status == checks.OK and "5 天" in five[0].message
    assert six[0].status == checks.WARNING and "6 天" in six[0].message


def test_names_to_avoid_are_configurable(settings):
    found = [f for f in checks.run(Facts(name="淮海经济区国际合作论坛")) if f.rule == "name"]
    assert found and "论坛" in found[0].message and found[0].citation
    assert not [f for f in checks.run(Facts(name="国际研讨会")) if f.rule == "name"]
    settings.WAIBAN = {**settings.WAIBAN, "CONFERENCE_AVOID_NAMES": ["研讨会"]}
    assert [f for f in checks.run(Facts(name="国际研讨会")) if f.rule == "name"]


def test_filing_deadline_three_months_moved_to_a_working_day_with_tiaoxiu():
    # 2026-05-14 − 3 months = Sat 2026-02-14, a weekend day worked under 调休 (春节): the deadline itself
    assert checks.filing_deadline(dt.date(2026, 5, 14), PROVINCE) == dt.date(2026, 2, 14)
    # 2026-05-15 − 3 months = Sun 2026-02-15, a holiday: back to the last working day, the 调休 Saturday
    assert checks.filing_deadline(dt.date(2026, 5, 15), PROVINCE) == dt.date(2026, 2, 14)
    # 2026-05-22 − 3 months = Sun 02-22 (春节); 02-16..02-20 are holidays too → Sat 02-14
    assert checks.filing_deadline(dt.date(2026, 5, 22), PROVINCE) == dt.date(2026, 2, 14)
    # an ordinary weekday stays
    assert checks.filing_deadline(dt.date(2026, 6, 10), PROVINCE) == dt.date(2026, 3, 10)
    # important meetings: 6 months (2026-08-14 − 6 months = 2026-02-14)
    assert checks.filing_deadline(dt.date(2026, 8, 14), STATE_COUNCIL) == dt.date(2026, 2, 14)
    # the month's end: 2026-05-31 − 3 months = 2026-02-28 (Sat, 调休 working day)
    assert checks.filing_deadline(dt.date(2026, 5, 31), PROVINCE) == dt.date(2026, 2, 28)


def _lead(filed, start=dt.date(2026, 5, 15), **kw):
    facts = Facts(start_date=start, end_date=start, filed_on=filed, total_participants=10, **kw)
    return next(f for f in checks.run(facts) if f.rule == "lead_time")


def test_lead_time_boundary_on_the_deadline_and_the_day_after():
    assert _lead(dt.date(2026, 2, 14)).status == checks.OK
    late = _lead(dt.date(2026, 2, 15))
    assert late.status == checks.WARNING and "2026-02-14" in late.message and "逾期" in late.message
    # a State Council meeting needs 6 months: filed on 02-14 for 05-15 is late
    assert _lead(dt.date(2026, 2, 14), sensitive_topic=True).status == checks.WARNING


def test_a_year_without_a_published_calendar_is_flagged():
    found = checks.run(Facts(start_date=dt.date(2031, 6, 10), end_date=dt.date(2031, 6, 11)))
    assert any(f.rule == "calendar" and "2031" in f.message for f in found)
