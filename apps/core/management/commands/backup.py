"""manage.py backup DEST — the database and every attachment, with a manifest (apps/core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new folder under DEST, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("dest", help="folder that receives waiban-backup-<time>/")

    def handle(self, *args, dest, **options):
        try:
            folder = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
