"""manage.py audit_purge --before YYYY-MM-DD — delete audit events older than that date.

Refuses any date later than today minus settings.WAIBAN["AUDIT_MIN_RETENTION_DAYS"] (网络安全法 art. 21:
logs kept at least six months); the database refuses it too. The events are removed from the start of the
chain (all ids below the first event kept), and the purge is itself an audit event that records where the
chain now starts, so ``audit_verify`` accepts the new beginning and nothing else.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.services import record

CHUNK = 10000


class Command(BaseCommand):
    help = "Delete audit events older than --before (not allowed within the legal retention period)."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM-DD: delete events before this day")
        parser.add_argument("--dry-run", action="store_true", help="only say how many would be deleted")

    def handle(self, *args, before, dry_run=False, **options):
        try:
            day = dt.date.fromisoformat(before)
        except ValueError as err:
            raise CommandError(f"--before must be a date YYYY-MM-DD, not {before!r}") from err
        min_days = int(settings.WAIBAN.get("AUDIT_MIN_RETENTION_DAYS", 183))
        latest_allowed = timezone.localdate() - dt.timedelta(days=min_days)
        if day > latest_allowed:
            raise CommandError(
                f"refused: audit events must be kept at least {min_days} days "
                f"(网络安全法 art. 21); the latest allowed --before is {latest_allowed.isoformat()}"
            )
        cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())
        first_kept = (
            AuditEvent.objects.filter(at__gte=cutoff).order_by("id").values_list("id", "prev_hash").first()
        )
        doomed = AuditEvent.objects.filter(at__lt=cutoff)
        if first_kept:
            doomed = AuditEvent.objects.filter(id__lt=first_kept[0])
        if dry_run:
            self.stdout.write(f"{doomed.count()} events would be deleted")
            return
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        deleted = 0
        with transaction.atomic():
            while True:
                ids = list(doomed.order_by("id").values_list("id", flat=True)[:CHUNK])
                if not ids:
                    break
                placeholders = ",".join(["%s"] * len(ids))
                with connection.cursor() as cursor:
                    # Raw SQL on purpose: the ORM refuses deletes; the database trigger still checks the age.
                    cursor.execute(f"DELETE FROM {table} WHERE id IN ({placeholders})", ids)  # noqa: S608
                    deleted += cursor.rowcount
            record(
                action=AuditAction.AUDIT_PURGE,
                extra={
                    "before": day.isoformat(),
                    "deleted": deleted,
                    "first_kept_id": first_kept[0] if first_kept else None,
                    "first_kept_prev_hash": first_kept[1] if first_kept else None,
                    "min_retention_days": min_days,
                },
            )
        self.stdout.write(f"Deleted {deleted} audit events before {day.isoformat()}")
