"""``manage.py reminders [--date YYYY-MM-DD] [--source NAME ...]``: send today's deadline reminders of
every app (``apps.casework.reminders``); run daily from cron. Running it twice sends nothing new."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Send the deadline reminders of every registered app due today (never twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD), default today")
        parser.add_argument("--source", action="append", help="only this app's reminders (repeatable)")

    def handle(self, *args, **options):
        from apps.casework import reminders

        today = parse_date(options.get("date"))
        only = options.get("source") or None
        if only:
            unknown = set(only) - set(reminders.sources())
            if unknown:
                raise CommandError(f"unknown source(s): {', '.join(sorted(unknown))}")
        sent = reminders.send_due(today, only=only)
        for source, rows in sent.items():
            self.stdout.write(f"{source}: {len(rows)} reminder(s) sent")
        self.stdout.write(f"{sum(len(r) for r in sent.values())} reminder(s) sent")


def parse_date(value):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise CommandError(f"invalid date: {value}") from err


class SourceCommand(BaseCommand):
    """The old per-app command names (``trip_reminders`` …): the same run for one source."""

    source = ""
    unit = "reminder(s) sent"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD), default today")

    def count(self, rows) -> int:
        return len(rows)

    def handle(self, *args, **options):
        from apps.casework import reminders

        rows = reminders.send_due(parse_date(options.get("date")), only=[self.source])[self.source]
        self.stdout.write(f"{self.count(rows)} {self.unit}")
