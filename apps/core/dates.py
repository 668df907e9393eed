"""Calendar arithmetic shared by the apps (working days live in ``apps.reference.calendar``)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, on the month's last day when it is shorter
    (31 August + 6 months = 28 February)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
