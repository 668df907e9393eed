"""manage.py audit_anchor — append the head of the audit chain, signed, to the anchor file and log.

Run it every few minutes (cron or a systemd timer) on a host whose anchor file (WAIBAN_AUDIT_ANCHOR_FILE)
the database administrator cannot rewrite; ``audit_verify`` then detects events deleted from the end of
the log or a chain rewritten after an anchor (apps/audit/anchors.py).
"""

from django.core.management.base import BaseCommand

from apps.audit.anchors import write_anchor


class Command(BaseCommand):
    help = "Write a signed anchor (last event id, its hash, the count) of the audit chain."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=None, help="anchor file (default: WAIBAN_AUDIT_ANCHOR_FILE)")

    def handle(self, *args, file=None, **options):
        anchor = write_anchor(path=file)
        self.stdout.write(
            f"anchored: {anchor.count} events, last #{anchor.last_id}, head {anchor.head_hash[:16]}…"
        )
