"""Reads of the custody register; every queryset passes through :func:`apps.people.access.scoped`
(a passport belongs to its holder's unit).

For other apps (trips): ``passports_of(user=, person=)``, ``valid_passport_for(person=, kind=, on=)``,
``unit_suspended(unit, today)`` (may this unit file a new application?).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from apps.core.dates import add_months
from apps.core.selectors import row_or_404
from apps.people.access import scoped

from . import conf
from .models import FINAL_STATUSES, OFFICIAL_PASSPORT_KINDS, OUT_STATUSES, CustodyEvent, Passport, Status


def _today(today):
    return today or timezone.localdate()


def passport_queryset(*, user):
    qs = Passport.objects.select_related("holder", "holder__unit", "current_checkout", "current_checkout__by")
    return scoped(qs, user, unit="holder__unit", person_user="holder__user")


def status_q(status: str, today: datetime.date) -> Q:
    """Rows whose *effective* status (see ``Passport.effective_status``) is ``status`` on ``today``."""
    overdue = Q(status__in=OUT_STATUSES, due_back__lt=today)  # the copy on the row: no join
    if status == Status.OVERDUE:
        return overdue
    if status == Status.OUT:
        return Q(status__in=OUT_STATUSES) & ~overdue
    if status == Status.EXPIRED:
        return Q(status__in=(Status.IN_CUSTODY, Status.EXPIRED), expiry_date__lt=today)
    if status == Status.IN_CUSTODY:
        return Q(status__in=(Status.IN_CUSTODY, Status.EXPIRED), expiry_date__gte=today)
    return Q(status=status)


def passport_list(*, user):
    """The custody register: passports of people in the user's scope, by holder (pinyin) and kind; its
    filters are ``apps.passports.filters.PassportFilter``."""
    return passport_queryset(user=user).order_by("holder__pinyin", "kind", "id")


# the columns the lists' rows show (``rows.passport_rows``): nothing else of the passport or its holder
# is read (no check-out rows: the due date is kept on the passport)
LIST_COLUMNS = (
    "holder__full_name", "holder__unit__name", "kind", "number", "expiry_date", "status", "due_back",
)  # fmt: skip


def list_rows(qs):
    """``qs`` (one of the lists) narrowed to the table's columns and the joins they need."""
    return qs.select_related(None).select_related("holder__unit").only(*LIST_COLUMNS)


def passport_get(*, user, pk) -> Passport:
    return row_or_404(passport_queryset(user=user), pk)


def application_list(*, user):
    """Passport applications in progress (在办) of people in the user's scope, oldest first."""
    from .models import PassportApplication

    qs = PassportApplication.objects.select_related("holder", "holder__unit").filter(
        status=PassportApplication.Status.APPLIED
    )
    return scoped(qs, user, unit="holder__unit", person_user="holder__user").order_by("applied_on", "id")


def application_get(*, user, pk):
    from .models import PassportApplication

    qs = PassportApplication.objects.select_related("holder")
    return row_or_404(scoped(qs, user, unit="holder__unit", person_user="holder__user"), pk)


def passports_of(*, user, person):
    return passport_queryset(user=user).filter(holder=person).order_by("-expiry_date")


def expiring_list(*, user, today: datetime.date | None = None, months: int | None = None):
    """Valid passports whose expiry falls within ``months`` (default 6, configurable) from today,
    both ends included: renew them before the next trip."""
    today = _today(today)
    months = conf.EXPIRY_WARNING_MONTHS.value if months is None else months
    limit = add_months(today, months)
    return (
        passport_queryset(user=user)
        .exclude(status__in=FINAL_STATUSES)
        .filter(expiry_date__gte=today, expiry_date__lte=limit)
        .order_by("expiry_date", "id")
    )


def out_list(*, user, today: datetime.date | None = None):
    """Every passport out of custody (on time or overdue), soonest due first."""
    return passport_queryset(user=user).filter(status__in=OUT_STATUSES).order_by("due_back", "id")


def overdue_list(*, user, today: datetime.date | None = None):
    """Passports out past their due date, longest overdue first; ``p.days_overdue(today)`` gives days."""
    today = _today(today)
    return passport_queryset(user=user).filter(status_q(Status.OVERDUE, today)).order_by("due_back", "id")


def custody_log(*, passport: Passport):
    return CustodyEvent.objects.filter(passport=passport).select_related("by", "returned_to", "case")


def valid_passport_for(
    *, person, kind: str | None = None, on: datetime.date | None = None
) -> Passport | None:
    """The holder's valid passport (of ``kind``, or any official kind) on a day; no scope (callers
    have already scoped the person)."""
    on = _today(on)
    qs = Passport.objects.filter(holder=person, expiry_date__gte=on).exclude(status__in=FINAL_STATUSES)
    qs = qs.filter(kind=kind) if kind else qs.filter(kind__in=OFFICIAL_PASSPORT_KINDS)
    return qs.order_by("-expiry_date").first()


def valid_passports_for(
    *, persons, kind: str | None = None, on: datetime.date | None = None
) -> dict[int, Passport]:
    """``valid_passport_for`` of several people in one query: person id → their passport (people
    without one are absent)."""
    ids = [getattr(p, "pk", p) for p in persons]
    if not ids:
        return {}
    on = _today(on)
    qs = Passport.objects.filter(holder_id__in=ids, expiry_date__gte=on).exclude(status__in=FINAL_STATUSES)
    qs = qs.filter(kind=kind) if kind else qs.filter(kind__in=OFFICIAL_PASSPORT_KINDS)
    out: dict[int, Passport] = {}
    for passport in qs.order_by("holder_id", "-expiry_date", "-id"):
        out.setdefault(passport.holder_id, passport)
    return out


def unit_suspended(unit, today: datetime.date | None = None) -> tuple[bool, list[Passport]]:
    """Is the unit barred from filing new applications? ``(True, passports)`` when one of its people's
    passports is overdue by more than ``PASSPORT_SUSPEND_AFTER_OVERDUE_DAYS`` (30, Beijing FAO rule)
    and the rule is enabled; the passports are those causing it. Not scoped: a system check."""
    today = _today(today)
    if not conf.SUSPENSION_ENABLED.value:
        return False, []
    limit = today - datetime.timedelta(days=int(conf.SUSPEND_AFTER_OVERDUE_DAYS.value))
    passports = list(
        Passport.objects.select_related("holder", "current_checkout")
        .filter(holder__unit=unit, status__in=OUT_STATUSES, current_checkout__due_back__lt=limit)
        .order_by("current_checkout__due_back")
    )
    return bool(passports), passports
