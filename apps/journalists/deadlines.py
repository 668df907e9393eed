"""The deadlines of Order 537 as functions of dates (working days on the holiday calendar with 调休).

Each answers a :class:`Deadline`: the due date, whether it was met (or is overdue today), and the
citation of its article. Used by the register's pages, the reminders list and the API."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.reference import calendar as workdays

from . import conf


@dataclass
class Deadline:
    key: str  # internal, never shown
    label: str
    due: dt.date
    done_on: dt.date | None
    citation: str

    @property
    def met(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due

    def overdue(self, today: dt.date) -> bool:
        if self.done_on is not None:
            return self.done_on > self.due
        return today > self.due

    def status(self, today: dt.date) -> str:
        if self.done_on is not None:
            return "met" if self.met else "late"
        if today > self.due:
            return "overdue"
        if workdays.working_days_between(today, self.due) <= conf.REMINDER_WORKING_DAYS.value:
            return "soon"
        return "open"


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    m += 1
    return dt.date(y, m, min(day.day, _cal.monthrange(y, m)[1]))


def press_card(arrival: dt.date, collected_on: dt.date | None = None) -> Deadline:
    """Collect the press card within N working days of arrival (arts. 8, 10)."""
    n = conf.PRESS_CARD_WORKING_DAYS.value
    return Deadline(
        "press_card",
        _("领取记者证"),
        workdays.add_working_days(arrival, n),
        collected_on,
        str(conf.PRESS_CARD_WORKING_DAYS.citation),
    )


def change_report(changed_on: dt.date, reported_on: dt.date | None = None) -> Deadline:
    """Report a change of bureau chief or address within N working days (art. 11)."""
    n = conf.CHANGE_REPORT_WORKING_DAYS.value
    return Deadline(
        "change_report",
        _("报告变更"),
        workdays.add_working_days(changed_on, n),
        reported_on,
        str(conf.CHANGE_REPORT_WORKING_DAYS.citation),
    )


def closure_notice(closure_on: dt.date, notified_on: dt.date | None = None) -> Deadline:
    """Give notice at least N calendar days before closing (art. 12): due = closure − N days."""
    n = conf.CLOSURE_NOTICE_DAYS.value
    return Deadline(
        "closure_notice",
        _("提前告知终止业务"),
        closure_on - dt.timedelta(days=n),
        notified_on,
        str(conf.CLOSURE_NOTICE_DAYS.citation),
    )


def closure_cards(closure_on: dt.date, cancelled_on: dt.date | None = None) -> Deadline:
    n = conf.CLOSURE_CARDS_WORKING_DAYS.value
    return Deadline(
        "closure_cards",
        _("注销记者证"),
        workdays.add_working_days(closure_on, n),
        cancelled_on,
        str(conf.CLOSURE_CARDS_WORKING_DAYS.citation),
    )


def deemed_closed_on(last_correspondent_left: dt.date) -> dt.date:
    """The day a bureau without a resident correspondent is deemed closed (10 consecutive months)."""
    return add_months(last_correspondent_left, conf.NO_CORRESPONDENT_MONTHS.value)


def too_short_a_stay(days_in_china: int | None, year: int) -> bool:
    """Fewer than N months (as days: N/12 of the year's days) in China in ``year`` (art. 13)."""
    if days_in_china is None:
        return False
    year_days = 366 if _cal.isleap(year) else 365
    minimum = -(-year_days * conf.MIN_MONTHS_A_YEAR.value // 12)  # ceiling
    return days_in_china < minimum


def visa_lapses_on(cancelled_on: dt.date) -> dt.date:
    return cancelled_on + dt.timedelta(days=conf.VISA_LAPSE_DAYS.value)
