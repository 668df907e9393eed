"""Nomination steps as notifications: the review group's missing opinions, then the city's approval,
against the case's 办理期限."""

import datetime as dt

import pytest

from apps.casework.models import Notification
from apps.casework.reminders import send_due
from apps.honours import services
from apps.honours.models import Nomination

pytestmark = pytest.mark.django_db


def run(day):
    return [r.kind for r in send_due(day, only=["honours"])["honours"]]


def test_review_then_city_approval_reminders(people, unit, countries):
    n = services.nomination_create(
        by=people["clerk"],
        unit=unit,
        data={
            "nominee_name": "Hans MUSTERMANN",
            "nationality": countries["DE"],
            "employer": "某中外合资企业",
            "supervising_body": unit.name,
            "working_since": dt.date(2020, 1, 1),
            "contributions": "促进中德经贸合作。",
        },
    )
    due = dt.date(2026, 10, 15)  # Thu; 3 working days before: Mon 10-12 (Sat 10-10 is a worked 调休 day)
    Nomination.objects.filter(pk=n.pk).update(state="in_review", due_date=due, assignee=people["staff"])
    assert run(dt.date(2026, 10, 10)) == []
    assert run(dt.date(2026, 10, 12)) == ["honours_review"]
    text = Notification.objects.get(recipient=people["staff"], verb="reminder_honours_review").text
    assert "市外办" in text and "2026-10-15" in text
    Nomination.objects.filter(pk=n.pk).update(state="pending_approval")
    assert run(dt.date(2026, 10, 16)) == ["honours_city_approval"]
    Nomination.objects.filter(pk=n.pk).update(state="approved")
    assert run(dt.date(2026, 10, 17)) == []
