"""Reminders of conference requests (registered with ``apps.casework.reminders``): the filing deadline
of a request not yet submitted (3 or 6 months before the meeting, on the holiday calendar) and the
post-conference summary due after the meeting (``conf.SUMMARY_DAYS``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.casework.models import CaseState as S
from apps.casework.reminders import Reminder, schedule

from . import checks, conf

KINDS = {
    "conference_filing": gettext_lazy("国际会议报批期限"),
    "conference_summary": gettext_lazy("会后总结"),
}


def due_reminders(today: dt.date):
    from apps.casework.selectors import recipients_for

    from .models import Conference
    from .services import facts_of

    n = int(conf.REMINDER_WORKING_DAYS.value)
    drafts = Conference.objects.active().filter(state__in=[S.DRAFT, S.RETURNED], start_date__gt=today)
    for c in drafts.select_related("created_by").prefetch_related("countries"):
        level = c.approving_level or checks.approving_level(facts_of(c))[0]
        due = checks.filing_deadline(c.start_date, level)
        when = schedule(today, due, working_days_before=n)
        if when is None:
            continue
        phase, day = when
        months = conf.LEAD_MONTHS.value[level]
        text = _("%(ref)s：国际会议须于会前 %(m)d 个月报批，最迟 %(due)s 提交申请（%(cite)s）。") % {
            "ref": c.reference or c.title,
            "m": months,
            "due": due,
            "cite": conf.LEAD_MONTHS.citation,
        }
        yield Reminder(
            target=c,
            case=c,
            kind="conference_filing",
            due=due,
            phase=phase,
            day=day,
            recipients=recipients_for(case=c, groups=("applicant",)),
            message=text,
        )
    held = Conference.objects.active().filter(state=S.APPROVED, end_date__lt=today)
    for c in held.select_related("created_by", "assignee", "division"):
        due = c.end_date + dt.timedelta(days=int(conf.SUMMARY_DAYS.value))
        when = schedule(today, due, working_days_before=n)
        if when is None:
            continue
        phase, day = when
        text = _("%(ref)s：会议已于 %(end)s 结束，请于 %(due)s 前提交会后总结（实际与会人数）。") % {
            "ref": c.reference or c.title,
            "end": c.end_date,
            "due": due,
        }
        yield Reminder(
            target=c,
            case=c,
            kind="conference_summary",
            due=due,
            phase=phase,
            day=day,
            recipients=recipients_for(case=c, groups=("applicant", "division")),
            message=text,
        )
