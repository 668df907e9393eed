"""manage.py load_demo: a year of trips in every state and stage, and a second run changes nothing."""

import pytest
from django.core.management import call_command

from apps.audit.models import AuditEvent
from apps.casework.models import CaseState
from apps.passports.models import Passport
from apps.trips.models import FindingOverride, Stage, Trip

pytestmark = pytest.mark.django_db


def counts():
    return (
        Trip.objects.count(),
        FindingOverride.objects.count(),
        AuditEvent.objects.count(),
        Passport.objects.filter(status__in=("out", "overdue")).count(),
    )


def test_load_demo_twice_gives_a_year_of_trips_in_every_state(capsys):
    from django.utils import timezone

    from apps.passports.selectors import status_q
    from apps.trips import reports

    call_command("load_demo")
    first = counts()
    assert "0 failed" in capsys.readouterr().out
    call_command("load_demo")
    assert counts() == first  # idempotent

    trips = Trip.objects.all()
    assert 60 <= trips.count() <= 120
    pairs = set(trips.values_list("state", "stage"))
    states = {s for s, _ in pairs}
    stages = {st for _, st in pairs}
    assert states == set(CaseState.values)
    assert stages == set(Stage.values)
    # rejected (and then closed), withdrawn, cancelled (closed or not)
    assert ("rejected", "application") in pairs and ("closed", "cancelled") in pairs
    assert ("approved", "cancelled") in pairs
    # warnings with overrides by reviewers, and a leader's decision on a blocking finding
    assert FindingOverride.objects.filter(severity="warning").count() >= 5
    assert FindingOverride.objects.filter(severity="blocking").exists()
    # some passports overdue, some reports overdue
    today = timezone.localdate()
    assert Passport.objects.filter(status_q("overdue", today)).exists()
    assert Trip.objects.filter(report_due__lt=today, report_filed_at__isnull=True).exists()
    # timelines are real and dated over the past year
    closed = Trip.objects.filter(state="closed", stage="closed").order_by("departure_date").first()
    assert closed.departure_date < today - __import__("datetime").timedelta(days=250)
    names = list(closed.timeline.exclude(transition="").values_list("transition", flat=True))
    assert names[:3] == ["create", "sign_unit", "submit"] and names[-1] == "close"
    assert [s.kind for s in closed.steps.filter(is_active=True)] == [
        "unit_sign",
        "staff",
        "division_head",
        "office_leader",
        "final",
    ]
    assert closed.final_approver_name == "市政府分管副市长"
    assert closed.timeline.order_by("at").first().at.date() < closed.departure_date
    assert AuditEvent.objects.filter(action="casework.depart").count() >= 20
    # the statistics have something to show
    from apps.accounts.models import User

    leader = User.objects.get(username="zhuren")
    assert reports.statistics(user=leader, year=today.year, by="month")[1].trips > 0
