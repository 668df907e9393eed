"""``manage.py trip_reminders [--date YYYY-MM-DD]``: the trips' part of ``manage.py reminders``."""

from apps.casework.management.commands.reminders import SourceCommand


class Command(SourceCommand):
    help = "Send the reminders of trip deadlines (passport return, report, notice end) due today."
    source = "trips"
