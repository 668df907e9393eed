"""``manage.py invitation_reminders [--date YYYY-MM-DD]``: this app's part of ``manage.py reminders``."""

from apps.casework.management.commands.reminders import SourceCommand


class Command(SourceCommand):
    help = "Send the close-out reminders of issued invitations due today."
    source = "invitations"
