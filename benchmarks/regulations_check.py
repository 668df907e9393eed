"""Time the regulation check in-process: `uv run python benchmarks/regulations_check.py`.

Uses the default pack as plain data (no database); the target is ≤ 5 ms per trip.
"""

import datetime as dt
import os
import sys
import timeit
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings_test")

import django

django.setup()

from apps.regulations.defaults import default_pack  # noqa: E402
from apps.regulations.engine import BudgetLine, Leg, Member, Passport, TripFacts, evaluate  # noqa: E402


def typical_trip() -> TripFacts:
    dep = dt.date(2026, 6, 1)
    return TripFacts(
        departure=dep,
        return_date=dep + dt.timedelta(days=9),
        today=dt.date(2026, 4, 1),
        legs=[
            Leg("JP", "asia", city="东京"),
            Leg("KR", "asia", city="首尔"),
            Leg("AE", "asia", transit=True),
        ],
        members=[
            Member(
                i,
                f"成员{i}",
                unit_id=i % 3,
                rank="division" if i == 1 else "staff",
                passports=[Passport("official" if i == 1 else "official_ordinary", dt.date(2030, 1, 1))],
            )
            for i in range(1, 7)
        ],
        invitation_attached=True,
        inviter_is_counterpart=True,
        budget=[
            BudgetLine("lodging", Decimal("80000"), "JPY", "JP", "东京", nights=4),
            BudgetLine("meals", Decimal("50000"), "JPY", "JP", "东京", days=5),
            BudgetLine("lodging", Decimal("720"), "USD", "KR", "首尔", nights=4),
        ],
    )


if __name__ == "__main__":
    pack, facts = default_pack(), typical_trip()
    n = 5000
    seconds = timeit.timeit(lambda: evaluate(facts, pack), number=n)
    print(f"evaluate(): {seconds / n * 1000:.3f} ms per trip ({n} runs)")
