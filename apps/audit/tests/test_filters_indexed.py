"""The audit list's date range is bounded on ids too (MIN/MAX(id) of the range, from ``audit_at_idx``),
so the newest-first walk down the primary key stays inside the range; the rows are unchanged."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.audit import selectors
from apps.audit.models import AuditEvent
from apps.audit.services import record_many

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def at(day, hh=0, mm=0, ss=0, us=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm, ss, us)), TZ)


D1, D2 = dt.date(2026, 3, 10), dt.date(2026, 3, 12)


@pytest.fixture
def events():
    """Events just outside, exactly on and inside the 10–12 March range, with ids out of time order
    (a historical load after recent events), named by ``target_id``."""
    stamps = [
        ("before", at(D1 - dt.timedelta(days=1), 23, 59, 59, 999999)),
        ("first", at(D1)),  # exactly on the start
        ("middle", at(dt.date(2026, 3, 11), 12)),
        ("last", at(D2, 23, 59, 59, 999999)),  # the last instant of the end day
        ("after", at(D2 + dt.timedelta(days=1))),  # exactly on the exclusive end
        ("late-load-in", at(dt.date(2026, 3, 11), 8)),  # loaded later: a higher id, inside
        ("late-load-out", at(dt.date(2026, 1, 1))),  # loaded later: a higher id, outside
        ("newest", at(dt.date(2026, 6, 1))),
    ]
    record_many(
        {"action": "people.update", "target": ("test.thing", name), "at": when} for name, when in stamps
    )
    return {e.target_id: e for e in AuditEvent.objects.all()}


def names(page_or_qs):
    return [e.target_id for e in page_or_qs]


def test_date_range_rows_unchanged_with_id_bounds(events):
    qs = selectors.filtered({"date_from": D1, "date_to": D2})
    expected = ["late-load-in", "last", "middle", "first"]  # newest id first
    assert names(qs.order_by("-id")) == expected
    unbounded = AuditEvent.objects.filter(at__gte=at(D1), at__lt=at(D2 + dt.timedelta(days=1)))
    assert names(unbounded.order_by("-id")) == expected
    sql = str(qs.order_by("-id").query)
    assert '"id" >= (SELECT MIN(' in sql and '"id" <= (SELECT MAX(' in sql
    assert '"at" >=' in sql and '"at" <' in sql  # the at filter stays

    # keyset pages of two walk the same rows
    page = selectors.keyset_page(qs, size=2)
    assert names(page.events) == ["late-load-in", "last"] and page.has_older and not page.has_newer
    older = selectors.keyset_page(qs, before_id=page.older_cursor, size=2)
    assert names(older.events) == ["middle", "first"] and older.has_newer and not older.has_older
    newer = selectors.keyset_page(qs, after_id=older.newer_cursor, size=2)
    assert names(newer.events) == ["late-load-in", "last"]


def test_single_day_and_empty_range(events):
    qs = selectors.filtered({"date_from": D1, "date_to": D1})
    assert names(qs.order_by("-id")) == ["first"]
    empty = selectors.filtered({"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 1, 2)})
    assert not empty.exists()  # NULL bounds: nothing, no error


def test_open_ranges_are_not_id_bounded(events):
    since = selectors.filtered({"date_from": D1})
    assert names(since.order_by("-id")) == ["newest", "late-load-in", "after", "last", "middle", "first"]
    until = selectors.filtered({"date_to": D2})
    assert names(until.order_by("-id")) == [
        "late-load-out",
        "late-load-in",
        "last",
        "middle",
        "first",
        "before",
    ]
    for qs in (since, until):
        assert "MIN(" not in str(qs.query) and "MAX(" not in str(qs.query)


def test_other_filters_combine_with_the_bounds(events):
    qs = selectors.filtered(
        {"date_from": D1, "date_to": D2, "target_type": "test.thing", "target_id": "middle"}
    )
    assert names(qs) == ["middle"]
    assert names(selectors.filtered({"date_from": D1, "date_to": D2, "action": "other."})) == []
