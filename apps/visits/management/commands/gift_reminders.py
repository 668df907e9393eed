"""``manage.py gift_reminders [--date YYYY-MM-DD]``: remind whoever registered a received gift that its
declaration is due (N working days before, and every working day after the deadline); run daily."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Send the reminders of gift declarations due (on working days of the holiday calendar)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD), default today")

    def handle(self, *args, **options):
        from apps.visits.services import gift_reminders

        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as err:
                raise CommandError(f"invalid date: {options['date']}") from err
        n = gift_reminders(today=today)
        self.stdout.write(f"{n} reminder(s) sent")
