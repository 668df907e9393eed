"""Deadline reminders of trips (passport return, report, end of the pre-trip notice).

``send_due_reminders(today)`` sends one reminder ``N`` working days before each deadline (N per deadline
in ``conf.REMINDER_WORKING_DAYS_BEFORE``) and one on every day after a missed deadline, in-app and by
e-mail (``apps.casework.services.notify``). Each reminder is recorded in ``ReminderSent`` so that a
second run on the same day sends nothing. Run daily: ``manage.py trip_reminders`` (cron) or the
``trip_reminders`` django-tasks task.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from apps.audit.actions import AuditAction

log = logging.getLogger(__name__)


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
    from .models import ReminderSent, Stage, Trip

    K = ReminderSent.Kind
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
    from .models import ReminderSent

    what = ReminderSent.Kind(kind).label
    ref = trip.reference or trip.title
    if phase == ReminderSent.Phase.BEFORE:
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


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send today's reminders; returns how many reminders (trip × deadline) were sent."""
    from apps.audit.services import record
    from apps.casework.selectors import recipients_for
    from apps.casework.services import notify
    from apps.reference.calendar import subtract_working_days

    from .models import ReminderSent

    today = today or timezone.localdate()
    sent = 0
    for trip, kind, deadline, groups in list(_open_deadlines(today)):
        if today > deadline:
            phase = ReminderSent.Phase.OVERDUE
        elif subtract_working_days(deadline, _before_days(kind)) <= today:
            phase = ReminderSent.Phase.BEFORE
        else:
            continue
        # the "before" reminder is sent once per deadline, whatever day the job first sees it
        day = today if phase == ReminderSent.Phase.OVERDUE else deadline
        key = {"trip": trip, "kind": kind, "deadline": deadline, "phase": phase, "day": day}
        if ReminderSent.objects.filter(**key).exists():
            continue
        users = recipients_for(case=trip, groups=groups)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(**key, recipients=len(users))
                if users:
                    notify(
                        users=users,
                        case=trip,
                        verb=f"reminder_{kind}",
                        text=_text(trip, kind, deadline, phase, today),
                    )
                record(
                    action=AuditAction.TRIPS_REMINDER,
                    target=trip,
                    actor=None,
                    extra={"kind": kind, "deadline": deadline.isoformat(), "phase": phase, "to": len(users)},
                )
        except IntegrityError:  # another run sent it a moment ago
            log.info("reminder %s/%s for trip %s already sent", kind, phase, trip.pk)
            continue
        sent += 1
    return sent


@task()
def trip_reminders(today: str | None = None) -> int:
    """The daily reminder job as a django-tasks task (``today`` as ISO date, default: today)."""
    return send_due_reminders(dt.date.fromisoformat(today) if today else None)
