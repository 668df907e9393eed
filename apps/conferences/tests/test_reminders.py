"""Conference deadlines as notifications (the one reminder registry): the filing deadline of a request
not yet submitted (3 months before the meeting, moved back to a working day) and the post-conference
summary."""

import datetime as dt

import pytest

from apps.casework.models import Notification
from apps.casework.reminders import send_due
from apps.conferences import checks
from apps.conferences.models import Conference
from apps.reference.calendar import subtract_working_days

pytestmark = pytest.mark.django_db


def run(day):
    return [r.kind for r in send_due(day, only=["conferences"])["conferences"]]


def test_filing_deadline_and_summary(create, people):
    c = create()
    due = checks.filing_deadline(c.start_date, "province")
    first = subtract_working_days(due, 5)
    assert run(first - dt.timedelta(days=1)) == []
    assert run(first) == ["conference_filing"]
    assert run(first) == [] and run(due) == []
    note = Notification.objects.get(recipient=people["clerk"], verb="reminder_conference_filing")
    assert str(due) in note.text and "3 个月" in note.text and note.case_id == c.pk
    assert run(due + dt.timedelta(days=1)) == ["conference_filing"]  # late: every day until it is filed

    end = dt.date(2026, 9, 1)
    Conference.objects.filter(pk=c.pk).update(state="approved", start_date=end, end_date=end)
    assert run(dt.date(2026, 9, 2)) == []  # summary due 10-01 (30 days)
    assert run(dt.date(2026, 10, 2)) == ["conference_summary"]
    texts = Notification.objects.filter(verb="reminder_conference_summary").values_list(
        "recipient", flat=True
    )
    assert people["clerk"].pk in texts
    Conference.objects.filter(pk=c.pk).update(state="closed")
    assert run(dt.date(2026, 10, 3)) == []
