"""Order 537's deadlines at their boundaries, on the holiday calendar with 调休 (domain.md §8, §13)."""

import datetime as dt

import pytest

from apps.journalists import deadlines

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("arrival", "due"),
    [
        # Fri 02-06: 02-09..02-13 (5), Sat 02-14 worked under 调休 (6), 春节 02-15..02-23 off, Tue 02-24 (7)
        (D(2026, 2, 6), D(2026, 2, 24)),
        # Wed 09-16: 17, 18, Sun 09-20 worked (调休), 21, 22, 23, 24; 中秋 09-25..27 off
        (D(2026, 9, 16), D(2026, 9, 24)),
        # Wed 09-30: 国庆 10-01..07 off, 08, 09, Sat 10-10 worked, 12, 13, 14, 15
        (D(2026, 9, 30), D(2026, 10, 15)),
        # an ordinary week: Mon 03-02 → Wed 03-11
        (D(2026, 3, 2), D(2026, 3, 11)),
    ],
)
def test_press_card_within_seven_working_days(arrival, due):
    d = deadlines.press_card(arrival)
    assert d.due == due
    assert "第八条" in d.citation
    assert deadlines.press_card(arrival, due).met  # on the last day: in time
    assert not deadlines.press_card(arrival, due + dt.timedelta(days=1)).met  # a day later: late
    assert d.status(due) in ("soon", "open") and d.status(due + dt.timedelta(days=1)) == "overdue"


def test_change_of_chief_or_address_reported_within_seven_working_days():
    # Thu 04-30: 劳动节 05-01..05 off, 06, 07, 08, Sat 05-09 worked (调休), 11, 12, 13
    d = deadlines.change_report(D(2026, 4, 30), D(2026, 5, 13))
    assert d.due == D(2026, 5, 13) and d.met and "第十一条" in d.citation
    assert not deadlines.change_report(D(2026, 4, 30), D(2026, 5, 14)).met


def test_closure_needs_thirty_days_notice_and_cards_cancelled_in_seven_working_days():
    notice = deadlines.closure_notice(D(2026, 6, 30), D(2026, 5, 31))
    assert notice.due == D(2026, 5, 31) and notice.met
    assert not deadlines.closure_notice(D(2026, 6, 30), D(2026, 6, 1)).met
    # Thu 06-18: 端午 06-19..21 off, 22, 23, 24, 25, 26, 29, 30
    assert deadlines.closure_cards(D(2026, 6, 18)).due == D(2026, 6, 30)


def test_ten_months_without_a_correspondent_and_the_visa_lapse():
    assert deadlines.deemed_closed_on(D(2026, 1, 31)) == D(2026, 11, 30)
    assert deadlines.deemed_closed_on(D(2026, 3, 15)) == D(2027, 1, 15)
    assert deadlines.visa_lapses_on(D(2026, 3, 1)) == D(2026, 3, 11)


@pytest.mark.parametrize(
    ("days", "year", "short"),
    [(182, 2026, True), (183, 2026, False), (182, 2028, True), (183, 2028, False), (None, 2026, False)],
)
def test_fewer_than_six_months_a_year(days, year, short):
    assert deadlines.too_short_a_stay(days, year) is short


def test_deadlines_are_configurable(settings):
    settings.WAIBAN = {**settings.WAIBAN, "JOURNALIST_PRESS_CARD_WORKING_DAYS": 1}
    assert deadlines.press_card(D(2026, 2, 13)).due == D(2026, 2, 14)  # the 调休 Saturday
