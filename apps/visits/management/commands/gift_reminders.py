"""``manage.py gift_reminders [--date YYYY-MM-DD]``: the gift declarations' part of ``manage.py
reminders`` (N working days before the deadline and every working day after it)."""

from apps.casework.management.commands.reminders import SourceCommand


class Command(SourceCommand):
    help = "Send the reminders of gift declarations due (on working days of the holiday calendar)."
    source = "visits"
