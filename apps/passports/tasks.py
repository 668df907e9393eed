"""Background tasks of the custody register (django-tasks; enqueue daily from cron or a scheduler)."""

from django_tasks import task


@task()
def refresh_passport_statuses() -> dict:
    """Store today's effective statuses (out → overdue, in custody → expired); returns the counts."""
    from .services import refresh_statuses

    return refresh_statuses()
