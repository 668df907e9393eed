"""``manage.py enrolment_code <username>``: issue the one-time code an administrator account needs for its
first two-factor enrolment, from the server's console (audited, with no actor). Meant for the first
security administrator of an installation; afterwards a security administrator issues them in the
user's page."""

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.enrolment import code_issue, minutes
from apps.accounts.models import User
from apps.core.errors import REFUSALS


class Command(BaseCommand):
    help = "Issue a one-time two-factor enrolment code for an administrator account (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            row, code = code_issue(user=user, by=None)
        except REFUSALS as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Enrolment code for {user.username}: {code}")
        self.stdout.write(
            f"Valid {minutes()} minutes (until {row.expires_at:%Y-%m-%d %H:%M %Z}), single use."
        )
