"""In-process timing of the hot pages: Django test client, no server, ``N`` repeated requests, medians.

    source benchmarks/env.sh && uv run python benchmarks/profile_pages.py [--n 20] [--only detail] [--sql]

For every page and user it prints the median and p90 wall time of ``--n`` requests (after one warm-up
request), the SQL statements per request and the total SQL time of one captured request. ``--sql``
also prints the five slowest statements of that request. Targets are picked as in ``bench.py``.
``cpu`` is this process's CPU time per request (``time.process_time``: the Python part, without the
wait for SQL and mostly without the machine's other load), page ÷ floor likewise.

Each page request is followed by one request of the framework floor (``/__bench__/floor``, same user),
and ``ratio`` is the page's median ÷ the floor's median over those interleaved requests: on a shared
machine whose load changes by the minute, only a floor measured at the same moment is comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")
os.environ.setdefault("WAIBAN_BENCH", "1")  # mounts the framework floor /__bench__/floor

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.bench import pick_targets  # noqa: E402
from benchmarks.datagen import REVIEWER  # noqa: E402
from benchmarks.datagen_more import FA_STAFF  # noqa: E402
from benchmarks.datagen_more import targets as other_targets  # noqa: E402


def other_pages(o: dict) -> list[tuple[str, str]]:
    """The other case types' lists and detail pages (``benchmarks/datagen_more.py``), for 涉外管理处 staff."""
    out = [("floor", "/__bench__/floor"), ("shell", "/__bench__/shell")]
    for name, url in (
        ("conferences", "/conferences/"),
        ("journalists", "/journalists/"),
        ("bureaus", "/journalists/bureaus/"),
        ("interviews", "/journalists/interviews/"),
        ("incidents", "/incidents/"),
        ("honours", "/honours/"),
        ("invitations", "/invitations/"),
        ("partners", "/partners/"),
    ):
        out.append((f"{name}_list", url))
    for key, url in (
        ("conference", "/conferences/{}/"),
        ("journalist", "/journalists/{}/"),
        ("bureau", "/journalists/bureaus/{}/"),
        ("interview", "/journalists/interviews/{}/"),
        ("incident", "/incidents/{}/"),
        ("nomination", "/honours/{}/"),
    ):
        if key in o:
            out.append((f"{key}_detail", url.format(o[key])))
    return out


def pages(t: dict) -> list[tuple[str, str]]:
    return [
        ("floor", "/__bench__/floor"),
        ("shell", "/__bench__/shell"),
        ("inbox", "/cases/inbox/"),
        ("list_p1", "/cases/?case_type=trip"),
        ("list_p1_closed", f"/cases/?case_type=trip&state={t['list_state']}"),
        ("list_mid", "/cases/?case_type=trip&page=200"),
        ("list_deep_closed", f"/cases/?case_type=trip&state={t['list_state']}&page={t['deep_page']}"),
        ("detail", f"/trips/{t['trip']}/"),
        ("check_read", f"/api/trips/{t['trip']}/check"),
        ("overdue", "/passports/overdue/"),
        ("visits_list", "/visits/"),
        *([("visit_detail", f"/visits/{t['visit']}/")] if t.get("visit") else []),
    ]


FLOOR = "/__bench__/floor"


