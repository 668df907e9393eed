"""``manage.py bench_data --scale 100k``: fill PostgreSQL with the synthetic benchmark data set.

See ``benchmarks/datagen.py``. Meant for a throw-away database (``make bench-data`` creates one).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Fill PostgreSQL with a province-scale synthetic data set (COPY), for load benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="10k", help="number of trips: 10k, 100k, 1m …")
        parser.add_argument("--audit", type=int, default=None, help="audit events (default 10 per trip)")
        parser.add_argument("--report", default="", help="write phase timings as JSON to this file")

    def handle(self, *args, scale, audit, report, **options):
        from benchmarks import datagen

        try:
            plan = datagen.run(scale, audit=audit, log=self.stdout.write)
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if report:
            out = {
                "scale": plan.trips,
                "people": plan.people,
                "audit": plan.audit,
                "units": plan.units,
                "timings_s": plan.timings,
                "stats": plan.stats,
                "database": settings.DATABASES["default"]["NAME"],
            }
            Path(report).write_text(json.dumps(out, ensure_ascii=False, indent=2))
