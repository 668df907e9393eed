"""manage.py import_expense_standards FILE.(csv|xlsx) [--dry-run] [--user USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.regulations import importers, services


class Command(BaseCommand):
    help = (
        "Import expense standards (财行〔2013〕516号 table) from CSV or Excel; "
        "duplicates by (country, city group, valid from)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
        parser.add_argument("--user", help="username recorded in the audit trail (needs reference.manage)")

    def handle(self, *args, file, dry_run=False, user=None, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"no such file: {path}")
        try:
            preview = importers.parse_standards(path.read_bytes(), path.name)
        except importers.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for r in preview["rejected"]:
            self.stderr.write(f"line {r['line']}: rejected: {'; '.join(r['reasons'])}")
        self.stdout.write(
            f"add {len(preview['add'])}, update {len(preview['update'])}, "
            f"unchanged {len(preview['unchanged'])}, rejected {len(preview['rejected'])}"
        )
        if dry_run:
            return
        by = _CommandUser()
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"no such user: {user}")
        result = services.standards_import_apply(preview=preview, by=by, filename=path.name)
        self.stdout.write(self.style.SUCCESS(f"added {result['added']}, updated {result['updated']}"))


class _CommandUser:
    """The operator at the server's console: trusted like a migration, audited without a user."""

    pk = None  # no account: the audit event has no actor
    is_authenticated = True  # trusted (apps.core.permissions.require asks for a signed-in, active user)
    is_active = True

    def has_perm(self, perm):
        return True
