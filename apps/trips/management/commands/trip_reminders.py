"""``manage.py trip_reminders [--date YYYY-MM-DD]``: send today's trip deadline reminders (run daily from
cron); running it twice on the same day sends nothing new."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Send the reminders of trip deadlines (passport return, report, notice end) due today."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD), default today")

    def handle(self, *args, **options):
        from apps.trips.tasks import send_due_reminders

        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as err:
                raise CommandError(f"invalid date: {options['date']}") from err
        n = send_due_reminders(today)
        self.stdout.write(f"{n} reminder(s) sent")
