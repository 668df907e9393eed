"""``manage.py load_demo``: the demo office, its units, one account per role and the routing rules.

Idempotent: a second run finds everything in place and changes nothing. Each app owns its demo data
(``apps/<app>/demo.py``); this command only calls them in order and prints the demo accounts.
"""

import importlib

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def _demo_function(module: str, name: str):
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise CommandError(f"{module} is missing ({exc}); it provides {name}() for the demo.") from exc
    func = getattr(mod, name, None)
    if func is None:
        raise CommandError(f"{module}.{name}() is missing; the demo needs it.")
    return func


class Command(BaseCommand):
    help = "Load the demo organisation, accounts and routing rules (idempotent; never in production data)."

    def handle(self, *args, **options):
        load_org = _demo_function("apps.org.demo", "load")
        load_accounts = _demo_function("apps.accounts.demo", "load")
        load_routing = _demo_function("apps.casework.demo", "load_routing")
        with transaction.atomic():
            office, units = load_org()
            rows = load_accounts(office=office, units=units)
            load_routing({d.code: d for d in office.divisions.all()})
            # Trips: routing rule, people with passports, then a year of trips through the real services.
            _demo_function("apps.trips.demo", "load_setup")({d.code: d for d in office.divisions.all()})
            _demo_function("apps.passports.demo", "load")(units)
            trips = _demo_function("apps.trips.demo", "load")(units)
            # --- invitations (邀请外国人来华): a registered unit and invitations in every state ---
            _demo_function("apps.invitations.demo", "load")()
            # --- end invitations ---
            # --- visits: delegations received, their programme and seating, gifts, the leaders' calendar ---
            _demo_function("apps.visits.demo", "load")(units)
            # --- end visits ---
            # partners: the real partner list, activity from the demo's trips, partnership cases, plans
            _demo_function("apps.partners.demo", "load")(units)
            # --- i13: 涉外管理处 (the division's accounts, conferences, journalists, incidents) ---
            rows = [*(rows or []), *_demo_function("apps.conferences.demo", "load_accounts")()]
            _demo_function("apps.conferences.demo", "load")(units)
            _demo_function("apps.journalists.demo", "load")()
            _demo_function("apps.incidents.demo", "load")()
            _demo_function("apps.honours.demo", "load")()
            # --- end i13 ---
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {office.name}"))
        if trips.get("created") or trips.get("failed"):
            self.stdout.write(
                f"Demo trips: {trips.get('created', 0)} created, {len(trips.get('failed', []))} failed"
            )
        self._print_accounts(rows or [])

    def _print_accounts(self, rows):
        headers = ("username", "password", "role", "where")
        table = [headers, *[tuple(str(r.get(h, "")) for h in headers) for r in rows]]

        def width(text):  # CJK characters take two columns in a terminal
            return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

        widths = [max(width(row[i]) for row in table) for i in range(len(headers))]
        for n, row in enumerate(table):
            cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)]
            self.stdout.write("  ".join(cells).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
