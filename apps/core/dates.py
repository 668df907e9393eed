"""Calendar arithmetic shared by the apps (working days live in ``apps.reference.calendar``)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, on the month's last day when it is shorter
    (31 August + 6 months = 28 February)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The dates casework can hold: a birth date, a regulation, a partnership, a trip or a deadline all lie in
# these years. A date outside them is a typing slip (0202 for 2026, 20266) and would turn every sum built
# on it absurd (a trip's days abroad, a deadline's countdown), so no model stores one (``check_dates``).
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def out_of_range_dates(instance) -> list[str]:
    """The verbose names of ``instance``'s date (and date-time) fields holding a date outside
    ``DATE_MIN``–``DATE_MAX``."""
    from django.db import models

    bad = []
    for f in instance._meta.concrete_fields:
        if not isinstance(f, models.DateField):  # DateTimeField is one too
            continue
        value = getattr(instance, f.attname, None)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) and not DATE_MIN <= value <= DATE_MAX:
            bad.append(str(f.verbose_name))
    return bad


def is_casework_model(model) -> bool:
    """A model of this project's own apps (``apps.*``; the tests' case types too). Other libraries' models
    keep their own conventions: django-tasks' database backend stores "run at any time" as the largest
    date-time (``get_date_max()``), which the casework range would refuse — every queued job (exports,
    reminders) failed with 400 in production, where that backend runs."""
    config = model._meta.app_config  # None for Django's own unregistered models (migration records)
    return config is not None and config.name.startswith(("apps.", "tests."))


def check_dates(sender, instance, raw=False, **kwargs):
    """``pre_save`` for every model of the project's apps (connected in ``CoreConfig.ready``): a date
    outside the years casework can hold is refused with a message naming the field (400 on the API, a form
    error on a page), whoever writes it — a form, the API or a service."""
    if raw or not is_casework_model(sender):
        return
    bad = out_of_range_dates(instance)
    if bad:
        from django.utils.translation import gettext as _

        from .errors import ServiceError

        raise ServiceError(
            _("%(fields)s 不是有效日期：应在 %(min)s 年至 %(max)s 年之间。")
            % {"fields": "、".join(bad), "min": DATE_MIN.year, "max": DATE_MAX.year},
            code="date_range",
        )
