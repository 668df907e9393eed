"""manage.py rotate_field_key [--batch-size N] [--model app.Model ...] — re-encrypt every protected column.

Before: put the new key FIRST in WAIBAN_FIELD_ENCRYPTION_KEYS and keep the old one after it
(``new,old``), restart the site (it now encrypts with the new key and still reads the old one). Then run
this command; when it reports no unreadable value, remove the old key from the list. An interrupted run
is run again: values already under the new key are skipped. Exit status 1 when a value could not be
read with any configured key (a key is missing from the list). See apps/core/keyrotation.py.
"""

from django.core.management.base import BaseCommand, CommandError

from apps.core.keyrotation import columns, rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column under the first key of WAIBAN_FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction")
        parser.add_argument(
            "--model", action="append", default=None, help="only this model (app_label.Model)"
        )
        parser.add_argument(
            "--list", dest="list_only", action="store_true", help="list the encrypted columns and stop"
        )

    def handle(self, *args, batch_size=500, model=None, list_only=False, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be ≥ 1")
        if list_only:
            for col in columns(model):
                self.stdout.write(f"{col.label}  ({col.table}.{col.column})")
            return
        verbose = options.get("verbosity", 1) > 1

        def progress(report):
            if verbose:
                self.stderr.write(f"… {report.label}: {report.scanned} values")

        reports = rotate(models=model, batch_size=batch_size, progress=progress)
        unreadable = 0
        for r in reports:
            d = r.as_dict()
            unreadable += d["unreadable"]
            self.stdout.write(
                f"{r.label}: {d['scanned']} values, {d['rotated']} re-encrypted, {d['encrypted']} encrypted "
                f"(were in clear), {d['current']} already current, {d['unreadable']} unreadable"
            )
        if unreadable:
            raise CommandError(
                f"{unreadable} values could not be decrypted with any configured key; they were left as they "
                "are. Add the missing key to WAIBAN_FIELD_ENCRYPTION_KEYS and run again.",
                returncode=1,
            )
        self.stdout.write(f"OK: {len(reports)} encrypted columns under the newest key")
