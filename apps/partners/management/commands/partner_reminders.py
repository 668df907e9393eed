"""``manage.py partner_reminders``: the partner cities' part of ``manage.py reminders`` (coming round
anniversaries told to the owning divisions)."""

from apps.casework.management.commands.reminders import SourceCommand


class Command(SourceCommand):
    help = "Notify the owning division of partner-city anniversaries due soon (idempotent per anniversary)."
    source = "partners"
    unit = "notifications sent"

    def count(self, rows) -> int:
        return sum(len({u for u in r.recipients if u.is_active}) for r in rows)