def measure(client: Client, url: str, n: int, show_sql: bool) -> dict:
    resp = client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    queries = [q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    times, floor, cpu, floor_cpu = [], [], [], []
    for _ in range(n):
        c0, t0 = time.process_time(), time.perf_counter()
        client.get(url)
        c1, t1 = time.process_time(), time.perf_counter()
        client.get(FLOOR)
        floor.append((time.perf_counter() - t1) * 1000)
        floor_cpu.append((time.process_time() - c1) * 1000)
        times.append((t1 - t0) * 1000)
        cpu.append((c1 - c0) * 1000)
    times.sort()
    out = {
        "status": resp.status_code,
        "p50": round(statistics.median(times), 1),
        "p90": round(times[int(len(times) * 0.9) - 1], 1),
        "floor_p50": round(statistics.median(floor), 1),
        "ratio": round(statistics.median(times) / statistics.median(floor), 2),
        # this process's CPU time (no SQL wait, little of the other processes' load): the Python part
        "cpu_p50": round(statistics.median(cpu), 1),
        "floor_cpu_p50": round(statistics.median(floor_cpu), 1),
        "cpu_ratio": round(statistics.median(cpu) / max(statistics.median(floor_cpu), 0.1), 2),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
    }
    if show_sql:
        out["slowest"] = [
            (round(float(q["time"]) * 1000, 1), q["sql"][:300])
            for q in sorted(queries, key=lambda q: -float(q["time"]))[:5]
        ]
    return out


def cprofile(client: Client, url: str, n: int, top: int) -> None:
    """``n`` requests of ``url`` under cProfile, timed by this process's CPU clock: the functions that
    cost the most, by their own time and with what they call (ms per request)."""
    import cProfile
    import pstats

    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for _ in range(n):
        client.get(url)
    prof.disable()
    stats = pstats.Stats(prof)
    rows = []
    for (path, line, func), (_cc, ncalls, tt, ct, _callers) in stats.stats.items():
        where = path.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        rows.append((tt * 1000 / n, ct * 1000 / n, ncalls / n, f"{where}:{line} {func}"))
    for title, key in (("own time", 0), ("with callees", 1)):
        print(f"      -- {title} (ms per request, calls per request)")
        for r in sorted(rows, key=lambda r: -r[key])[:top]:
            print(f"      {r[0]:7.2f} {r[1]:7.2f} {r[2]:8.1f}  {r[3]}")


def main() -> None:
    from apps.accounts.models import User
    from apps.visits.selectors import visit_list

    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--only", default="")
    ap.add_argument("--who", default="")
    ap.add_argument("--sql", action="store_true")
    ap.add_argument("--json", default="")
    ap.add_argument(
        "--cprofile",
        type=int,
        default=0,
        metavar="K",
        help="profile the pages' CPU (cProfile, process time) and print the K costliest functions",
    )
    args = ap.parse_args()
    t = pick_targets()
    users = {"reviewer": User.objects.get(username=REVIEWER), "clerk": User.objects.get(username=t["clerk"])}
    fa = User.objects.filter(username=FA_STAFF).first()
    if fa is not None:
        users["fa_staff"] = fa
    others = other_targets()
    t = {**t, **others}
    results = {}
    for who, user in users.items():
        if args.who and who != args.who:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        # each user's visit is one in that user's own scope (the newest): another's would answer 404
        mine = {**t, "visit": visit_list(user=user).order_by("-pk").values_list("pk", flat=True).first()}
        for name, url in other_pages(others) if who == "fa_staff" else pages(mine):
            if args.only and args.only not in name:
                continue
            r = measure(client, url, args.n, args.sql)
            results[f"{name}/{who}"] = r
            print(
                f"{name:18} {who:9} status={r['status']} p50={r['p50']:7.1f} ms p90={r['p90']:7.1f} ms "
                f"floor={r['floor_p50']:6.1f} ms ratio={r['ratio']:5.2f}x "
                f"cpu={r['cpu_p50']:6.1f}/{r['floor_cpu_p50']:5.1f} ms ({r['cpu_ratio']:5.2f}x) "
                f"queries={r['queries']:3} sql={r['sql_ms']:6.1f} ms   {url}",
                flush=True,
            )
            for ms, sql in r.get("slowest", []):
                print(f"      {ms:7.1f} ms  {sql}")
            if args.cprofile:
                cprofile(client, url, args.n, args.cprofile)
    if args.json:
        load = os.getloadavg()
        Path(args.json).write_text(
            json.dumps({"targets": {**t, **others}, "load": load, "results": results}, indent=1)
        )
    print("load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
