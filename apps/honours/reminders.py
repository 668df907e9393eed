"""Reminders of nominations (registered with ``apps.casework.reminders``): the review group's opinions
still missing, and the city government's approval awaited, each against the case's 办理期限."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.casework.models import CaseState as S
from apps.casework.reminders import Reminder, schedule

from . import conf

KINDS = {
    "honours_review": gettext_lazy("评审小组意见"),
    "honours_city_approval": gettext_lazy("市政府审批"),
}


def due_reminders(today: dt.date):
    from apps.casework.selectors import recipients_for

    from .models import Nomination

    n = int(conf.REMINDER_WORKING_DAYS.value)
    open_ = Nomination.objects.active().filter(
        state__in=[S.IN_REVIEW, S.PENDING_APPROVAL], due_date__isnull=False
    )
    for nom in open_.select_related("assignee", "division", "created_by").prefetch_related("opinions"):
        when = schedule(today, nom.due_date, working_days_before=n)
        if when is None:
            continue
        phase, day = when
        ref = nom.reference or nom.title
        if nom.state == S.IN_REVIEW:
            given = {o.body for o in nom.opinions.all()}
            missing = [b for b in conf.REVIEW_BODIES.value if b not in given]
            if not missing:
                continue
            kind = "honours_review"
            text = _("%(ref)s：评审小组尚有 %(bodies)s 的意见未登记，办理期限 %(due)s。") % {
                "ref": ref,
                "bodies": "、".join(missing),
                "due": nom.due_date,
            }
        else:
            kind = "honours_city_approval"
            text = _("%(ref)s：已报市政府审批，请跟进批复，办理期限 %(due)s。") % {
                "ref": ref,
                "due": nom.due_date,
            }
        yield Reminder(
            target=nom,
            case=nom,
            kind=kind,
            due=nom.due_date,
            phase=phase,
            day=day,
            recipients=recipients_for(case=nom, groups=("division",)),
            message=text,
        )
