"""manage.py restore BACKUP --yes — replace the database and attachments with a backup, then check it."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, check, restore


class Command(BaseCommand):
    help = "Restore a backup folder into the configured database and MEDIA_ROOT, then check it."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a waiban-backup-<time>/ folder")
        parser.add_argument("--yes", action="store_true", help="confirm that the database is replaced")

    def handle(self, *args, backup, yes=False, **options):
        if not yes:
            raise CommandError("restore replaces the configured database: add --yes to confirm")
        try:
            restore(backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        problems = check(backup)
        for line in problems:
            self.stdout.write(f"DIFFERS: {line}")
        if problems:
            raise CommandError(f"restored, but {len(problems)} differences from the backup", returncode=1)
        self.stdout.write(
            "restored and checked: every table, the audit chain and every file match the backup"
        )
