"""``make bench``: load benchmark of the pages people use most, against gunicorn in production settings.

1. Picks targets in the bench database (a trip both users may see, list pages deep in the results, an
   export filter that yields about 10,000 rows, the clerk of the unit with the most trips).
2. In-process, with Django's test client on the same database: SQL queries per request, and the
   *database floor* — the page's slowest SQL statement run directly on a cursor (median of 15 runs).
3. Starts gunicorn (``--workers``, sync workers) with ``WAIBAN_BENCH=1`` (mounts the framework floor,
   ``/__bench__/floor``), then for every endpoint and concurrency (1 and 16) runs locust headless for
   ``--duration`` seconds (closed loop, no think time) and reads p50/p95/p99 and requests/s.
4. Stops gunicorn, writes ``var/bench/results.json`` and prints a Markdown table for RESULTS.md.

Run through ``benchmarks/run.sh`` (``make bench``), which sets the environment (``benchmarks/env.sh``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.datagen import BENCH_PASSWORD, REVIEWER  # noqa: E402

VAR = Path(os.environ.get("WAIBAN_VAR_DIR", ROOT / "var" / "bench"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))

# (endpoint, user key, label)
RUNS = [
    ("floor", "reviewer", "framework floor (trivial authenticated view)"),
    ("login", "reviewer", "login (form POST, PBKDF2)"),
    ("inbox", "reviewer", "inbox — division reviewer"),
    ("inbox", "clerk", "inbox — unit clerk"),
    ("list_first", "reviewer", "trip list, filtered, page 1 — reviewer"),
    ("list_deep", "reviewer", "trip list, filtered, page deep (90 %) — reviewer"),
    ("list_last", "reviewer", "trip list, unfiltered, last page — reviewer"),
    ("list_first", "clerk", "trip list, filtered, page 1 — clerk"),
    ("list_last", "clerk", "trip list, unfiltered, last page — clerk"),
    ("detail", "reviewer", "trip detail — reviewer"),
    ("detail", "clerk", "trip detail — clerk"),
    ("check", "reviewer", "regulation check (POST /api/trips/<id>/check)"),
    ("overdue", "reviewer", "overdue passports"),
    ("notices", "anonymous", "public notices (no login)"),
    ("export", "reviewer", "Excel export (passport register, ~10k rows)"),
    ("pdf", "reviewer", "approval PDF"),
]


def pick_targets() -> dict:
    from django.db.models import Count

    from apps.accounts.models import User
    from apps.casework.models import Case
    from apps.passports.models import Passport
    from apps.trips.models import Trip

    unit_id = (
        Case.objects.values("applicant_unit").annotate(n=Count("id")).order_by("-n").first()["applicant_unit"]
    )
    clerk = User.objects.get(username=f"bench_clerk_u{unit_id}")
    trip = (
        Trip.objects.filter(applicant_unit_id=unit_id, state="approved", stage="documents")
        .order_by("-id")
        .first()
    )
    trip = trip or Trip.objects.filter(applicant_unit_id=unit_id, state="approved").order_by("-id").first()
    size = settings.WAIBAN.get("LIST_PAGE_SIZE", 25)
    closed = Case.objects.filter(state="closed", case_type__code="trip").count()
    total = Case.objects.filter(case_type__code="trip").count()
    per_unit = list(Passport.objects.values("holder__unit").annotate(n=Count("id")).order_by("-n"))
    export = min(per_unit, key=lambda r: abs(r["n"] - 10_000))
    return {
        "clerk": clerk.username,
        "clerk_unit": unit_id,
        "trip": trip.pk,
        "pdf_trip": trip.pk,
        "list_state": "closed",
        "deep_page": max(1, int(closed / size * 0.9)),
        "last_page": max(1, -(-total // size)),
        "export_unit": export["holder__unit"],
        "export_rows": export["n"],
        "trips": total,
    }


def url_for(endpoint: str, t: dict, clerk_last_page: int | None = None) -> tuple[str, str]:
    state = t["list_state"]
    return {
        "floor": ("get", "/__bench__/floor"),
        "inbox": ("get", "/cases/inbox/"),
        "list_first": ("get", f"/cases/?case_type=trip&state={state}"),
        "list_deep": ("get", f"/cases/?case_type=trip&state={state}&page={t['deep_page']}"),
        "list_last": ("get", f"/cases/?case_type=trip&page={clerk_last_page or t['last_page']}"),
        "detail": ("get", f"/trips/{t['trip']}/"),
        "check": ("post", f"/api/trips/{t['trip']}/check"),
        "overdue": ("get", "/passports/overdue/"),
        "notices": ("get", "/public/notices/"),
        "export": ("get", f"/passports/export/register.xlsx?unit={t['export_unit']}"),
        "pdf": ("get", f"/trips/{t['pdf_trip']}/approval.pdf"),
    }.get(endpoint, ("", ""))


def in_process(targets: dict, users: dict) -> dict:
    """Queries per request and the database floor (slowest statement re-run directly)."""
    out = {}
    for endpoint, who, _label in RUNS:
        if endpoint in ("login", "floor"):
            continue
        method, url = url_for(endpoint, targets, targets.get(f"last_page_{who}"))
        client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=False)
        if who != "anonymous":
            client.force_login(users[who])
        getattr(client, method)(url)  # warm caches (calendar, rule pack, templates)
        with CaptureQueriesContext(connection) as ctx:
            resp = getattr(client, method)(url)
        queries = [q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        main = max(queries, key=lambda q: float(q["time"]), default=None)
        floor_ms = None
        if main and main["sql"].lstrip().upper().startswith("SELECT"):
            times = []
            with connection.cursor() as cur:
                for _ in range(15):
                    t0 = time.perf_counter()
                    cur.execute(main["sql"])
                    cur.fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
            floor_ms = statistics.median(times)
        out[f"{endpoint}/{who}"] = {
            "status": resp.status_code,
            "queries": len(queries),
            "db_floor_ms": round(floor_ms, 2) if floor_ms is not None else None,
            "main_sql": main["sql"][:400] if main else "",
        }
    return out


def start_server(workers: int) -> subprocess.Popen:
    env = {**os.environ, "WAIBAN_BENCH": "1"}
    log = open(VAR / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "waiban.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=2)
            return proc
        except Exception:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError("gunicorn did not start, see var/bench/gunicorn.log")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_locust(endpoint: str, username: str, users: int, duration: int, targets: dict) -> dict:
    prefix = VAR / f"loc_{endpoint}_{username}_{users}"
    env = {
        **os.environ,
        "BENCH_ENDPOINT": endpoint,
        "BENCH_USER": username,
        "BENCH_PASSWORD": BENCH_PASSWORD,
        "BENCH_TARGETS": json.dumps(targets),
        "BENCH_MEASURE": str(duration),  # the window starts when every user has logged in
    }
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{duration + 60}s",  # a cap only: the locustfile stops `duration` s after all users logged in
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "ERROR",
    ]
    subprocess.run(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=duration + 120,
        check=False,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == endpoint:
                return {
                    "n": int(row["Request Count"]),
                    "fail": int(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "p99": float(row["99%"]),
                    "avg": float(row["Average Response Time"]),
                    "rps": float(row["Requests/s"]),
                }
    return {"n": 0, "fail": 0, "p50": None, "p95": None, "p99": None, "avg": None, "rps": 0.0}


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": pg,
        "commit": commit,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
    }


def fmt_ms(v):
    return "—" if v is None else f"{v:.0f}"


def table(results: dict, inproc: dict) -> str:
    floor16 = results.get("floor/reviewer", {}).get("16", {}).get("p95")
    floor1 = results.get("floor/reviewer", {}).get("1", {}).get("p50")
    lines = [
        "| page | c | p50 ms | p95 ms | p99 ms | req/s | fail | SQL/req | DB floor ms | p50 ÷ DB floor "
        "| p95 ÷ framework floor (c=16) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for endpoint, who, label in RUNS:
        key = f"{endpoint}/{who}"
        ip = inproc.get(key, {})
        for c in ("1", "16"):
            r = results.get(key, {}).get(c)
            if not r:
                continue
            dbf = ip.get("db_floor_ms")
            ratio_db = f"{r['p50'] / dbf:.1f}×" if dbf and r["p50"] else "—"
            ratio_fw = f"{r['p95'] / floor16:.1f}×" if c == "16" and floor16 and r["p95"] else "—"
            lines.append(
                f"| {label} | {c} | {fmt_ms(r['p50'])} | {fmt_ms(r['p95'])} | {fmt_ms(r['p99'])} "
                f"| {r['rps']:.1f} | {r['fail']}/{r['n']} | {ip.get('queries', '—')} "
                f"| {dbf if dbf is not None else '—'} | {ratio_db} | "
                f"{ratio_fw} |"
            )
    lines.append("")
    lines.append(f"Framework floor p50 at c=1: {fmt_ms(floor1)} ms; p95 at c=16: {fmt_ms(floor16)} ms.")
    return "\n".join(lines)


def main():
    from apps.accounts.models import User

    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "20")))
    ap.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "3")))
    ap.add_argument("--only", default="", help="comma-separated endpoints")
    ap.add_argument("--concurrency", default="1,16")
    args = ap.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    load_start = [round(x, 2) for x in os.getloadavg()]
    print(f"load average at start: {load_start}", flush=True)
    targets = pick_targets()
    users = {
        "reviewer": User.objects.get(username=REVIEWER),
        "clerk": User.objects.get(username=targets["clerk"]),
    }
    from apps.casework import selectors as cs

    size = settings.WAIBAN.get("LIST_PAGE_SIZE", 25)
    clerk_total = cs.case_list(user=users["clerk"], filters={"case_type": "trip"}).count()
    targets["last_page_clerk"] = max(1, -(-clerk_total // size))
    targets["clerk_trips"] = clerk_total
    print(json.dumps(targets, ensure_ascii=False), flush=True)
    inproc = in_process(targets, users)
    print(json.dumps(inproc, ensure_ascii=False, indent=1)[:3000], flush=True)
    only = {s for s in args.only.split(",") if s}
    conc = [int(c) for c in args.concurrency.split(",")]
    results: dict = {}
    connection.close()
    proc = start_server(args.workers)
    try:
        for endpoint, who, label in RUNS:
            if only and endpoint not in only:
                continue
            username = users[who].username if who in users else REVIEWER
            t = dict(targets)
            if who == "clerk":
                t["last_page"] = targets["last_page_clerk"]
            for c in conc:
                r = run_locust(endpoint, username, c, args.duration, t)
                results.setdefault(f"{endpoint}/{who}", {})[str(c)] = r
                print(
                    f"{label:55s} c={c:2d} p50={fmt_ms(r['p50'])} p95={fmt_ms(r['p95'])} "
                    f"p99={fmt_ms(r['p99'])} rps={r['rps']:.1f} fail={r['fail']}/{r['n']}",
                    flush=True,
                )
    finally:
        stop_server(proc)
    out = {
        "machine": {**machine(), "loadavg_start": load_start},
        "workers": args.workers,
        "duration_s": args.duration,
        "targets": targets,
        "in_process": inproc,
        "results": results,
        "command": " ".join(sys.argv),
    }
    (VAR / "results.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print()
    print(table(results, inproc))


if __name__ == "__main__":
    main()
