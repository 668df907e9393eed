"""``manage.py partner_reminders``: tell the owning divisions of coming round anniversaries (run daily)."""

from django.core.management.base import BaseCommand

from apps.partners.services import anniversary_reminders_send


class Command(BaseCommand):
    help = "Notify the owning division of partner-city anniversaries due soon (idempotent per anniversary)."

    def handle(self, *args, **options):
        self.stdout.write(f"{anniversary_reminders_send()} notifications sent")
