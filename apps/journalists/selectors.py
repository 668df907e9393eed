"""Every read of the journalists' register and of interview requests, through the one data scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.selectors import SCOPE_PATHS
from apps.core.selectors import row_or_404

from . import deadlines
from .models import Bureau, ChangeReport, InterviewRequest, Journalist

REGISTER_PATHS = {"division": "division", "users": ("created_by",)}


def _reader(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("casework.view"))


def journalist_list(*, user) -> QuerySet:
    if not _reader(user):
        return Journalist.objects.none()
    qs = Journalist.objects.active().select_related("nationality", "bureau", "division")
    return scoped(qs, user, **REGISTER_PATHS).order_by("-arrival_date", "-id")


# the columns each list's rows show (``rows.py``): nothing else is read for them (countries by id)
JOURNALIST_COLUMNS = (
    "name", "name_zh", "nationality_id", "media", "kind", "visa_kind", "arrival_date",
    "card_cancelled_on", "press_card_collected_on", "press_card_number",
)  # fmt: skip
BUREAU_COLUMNS = ("name", "name_en", "country_id", "chief_name", "address", "status")
INTERVIEW_COLUMNS = (
    "reference", "journalist_name", "media", "nationality_id", "interviewee", "planned_date", "visa_kind",
    "state",
)  # fmt: skip


def list_rows(qs: QuerySet, columns: tuple[str, ...]) -> QuerySet:
    """``qs`` (a filtered list) narrowed to its table's ``columns``, without joins."""
    return qs.select_related(None).only(*columns)


def journalist_get(*, user, pk) -> Journalist:
    return row_or_404(journalist_list(user=user), pk)


def bureau_list(*, user) -> QuerySet:
    if not _reader(user):
        return Bureau.objects.none()
    qs = Bureau.objects.active().select_related("country", "division")
    return scoped(qs, user, **REGISTER_PATHS).order_by("name", "id")


def bureau_get(*, user, pk) -> Bureau:
    return row_or_404(bureau_list(user=user), pk)


def changes_of(bureau: Bureau) -> QuerySet:
    return ChangeReport.objects.filter(bureau=bureau).select_related("created_by")


def journalist_deadlines(j: Journalist) -> list[deadlines.Deadline]:
    out = []
    if j.kind == "resident":
        out.append(deadlines.press_card(j.arrival_date, j.press_card_collected_on))
    return out


def bureau_deadlines(b: Bureau, changes=None) -> list[deadlines.Deadline]:
    out = []
    for c in changes if changes is not None else changes_of(b):
        out.append(deadlines.change_report(c.changed_on, c.reported_on))
    if b.closure_on:
        out.append(deadlines.closure_notice(b.closure_on, b.closure_notified_on))
        out.append(deadlines.closure_cards(b.closure_on, b.cards_cancelled_on))
    return out


def reminders(*, user, today: dt.date | None = None) -> list[dict]:
    """Open deadlines of the register in the user's scope: overdue first, then the nearest due date;
    plus bureaus deemed closed (10 months without a correspondent) and journalists whose stay this year
    is too short (art. 13)."""
    today = today or timezone.localdate()
    rows = []
    for j in journalist_list(user=user).filter(
        press_card_collected_on__isnull=True, kind="resident", card_cancelled_on__isnull=True
    ):
        for d in journalist_deadlines(j):
            rows.append({"subject": j, "deadline": d, "status": d.status(today)})
    for b in bureau_list(user=user).exclude(status="closed").prefetch_related("changes"):
        for d in bureau_deadlines(b, b.changes.all()):
            if d.done_on is None:
                rows.append({"subject": b, "deadline": d, "status": d.status(today)})
    rows.sort(key=lambda r: (r["status"] != "overdue", r["deadline"].due))
    return rows


def rule_flags(*, user, today: dt.date | None = None) -> list[dict]:
    """Rules that are not deadlines: bureaus deemed closed and stays that are too short."""
    from . import conf

    today = today or timezone.localdate()
    flags = []
    for b in bureau_list(user=user).exclude(status="closed").filter(last_correspondent_left_on__isnull=False):
        when = deadlines.deemed_closed_on(b.last_correspondent_left_on)
        if when <= today:
            flags.append({"subject": b, "text": str(conf.NO_CORRESPONDENT_MONTHS.citation), "date": when})
    for j in journalist_list(user=user).filter(days_in_china__isnull=False, card_cancelled_on__isnull=True):
        if deadlines.too_short_a_stay(j.days_in_china, j.days_in_china_year or today.year):
            flags.append({"subject": j, "text": str(conf.MIN_MONTHS_A_YEAR.citation), "date": None})
    return flags


# --- interview requests ----------------------------------------------------------------------------
def scoped_interviews(user) -> QuerySet:
    if not _reader(user):
        return InterviewRequest.objects.none()
    qs = InterviewRequest.objects.active().select_related(
        "case_type", "applicant_unit", "division", "assignee", "created_by", "nationality"
    )
    return scoped(qs, user, **SCOPE_PATHS)


def interview_list(*, user) -> QuerySet:
    return scoped_interviews(user).order_by("-planned_date", "-id")


def interview_get(*, user, pk) -> InterviewRequest:
    qs = scoped_interviews(user).prefetch_related("units_involved")
    # the joins the page shows (the list's are more)
    related = ("applicant_unit", "nationality", "journalist")
    return row_or_404(qs, pk, user=user, perm="casework.view_case", related=related)
