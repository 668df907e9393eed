"""manage.py backup_check BACKUP — compare the database and attachments with a backup's manifest: row counts
of every table, the audit chain (verified) and its head, the SHA-256 of every file."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, check


class Command(BaseCommand):
    help = "Check that the configured database and MEDIA_ROOT hold everything a backup holds."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a waiban-backup-<time>/ folder")

    def handle(self, *args, backup, **options):
        try:
            problems = check(backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in problems:
            self.stdout.write(f"DIFFERS: {line}")
        if problems:
            raise CommandError(f"{len(problems)} differences from the backup", returncode=1)
        self.stdout.write("OK: every table, the audit chain and every file match the backup")
