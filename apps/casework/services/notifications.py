"""Notifications: in-app now, e-mail by a background task after the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import recipients
from ..models import Case, Notification


def notify(*, users, case: Case | None, verb: str, text: str) -> list[Notification]:
    """In-app notifications now; emails by a background task after the transaction commits."""
    rows = [
        Notification(recipient=u, case_id=case.pk if case else None, verb=verb, text=str(text)[:500])
        for u in {u for u in users if u is not None and u.is_active}
    ]
    rows = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in rows if n.recipient.email]
    if ids:
        from ..tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return rows


def notify_transition(case, *, spec, name: str, by, comment: str = "") -> None:
    """Tell the transition's declared recipient groups (never the actor) "<case>：<label>（comment）"."""
    users = recipients.resolve(case, spec.notify)
    users.discard(by)
    if not users:
        return
    text = _("%(case)s：%(action)s") % {"case": case.reference or case.title, "action": str(spec.label)}
    if comment:
        text = f"{text}（{comment[:200]}）"
    notify(users=users, case=case, verb=name, text=text)


def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
