"""Close-out reminders (销档提醒): once ``conf.REMINDER_DAYS_BEFORE`` days before the close-out deadline
and every day after it, in-app and by e-mail, to the applicant and the handling division. Each reminder
is recorded (``CloseOutReminder``) so that a second run on the same day sends nothing. Run daily:
``manage.py invitation_reminders`` (cron) or the ``invitation_reminders`` django-tasks task."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .actions import InvitationAction as A

log = logging.getLogger(__name__)


def send_close_out_reminders(today: dt.date | None = None) -> int:
    from apps.audit.services import record
    from apps.casework.models import CaseState
    from apps.casework.selectors import recipients_for
    from apps.casework.services import notify

    from . import conf
    from .models import CloseOutReminder, Invitation

    today = today or timezone.localdate()
    before = dt.timedelta(days=int(conf.REMINDER_DAYS_BEFORE.value or 0))
    P = CloseOutReminder.Phase
    sent = 0
    open_ = Invitation.objects.active().filter(state=CaseState.APPROVED, close_out_due__isnull=False)
    for inv in open_.filter(close_out_due__lte=today + before).select_related("created_by", "division"):
        due = inv.close_out_due
        phase = P.OVERDUE if today > due else P.BEFORE
        day = today if phase == P.OVERDUE else due  # "before" once per deadline
        key = {"invitation": inv, "phase": phase, "day": day, "deadline": due}
        if CloseOutReminder.objects.filter(**key).exists():
            continue
        users = recipients_for(case=inv, groups=("applicant", "division"))
        ref = inv.letter_number or inv.reference or inv.title
        if phase == P.BEFORE:
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
        try:
            with transaction.atomic():
                CloseOutReminder.objects.create(**key, recipients=len(users))
                if users:
                    notify(users=users, case=inv, verb="reminder_close_out", text=text)
                record(
                    action=A.INVITATIONS_REMINDER,
                    target=inv,
                    actor=None,
                    extra={"phase": phase, "deadline": due.isoformat(), "to": len(users)},
                )
        except IntegrityError:
            log.info("close-out reminder %s for invitation %s already sent", phase, inv.pk)
            continue
        sent += 1
    return sent


@task()
def invitation_reminders(today: str | None = None) -> int:
    """The daily reminder job as a django-tasks task (``today`` as ISO date, default: today)."""
    return send_close_out_reminders(dt.date.fromisoformat(today) if today else None)
