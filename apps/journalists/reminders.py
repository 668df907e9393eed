"""Reminders of the foreign journalists' register (registered with ``apps.casework.reminders``): the
deadlines of State Council Order 537 (``deadlines``: working days on the holiday calendar with 调休) told
to the handling division's reviewers — press card within 7 working days of arrival, the closing bureau's
30 days' notice and the cancellation of its cards, a bureau 10 months without a correspondent (deemed
closed) and a resident correspondent under 6 months a year in China."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.casework.reminders import BEFORE, Reminder, schedule

from . import conf, deadlines

KINDS = {
    "journalist_press_card": gettext_lazy("领取记者证"),
    "bureau_change_report": gettext_lazy("报告变更"),
    "bureau_closure_notice": gettext_lazy("提前告知终止业务"),
    "bureau_closure_cards": gettext_lazy("注销记者证"),
    "bureau_no_correspondent": gettext_lazy("连续 10 个月无常驻记者"),
    "journalist_short_stay": gettext_lazy("每年在华不足 6 个月"),
}
_BUREAU_KINDS = {
    "change_report": "bureau_change_report",
    "closure_notice": "bureau_closure_notice",
    "closure_cards": "bureau_closure_cards",
}


def _reviewers(division):
    from apps.accounts.selectors import users_with_perm

    return list(users_with_perm("casework.review", division=division))


def _text(subject: str, d: deadlines.Deadline, phase: str) -> str:
    if phase == BEFORE:
        return _("%(who)s：%(what)s期限为 %(due)s（%(cite)s）。") % {
            "who": subject,
            "what": d.label,
            "due": d.due,
            "cite": d.citation,
        }
    return _("%(who)s：%(what)s已逾期（期限 %(due)s，%(cite)s）。") % {
        "who": subject,
        "what": d.label,
        "due": d.due,
        "cite": d.citation,
    }


def due_reminders(today: dt.date):
    from .models import Bureau, Journalist
    from .selectors import bureau_deadlines

    n = int(conf.REMINDER_WORKING_DAYS.value)
    reviewers: dict = {}

    def told(division):
        if division.pk not in reviewers:
            reviewers[division.pk] = _reviewers(division)
        return reviewers[division.pk]

    journalists = (
        Journalist.objects.active().filter(card_cancelled_on__isnull=True).select_related("division")
    )
    for j in journalists.filter(kind="resident", press_card_collected_on__isnull=True):
        d = deadlines.press_card(j.arrival_date, None)
        when = schedule(today, d.due, working_days_before=n)
        if when:
            yield Reminder(
                target=j,
                kind="journalist_press_card",
                due=d.due,
                phase=when[0],
                day=when[1],
                recipients=told(j.division),
                message=_text(j.name, d, when[0]),
            )
    for j in journalists.filter(days_in_china__isnull=False):
        year = j.days_in_china_year or today.year
        if deadlines.too_short_a_stay(j.days_in_china, year):
            yield Reminder(  # once per journalist and year
                target=j,
                kind="journalist_short_stay",
                due=dt.date(year, 12, 31),
                recipients=told(j.division),
                message=_(
                    "%(who)s：%(year)s 年在华 %(days)s 天，不足 %(m)s 个月，应注销其记者证（%(cite)s）。"
                )
                % {
                    "who": j.name,
                    "year": year,
                    "days": j.days_in_china,
                    "m": conf.MIN_MONTHS_A_YEAR.value,
                    "cite": conf.MIN_MONTHS_A_YEAR.citation,
                },
            )
    bureaus = Bureau.objects.active().exclude(status="closed").select_related("division")
    for b in bureaus.prefetch_related("changes"):
        for d in bureau_deadlines(b, b.changes.all()):
            if d.done_on is not None:
                continue
            when = schedule(today, d.due, working_days_before=n)
            if when:
                yield Reminder(
                    target=b,
                    kind=_BUREAU_KINDS[d.key],
                    due=d.due,
                    phase=when[0],
                    day=when[1],
                    recipients=told(b.division),
                    message=_text(b.name, d, when[0]),
                )
        if b.last_correspondent_left_on:
            due = deadlines.deemed_closed_on(b.last_correspondent_left_on)
            when = schedule(today, due, working_days_before=n)
            if when and when[0] == BEFORE:  # told once before; after it the bureau is deemed closed
                yield Reminder(
                    target=b,
                    kind="bureau_no_correspondent",
                    due=due,
                    phase=BEFORE,
                    day=due,
                    recipients=told(b.division),
                    message=_(
                        "%(who)s：自 %(left)s 起无常驻记者，至 %(due)s 满 %(m)s 个月将视为终止业务"
                        "（%(cite)s）。"
                    )
                    % {
                        "who": b.name,
                        "left": b.last_correspondent_left_on,
                        "due": due,
                        "m": conf.NO_CORRESPONDENT_MONTHS.value,
                        "cite": conf.NO_CORRESPONDENT_MONTHS.citation,
                    },
                )
            elif when:  # deemed closed: said once, on the day it is first seen
                yield Reminder(
                    target=b,
                    kind="bureau_no_correspondent",
                    due=due,
                    phase=when[0],
                    day=due,
                    recipients=told(b.division),
                    message=_("%(who)s：连续 %(m)s 个月无常驻记者，自 %(due)s 起视为终止业务（%(cite)s）。")
                    % {
                        "who": b.name,
                        "m": conf.NO_CORRESPONDENT_MONTHS.value,
                        "due": due,
                        "cite": conf.NO_CORRESPONDENT_MONTHS.citation,
                    },
                )
