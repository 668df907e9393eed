"""Close-out reminders (销档提醒): once ``conf.REMINDER_DAYS_BEFORE`` days before the close-out deadline
and every day after it, in-app and by e-mail, to the applicant and the handling division, through the one
reminder registry (``apps.casework.reminders``, which keeps each from being sent twice). Run daily:
``manage.py reminders`` (every app; ``invitation_reminders`` is this app's part only) or the
``send_reminders`` django-tasks task."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from apps.casework import reminders
from apps.casework.reminders import BEFORE, OVERDUE, Reminder

from .actions import InvitationAction as A

KINDS = {"close_out": gettext_lazy("销档")}


def due_reminders(today: dt.date):
    """The close-out reminders due ``today`` (the provider registered with ``apps.casework.reminders``)."""
    from apps.casework.models import CaseState
    from apps.casework.selectors import recipients_for

    from . import conf
    from .models import Invitation

    before = dt.timedelta(days=int(conf.REMINDER_DAYS_BEFORE.value or 0))
    open_ = Invitation.objects.active().filter(state=CaseState.APPROVED, close_out_due__isnull=False)
    for inv in open_.filter(close_out_due__lte=today + before).select_related("created_by", "division"):
        due = inv.close_out_due
        phase = OVERDUE if today > due else BEFORE
        ref = inv.letter_number or inv.reference or inv.title
        if phase == BEFORE:
            text = _("%(ref)s：销档期限为 %(due)s，请在期限前登记被邀请人的实际来华情况。") % {
                "ref": ref,
                "due": due,
            }
        else:
            text = _("%(ref)s：销档已逾期 %(days)s 天（期限 %(due)s），请尽快办理。") % {
                "ref": ref,
                "days": (today - due).days,
                "due": due,
            }
        yield Reminder(
            target=inv,
            case=inv,
            kind="close_out",
            due=due,
            phase=phase,
            day=today if phase == OVERDUE else due,  # "before" once per deadline
            recipients=recipients_for(case=inv, groups=("applicant", "division")),
            message=text,
            action=A.INVITATIONS_REMINDER,
            action_extra={"phase": phase, "deadline": due.isoformat()},
        )


def send_close_out_reminders(today: dt.date | None = None) -> int:
    return reminders.send_source("invitations", today or timezone.localdate())


@task()
def invitation_reminders(today: str | None = None) -> int:
    """This app's part of the daily reminder run as a django-tasks task (``today`` as ISO date)."""
    return send_close_out_reminders(dt.date.fromisoformat(today) if today else None)
