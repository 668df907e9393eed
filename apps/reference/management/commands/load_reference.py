"""``manage.py load_reference [--force]``: (re)load countries, the holiday calendar and code lists."""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the shipped reference data; never overwrites an administrator's edits unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="also overwrite rows an administrator edited"
        )

    def handle(self, *args, force=False, **options):
        from apps.reference import calendar
        from apps.reference.loaders import load_all

        with transaction.atomic():
            results = load_all(force=force)
        calendar.invalidate()
        for name, result in results.items():
            self.stdout.write(f"{name}: {result}")
