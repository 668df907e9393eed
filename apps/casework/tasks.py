"""Background tasks of the casework engine (django-tasks: the database backend in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification to its recipient; returns how many were sent."""
    from .models import Notification

    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient", "case"
    )
    for n in rows:
        if not n.recipient.email:
            continue
        subject = _("【外事业务系统】%(text)s") % {"text": n.text[:60]}
        send_mail(subject, n.text, settings.DEFAULT_FROM_EMAIL, [n.recipient.email], fail_silently=False)
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@task()
def send_reminders(today: str | None = None) -> int:
    """The daily reminder run of every app (``apps.casework.reminders``) as a django-tasks task
    (``today`` as ISO date, default today); returns how many reminders were sent."""
    import datetime as dt

    from .reminders import send_due

    sent = send_due(dt.date.fromisoformat(today) if today else None)
    return sum(len(rows) for rows in sent.values())
