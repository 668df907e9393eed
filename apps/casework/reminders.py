"""One reminder registry for every app: deadlines told to the people concerned as notifications.

An app registers in its ``AppConfig.ready()`` a provider, ``register_reminders("trips", due_reminders,
kinds={"report": _("出访报告"), ...})``, where ``due_reminders(today)`` yields :class:`Reminder`\\ s: who
(``recipients``), about what (``target``, and the ``case`` the notification links to), which deadline
(``kind``, ``due``), ``phase`` (before the deadline or overdue), the ``day`` the reminder is for and the
``message``. :func:`send_due` sends each reminder once — one table (:class:`ReminderSent`) keyed by
(source, kind, target, due date, phase, day) is the only dedup — as in-app notifications (e-mailed by the
notifications' own task) and, if the provider names one (``action=``), an audit event. Run daily:
``manage.py reminders [--date YYYY-MM-DD] [--source trips]`` from cron or the ``send_reminders``
django-tasks task. Providers decide the days themselves (working days of the holiday calendar with 调休,
once before and every day after, …); the registry decides nothing but "not twice".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

BEFORE = "before"
OVERDUE = "overdue"


@dataclass
class Reminder:
    """One reminder a provider says is due today."""

    target: object  # the model instance the deadline belongs to
    kind: str  # a kind registered by the provider (internal, never shown)
    due: dt.date  # the deadline
    recipients: Collection  # users
    message: str  # what the notification says (translated)
    phase: str = BEFORE  # BEFORE or OVERDUE
    day: dt.date | None = None  # the day this reminder is for (dedup); default: the due date
    case: object = None  # the casework.Case the notification links to (None: no link)
    verb: str = ""  # the notification's verb (default "reminder_<kind>")
    action: object = None  # an audit action recorded when sent (target: action_target or target)
    action_extra: dict = field(default_factory=dict)
    action_target: object = None


@dataclass(frozen=True)
class Provider:
    source: str
    due: Callable[[dt.date], Iterable[Reminder]]
    kinds: dict


_providers: dict[str, Provider] = {}


def register_reminders(source: str, due: Callable[[dt.date], Iterable[Reminder]], *, kinds: dict) -> None:
    """Register ``due(today) -> iterable of Reminder`` under ``source`` with its ``kinds``
    ({code: label}); a kind code is unique across sources (it labels the audit trail)."""
    current = _providers.get(source)
    if current is not None and current.due is not due:
        raise ImproperlyConfigured(f"reminder source {source!r} is already registered")
    for other in _providers.values():
        if other.source != source and set(other.kinds) & set(kinds):
            raise ImproperlyConfigured(f"reminder kinds {set(other.kinds) & set(kinds)} registered twice")
    _providers[source] = Provider(source, due, dict(kinds))


def sources() -> list[str]:
    return sorted(_providers)


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind with its label (the choices of ``ReminderSent.kind``)."""
    return [(code, label) for p in _providers.values() for code, label in p.kinds.items()]


def schedule(today: dt.date, due: dt.date, *, working_days_before: int) -> tuple[str, dt.date] | None:
    """The usual rhythm: one reminder from ``working_days_before`` working days before ``due`` (holiday
    calendar with 调休; sent once, whichever day the run first sees it) and one each day after it.
    Answers (phase, day) for a :class:`Reminder`, or None when nothing is due ``today``."""
    from apps.reference.calendar import subtract_working_days

    if today > due:
        return OVERDUE, today
    if subtract_working_days(due, max(0, int(working_days_before))) <= today:
        return BEFORE, due
    return None


def _target_key(obj) -> tuple:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj, for_concrete_model=False), str(obj.pk)


def send(reminder: Reminder, *, source: str) -> bool:
    """Send one reminder unless it was sent already; True when it was sent now."""
    from apps.audit.services import record
    from apps.casework.services import notify

    from .models import ReminderSent

    if reminder.kind not in _providers[source].kinds:
        raise ImproperlyConfigured(f"reminder kind {reminder.kind!r} not registered by {source!r}")
    target_type, target_id = _target_key(reminder.target)
    key = {
        "source": source,
        "kind": reminder.kind,
        "target_type": target_type,
        "target_id": target_id,
        "due": reminder.due,
        "phase": reminder.phase,
        "day": reminder.day or reminder.due,
    }
    if ReminderSent.objects.filter(**key).exists():
        return False
    users = [u for u in {u for u in reminder.recipients if u is not None} if u.is_active]
    try:
        with transaction.atomic():
            ReminderSent.objects.create(**key, recipients=len(users))
            if users:
                notify(
                    users=users,
                    case=reminder.case,
                    verb=reminder.verb or f"reminder_{reminder.kind}",
                    text=reminder.message,
                )
            if reminder.action is not None:
                record(
                    action=reminder.action,
                    target=reminder.action_target or reminder.target,
                    actor=None,
                    extra={"to": len(users), **reminder.action_extra},
                )
    except IntegrityError:  # another run sent it a moment ago
        log.info("reminder %s/%s for %s already sent", reminder.kind, reminder.phase, key)
        return False
    return True


def send_due(today: dt.date | None = None, *, only: Iterable[str] | None = None) -> dict[str, list[Reminder]]:
    """Send today's reminders of every registered source (or of ``only``); returns what was sent now,
    per source."""
    today = today or timezone.localdate()
    names = list(only) if only is not None else sources()
    sent: dict[str, list[Reminder]] = {}
    for name in names:
        try:
            provider = _providers[name]
        except KeyError:
            raise ImproperlyConfigured(f"unknown reminder source {name!r}") from None
        sent[name] = [r for r in list(provider.due(today)) if send(r, source=name)]
    return sent


def send_source(source: str, today: dt.date | None = None) -> int:
    """How many reminders of ``source`` were sent today (the old per-app commands answer this)."""
    return len(send_due(today, only=[source])[source])


def sent_for(target):
    """The reminders recorded for ``target`` (oldest first)."""
    from .models import ReminderSent

    target_type, target_id = _target_key(target)
    return ReminderSent.objects.filter(target_type=target_type, target_id=target_id).order_by("day", "id")
