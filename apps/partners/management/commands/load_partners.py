"""``manage.py load_partners``: Xuzhou's real partner cities with their sources (idempotent)."""

from django.core.management.base import BaseCommand

from apps.partners.services import shipped_partners_load


class Command(BaseCommand):
    help = "Load Xuzhou's partner cities from public sources (domain.md §6); existing rows are kept."

    def handle(self, *args, **options):
        partners = shipped_partners_load()
        self.stdout.write(self.style.SUCCESS(f"{len(partners)} partner cities in the register"))
