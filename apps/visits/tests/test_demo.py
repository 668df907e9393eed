"""The visits demo: visits in several states with programmes and seating, gifts, the calendar; twice
changes nothing."""

import pytest

from apps.visits import demo, protocol, selectors
from apps.visits.models import CalendarEntry, Event, Gift, Visit

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent():
    from apps.accounts import demo as accounts_demo
    from apps.casework.demo import load_routing
    from apps.org import demo as org_demo

    office, units = org_demo.load()
    accounts_demo.load(office=office, units=units)
    load_routing({d.code: d for d in office.divisions.all()})
    assert demo.load(units)["created"] == 4
    counts = (
        Visit.objects.count(),
        Event.objects.count(),
        Gift.objects.count(),
        CalendarEntry.objects.count(),
    )
    assert demo.load(units)["created"] == 0
    assert counts == (
        Visit.objects.count(),
        Event.objects.count(),
        Gift.objects.count(),
        CalendarEntry.objects.count(),
    )
    assert set(Visit.objects.values_list("state", flat=True)) == {"approved", "closed", "draft", "submitted"}
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"meeting", "talks", "banquet", "signing", "photo"} <= kinds
    for event in Event.objects.exclude(kind="tour"):
        plan = selectors.seating_plan(event)
        assert plan is not None and protocol.check_plan(plan) == []
    assert Gift.objects.filter(declaration_due__isnull=True, direction="received").exists()
    assert CalendarEntry.objects.filter(event__isnull=False).exists()
