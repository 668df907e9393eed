"""``manage.py invitation_reminders [--date YYYY-MM-DD]``: send today's close-out reminders of invitations
(run daily from cron); running it twice on the same day sends nothing new."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Send the close-out reminders of issued invitations due today."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD), default today")

    def handle(self, *args, **options):
        from apps.invitations.tasks import send_close_out_reminders

        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as err:
                raise CommandError(f"invalid date: {options['date']}") from err
        n = send_close_out_reminders(today)
        self.stdout.write(f"{n} reminder(s) sent")
