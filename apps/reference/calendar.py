"""The working-day calculator: the one place that knows which days are working days in China.

A day is a working day if it is Monday–Friday and not a public holiday, or if it is a weekend day
worked under 调休. Only **published** years (``CalendarYear.status == "published"``) contribute
exceptions; any other year counts weekends only and is *flagged* (``year_status``/``calendar_warnings``)
so that nobody mistakes it for a known schedule.

Speed: every deadline on every list row goes through here. The exceptions are loaded once per process
into sorted lists; a working-day count is two ``bisect`` calls plus arithmetic, and adding n working
days is a short binary search over that count — O(log) whatever n is. The cache is dropped when an
administrator edits the calendar (services call :func:`invalidate`, which also bumps a version in
Django's cache for other processes); each process also re-checks a tiny database fingerprint at most
every ``CHECK_SECONDS``.

Definitions (``d`` is a :class:`datetime.date`):

* ``add_working_days(start, n)`` — the n-th working day after ``start`` (n = 0 → ``start``;
  n < 0 → ``subtract_working_days(start, -n)``).
* ``subtract_working_days(start, n)`` — the n-th working day before ``start``.
* ``working_days_between(start, end)`` — working days in (start, end]; negative if end < start.
  So ``working_days_between(s, add_working_days(s, n)) == n``.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CACHE_KEY = "reference:calendar:version"
CHECK_SECONDS = 5.0


def _weekdays_upto(o: int) -> int:
    """Number of Monday–Friday days with ordinal in [1, o] (ordinal 1 = 0001-01-01, a Monday)."""
    weeks, rem = divmod(o, 7)
    return weeks * 5 + min(rem, 5)


@dataclass(frozen=True)
class YearStatus:
    year: int
    configured: bool
    source: str = ""

    @property
    def label(self) -> str:
        if self.configured:
            return _("已配置（%(source)s）") % {"source": self.source} if self.source else _("已配置")
        return _("仅按周末计算（未配置节假日安排）")

    def __str__(self):
        return str(self.label)


class WorkingCalendar:
    """An immutable snapshot of the calendar; get one with :func:`get_calendar` for bulk work."""

    def __init__(self, *, holidays=(), workdays=(), years=None):
        # holidays that fall on a weekday remove a working day; workdays on a weekend add one
        self._minus = sorted({d.toordinal() for d in holidays if d.weekday() < 5})
        self._plus = sorted({d.toordinal() for d in workdays if d.weekday() >= 5})
        self._minus_set = frozenset(self._minus)
        self._plus_set = frozenset(self._plus)
        self.years: dict[int, str] = dict(years or {})  # configured year → source citation

    # -- core arithmetic --------------------------------------------------------------------------
    def _count(self, o: int) -> int:
        """Working days with ordinal ≤ o (relative to an arbitrary origin)."""
        return _weekdays_upto(o) + bisect_right(self._plus, o) - bisect_right(self._minus, o)

    def _is_working_ordinal(self, o: int) -> bool:
        if o in self._plus_set:
            return True
        return (o - 1) % 7 < 5 and o not in self._minus_set

    def _kth(self, target: int, guess: int) -> int:
        """Smallest ordinal o with count(o) ≥ target (that day is a working day)."""
        lo, hi = guess - 16, guess + 16
        step = 32
        while self._count(lo) >= target:
            lo -= step
            step *= 2
        step = 32
        while self._count(hi) < target:
            hi += step
            step *= 2
        while hi - lo > 1:  # invariant: count(lo) < target ≤ count(hi)
            mid = (lo + hi) // 2
            if self._count(mid) >= target:
                hi = mid
            else:
                lo = mid
        return hi

    # -- public API -------------------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        return self._is_working_ordinal(d.toordinal())

    def add_working_days(self, start: date, n: int) -> date:
        n = int(n)
        if n == 0:
            return start
        if n < 0:
            return self.subtract_working_days(start, -n)
        o = start.toordinal()
        return date.fromordinal(self._kth(self._count(o) + n, o + n * 7 // 5))

    def subtract_working_days(self, start: date, n: int) -> date:
        n = int(n)
        if n == 0:
            return start
        if n < 0:
            return self.add_working_days(start, -n)
        o = start.toordinal()
        return date.fromordinal(self._kth(self._count(o - 1) - n + 1, o - n * 7 // 5))

    def working_days_between(self, start: date, end: date) -> int:
        return self._count(end.toordinal()) - self._count(start.toordinal())

    def year_status(self, year: int) -> YearStatus:
        if year in self.years:
            return YearStatus(year=year, configured=True, source=self.years[year])
        return YearStatus(year=year, configured=False)

    def calendar_warnings(self, start: date, end: date) -> list[str]:
        lo, hi = sorted((start.year, end.year))
        return [
            _("%(year)s 年的节假日安排尚未配置，按周末计算工作日，结果可能不准确。") % {"year": y}
            for y in range(lo, hi + 1)
            if y not in self.years
        ]


# -- the per-process cache ------------------------------------------------------------------------
_lock = threading.Lock()
_state: dict = {"calendar": None, "token": None, "fingerprint": None, "checked": 0.0}


def _fingerprint():
    from django.db.models import Count, Sum

    from .models import CalendarYear

    agg = CalendarYear.objects.aggregate(n=Count("id"), rev=Sum("revision"))
    return (agg["n"], agg["rev"])


def _load() -> WorkingCalendar:
    from .models import CalendarDay, CalendarYear

    years = {
        y.year: y.source
        for y in CalendarYear.objects.filter(status=CalendarYear.Status.PUBLISHED).only("year", "source")
    }
    holidays, workdays = [], []
    for d, kind in CalendarDay.objects.filter(year__year__in=list(years)).values_list("date", "kind"):
        (holidays if kind == "holiday" else workdays).append(d)
    return WorkingCalendar(holidays=holidays, workdays=workdays, years=years)


def get_calendar() -> WorkingCalendar:
    """The current calendar snapshot (reloaded after an administrator's edit)."""
    now = time.monotonic()
    token = cache.get(CACHE_KEY)
    cal = _state["calendar"]
    if cal is not None and token == _state["token"] and now - _state["checked"] < CHECK_SECONDS:
        return cal
    with _lock:
        fingerprint = _fingerprint()
        if cal is None or token != _state["token"] or fingerprint != _state["fingerprint"]:
            cal = _load()
            _state.update(calendar=cal, token=token, fingerprint=fingerprint)
        _state["checked"] = now
        return cal


def invalidate() -> None:
    """Drop the cached calendar here and (through Django's cache) in other processes."""
    with _lock:
        _state.update(calendar=None, token=None, fingerprint=None, checked=0.0)
    try:
        cache.set(CACHE_KEY, time.time_ns(), None)
    except Exception:  # a cache outage must not break a save; the DB fingerprint check still works
        logger.warning("could not bump the calendar version in the cache", exc_info=True)


# -- module-level shortcuts -----------------------------------------------------------------------
def is_working_day(d: date) -> bool:
    return get_calendar().is_working_day(d)


def add_working_days(start: date, n: int) -> date:
    return get_calendar().add_working_days(start, n)


def subtract_working_days(start: date, n: int) -> date:
    return get_calendar().subtract_working_days(start, n)


def working_days_between(start: date, end: date) -> int:
    return get_calendar().working_days_between(start, end)


def year_status(year: int) -> YearStatus:
    return get_calendar().year_status(year)


def calendar_warnings(start: date, end: date) -> list[str]:
    return get_calendar().calendar_warnings(start, end)
