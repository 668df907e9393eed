"""manage.py exports_sweep — mark exports whose background worker died (no progress for
WAIBAN["EXPORT_STUCK_MINUTES"], default 15) as failed, with a message their owner sees."""

from django.core.management.base import BaseCommand

from apps.exports.services import sweep_stuck


class Command(BaseCommand):
    help = "Mark stuck export jobs (their worker stopped) as failed."

    def handle(self, *args, **options):
        self.stdout.write(f"{sweep_stuck()} stuck export jobs marked failed")
