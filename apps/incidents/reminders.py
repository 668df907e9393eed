"""Reminders of open incidents (registered with ``apps.casework.reminders``), told only to the incident's
circle: the treaty deadline to notify a detained foreigner's mission (days per country, ``TreatyDeadline``)
and the tasks given to units (their handling division and the tasked unit). The notification names the
incident's reference and the deadline only, never the people concerned."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.casework.reminders import BEFORE, Reminder, schedule

from . import conf

KINDS = {
    "incident_mission_notice": gettext_lazy("通知外国驻华使领馆"),
    "incident_task": gettext_lazy("交办任务"),
}


def _handlers(incident) -> list:
    from apps.accounts.selectors import users_with_perm

    users = set(users_with_perm("casework.review", division=incident.division_id))
    users.update(m.user for m in incident.memberships.all())
    return list(users)


def due_reminders(today: dt.date):
    from apps.accounts.selectors import users_with_perm

    from .models import Incident, State, Task, TreatyDeadline

    n = int(conf.TASK_REMINDER_WORKING_DAYS.value)
    days = dict(TreatyDeadline.objects.values_list("country_id", "days"))
    detained = Incident.objects.active().filter(
        state=State.OPEN,
        direction="inbound",
        detained_on__isnull=False,
        mission_notified_on__isnull=True,
        country_id__in=list(days),
    )
    for inc in detained.prefetch_related("memberships__user"):
        due = inc.detained_on + dt.timedelta(days=days[inc.country_id])
        when = schedule(today, due, working_days_before=n)
        if when:
            yield Reminder(
                target=inc,
                kind="incident_mission_notice",
                due=due,
                phase=when[0],
                day=when[1],
                recipients=_handlers(inc),
                message=_("%(ref)s：须在 %(due)s 前通知当事人所属国驻华使领馆（领事条约规定 %(days)s 日）。")
                % {"ref": inc.reference, "due": due, "days": days[inc.country_id]},
            )
    tasks = Task.objects.filter(
        done_on__isnull=True, incident__state=State.OPEN, incident__archived_at__isnull=True
    ).select_related("incident", "unit")
    viewers = users_with_perm("casework.view")
    for task in tasks:
        when = schedule(today, task.due_date, working_days_before=n)
        if when is None:
            continue
        recipients = [*viewers.filter(unit=task.unit), task.created_by]
        yield Reminder(
            target=task,
            kind="incident_task",
            due=task.due_date,
            phase=when[0],
            day=when[1],
            recipients=recipients,
            message=(
                _("%(ref)s：交办%(unit)s的任务“%(task)s”期限为 %(due)s。")
                if when[0] == BEFORE
                else _("%(ref)s：交办%(unit)s的任务“%(task)s”已逾期（期限 %(due)s），请尽快办理。")
            )
            % {
                "ref": task.incident.reference,
                "unit": task.unit.name,
                "task": task.description,
                "due": task.due_date,
            },
        )
