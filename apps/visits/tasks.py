"""The daily gift-declaration reminders (``apps.visits.services.gift_reminders``, this app's part of
``apps.casework.reminders``) as a django-tasks task; ``manage.py reminders`` runs every app's."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def gift_reminders(today: str | None = None) -> int:
    from .services import gift_reminders as send

    return send(today=dt.date.fromisoformat(today) if today else None)
