"""Deadline reminders of trips (passport return, report, end of the pre-trip notice).

``send_due_reminders(today)`` sends one reminder ``N`` working days before each deadline (N per deadline
in ``conf.REMINDER_WORKING_DAYS_BEFORE``) and one on every day after a missed deadline, in-app and by
e-mail, through the one reminder registry (``apps.casework.reminders``, which keeps each from being sent
twice). Run daily: ``manage.py reminders`` (every app; ``trip_reminders`` is the trips' part only) or the
``send_reminders`` django-tasks task.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from apps.audit.actions import AuditAction
from apps.casework import reminders
from apps.casework.reminders import BEFORE, OVERDUE, Reminder


class ReminderKind(models.TextChoices):
    PASSPORT_RETURN = "passport_return", gettext_lazy("证照交回")
    REPORT = "report", gettext_lazy("出访报告")
    NOTICE_END = "notice_end", gettext_lazy("公示期满")


def _before_days(kind: str) -> int:
    from .conf import REMINDER_WORKING_DAYS_BEFORE

    value = REMINDER_WORKING_DAYS_BEFORE.value
    if isinstance(value, dict):
        value = value.get(kind, REMINDER_WORKING_DAYS_BEFORE.default.get(kind, 0))
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _open_deadlines(today: dt.date):
    """(trip, kind, deadline, recipient groups) for every deadline not yet met."""
    from .models import Stage, Trip

    K = ReminderKind
    active = Trip.objects.active().select_related("created_by", "assignee", "division")
    # the notices' ends: the unit's pre-trip notice (its result before it applies), the post-trip notice
    # (its result before the case is closed)
    for trip in active.filter(
        state__in=("draft", "returned"), unit_notice_end__isnull=False, unit_notice_result=""
    ):
        yield trip, K.NOTICE_END, trip.unit_notice_end, ("applicant",)
    for trip in active.filter(stage=Stage.POST_NOTICE, post_notice_end__isnull=False, post_notice_result=""):
        yield trip, K.NOTICE_END, trip.post_notice_end, ("division", "applicant")
    for trip in active.filter(
        stage__in=[Stage.RETURNED, Stage.PASSPORTS_BACK],
        report_filed_at__isnull=True,
        report_due__isnull=False,
    ):
        yield trip, K.REPORT, trip.report_due, ("applicant", "travellers", "division")
    passport_trips = active.filter(
        passports_due__isnull=False,
        members__passport_released_at__isnull=False,
        members__passport_returned_at__isnull=True,
    ).distinct()
    for trip in passport_trips:
        yield trip, K.PASSPORT_RETURN, trip.passports_due, ("applicant", "travellers", "custody")


def _text(trip, kind: str, deadline: dt.date, phase: str, today: dt.date) -> str:
    what = ReminderKind(kind).label
    ref = trip.reference or trip.title
    if phase == BEFORE:
        return _("%(ref)s：%(what)s期限为 %(due)s，请按时办理。") % {
            "ref": ref,
            "what": what,
            "due": deadline,
        }
    return _("%(ref)s：%(what)s已逾期 %(days)d 天（期限 %(due)s），请尽快办理。") % {
        "ref": ref,
        "what": what,
        "days": (today - deadline).days,
        "due": deadline,
    }


def due_reminders(today: dt.date):
    """The trip reminders due ``today`` (the provider registered with ``apps.casework.reminders``)."""
    from apps.casework.selectors import recipients_for
    from apps.reference.calendar import subtract_working_days

    for trip, kind, deadline, groups in list(_open_deadlines(today)):
        if today > deadline:
            phase = OVERDUE
        elif subtract_working_days(deadline, _before_days(kind)) <= today:
            phase = BEFORE
        else:
            continue
        yield Reminder(
            target=trip,
            case=trip,
            kind=str(kind),
            due=deadline,
            phase=phase,
            # the "before" reminder is sent once per deadline, whatever day the job first sees it
            day=today if phase == OVERDUE else deadline,
            recipients=recipients_for(case=trip, groups=groups),
            message=_text(trip, kind, deadline, phase, today),
            action=AuditAction.TRIPS_REMINDER,
            action_extra={"kind": str(kind), "deadline": deadline.isoformat(), "phase": phase},
        )


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send today's trip reminders; returns how many reminders (trip × deadline) were sent."""
    return reminders.send_source("trips", today)


@task()
def trip_reminders(today: str | None = None) -> int:
    """The trips' part of the daily reminder run as a django-tasks task (``today`` as ISO date)."""
    return send_due_reminders(dt.date.fromisoformat(today) if today else None)
