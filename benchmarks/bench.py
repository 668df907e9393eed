"""``make bench``: load benchmark of the pages people use most, against gunicorn in production settings.

1. Picks targets in the bench database (a trip both users may see, list pages deep in the results, a
   passport-register export filter that yields about 10,000 rows, the clerk of the unit with the most trips).
2. In-process, with Django's test client on the same database: SQL queries per request, and the
   *database floor* — the page's slowest SQL statement run directly on a cursor (median of 15 runs).
3. Starts gunicorn (``--workers``, sync workers) with ``WAIBAN_BENCH=1`` (mounts the framework floor,
   ``/__bench__/floor``) and, beside it with the same environment, the background worker
   (``manage.py db_worker``, ``--task-workers`` processes) that builds large exports. Then for every endpoint
   and concurrency (1 and 16) runs locust headless (``FastHttpUser``) for ``--duration`` seconds (closed
   loop, no think time) and reads p50/p95/p99 and requests/s.
   The Excel export is measured as a job (``benchmarks/export_job.py``): start it through the API, poll it,
   download the file; time-to-file over ``--export-jobs`` sequential jobs, then ``--export-concurrency``
   clients at once (time-to-file and jobs/minute).
4. Stops the worker and gunicorn, writes ``var/bench/results.json`` and prints Markdown tables for
   RESULTS.md.

Run through ``benchmarks/run.sh`` (``make bench``), which sets the environment (``benchmarks/env.sh``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
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
    ("check", "reviewer", "regulation check, write path (POST /api/trips/<id>/check, trip in review)"),
    ("check_read", "reviewer", "regulation check, read path (GET /api/trips/<id>/check)"),
    ("overdue", "reviewer", "overdue passports"),
    ("visits", "reviewer", "incoming visits list — reviewer (scope all)"),
    ("visit_detail", "reviewer", "incoming visit detail — reviewer (scope all)"),
    ("conferences", "fa_staff", "international conferences list — 涉外管理处 staff"),
    ("conference_detail", "fa_staff", "international conference detail — 涉外管理处 staff"),
    ("journalists", "fa_staff", "foreign journalists list — 涉外管理处 staff"),
    ("journalist_detail", "fa_staff", "foreign journalist detail — 涉外管理处 staff"),
    ("bureaus", "fa_staff", "foreign media bureaus list — 涉外管理处 staff"),
    ("bureau_detail", "fa_staff", "foreign media bureau detail — 涉外管理处 staff"),
    ("interviews", "fa_staff", "interview requests list — 涉外管理处 staff"),
    ("interview_detail", "fa_staff", "interview request detail — 涉外管理处 staff"),
    ("incidents", "fa_staff", "foreign-related incidents list — 涉外管理处 staff"),
    ("incident_detail", "fa_staff", "foreign-related incident detail — 涉外管理处 staff"),
    ("honours", "fa_staff", "honorary titles: nominations list — 涉外管理处 staff"),
    ("nomination_detail", "fa_staff", "honorary title nomination detail — 涉外管理处 staff"),
    ("invitations", "fa_staff", "invitations of foreigners list — 涉外管理处 staff"),
    ("partners", "fa_staff", "sister cities and partners list — 涉外管理处 staff"),
    ("notices", "anonymous", "public notices (no login)"),
    ("export", "reviewer", "Excel export job (passport register, ~10k rows): time-to-file"),
    ("pdf", "reviewer", "approval PDF"),
]


def pick_targets() -> dict:
    from django.db.models import Count

    from apps.accounts.models import User
    from apps.casework.models import Case
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
    # the regulation check re-runs only while a trip is being decided (a decided one answers 400)
    check_trip = (
        Trip.objects.filter(applicant_unit_id=unit_id, state__in=("in_review", "submitted"))
        .order_by("-id")
        .first()
    )
    size = settings.WAIBAN.get("LIST_PAGE_SIZE", 25)
    closed = Case.objects.filter(state="closed", case_type__code="trip").count()
    total = Case.objects.filter(case_type__code="trip").count()
    export_params, export_rows = pick_export(User.objects.get(username=REVIEWER))
    return {
        "clerk": clerk.username,
        "clerk_unit": unit_id,
        "trip": trip.pk,
        "pdf_trip": trip.pk,
        "check_trip": check_trip.pk if check_trip else trip.pk,
        "list_state": "closed",
        "deep_page": max(1, int(closed / size * 0.9)),
        "last_page": max(1, -(-total // size)),
        "export_kind": EXPORT_KIND,
        "export_params": export_params,
        "export_rows": export_rows,
        "trips": total,
    }


EXPORT_KIND = "passports.register"


def pick_export(reviewer, want: int = 10_000) -> tuple[dict, int]:
    """The register filter (one unit, one kind, or none) whose export, as the reviewer sees it, has the
    number of rows closest to ``want``; returns (params, rows)."""
    from django.db.models import Count

    from apps.exports.registry import get_exporter
    from apps.passports import exporters

    base = exporters.queryset("register", user=reviewer, params={}).order_by()
    cands = [
        ({"unit": str(r["holder__unit"])}, r["n"])
        for r in base.values("holder__unit").annotate(n=Count("id")).order_by("-n")
    ]
    cands += [
        ({"kind": r["kind"]}, r["n"]) for r in base.values("kind").annotate(n=Count("id")).order_by("-n")
    ]
    cands.append(({}, base.count()))
    params, _n = min(cands, key=lambda c: abs(c[1] - want))
    return params, get_exporter(EXPORT_KIND).row_count(reviewer, params)


# the other case types' lists and detail pages (benchmarks/datagen_more.py), GET as their users see them
OTHER_PAGES = {
    "visits": "/visits/",
    "visit_detail": "/visits/{visit}/",
    "conferences": "/conferences/",
    "conference_detail": "/conferences/{conference}/",
    "journalists": "/journalists/",
    "journalist_detail": "/journalists/{journalist}/",
    "bureaus": "/journalists/bureaus/",
    "bureau_detail": "/journalists/bureaus/{bureau}/",
    "interviews": "/journalists/interviews/",
    "interview_detail": "/journalists/interviews/{interview}/",
    "incidents": "/incidents/",
    "incident_detail": "/incidents/{incident}/",
    "honours": "/honours/",
    "nomination_detail": "/honours/{nomination}/",
    "invitations": "/invitations/",
    "partners": "/partners/",
}


def _page_url(url: str, t: dict) -> str:
    try:
        return url.format(**t)
    except KeyError:  # a data set without that case type: the page is not measured
        return ""


def url_for(endpoint: str, t: dict, clerk_last_page: int | None = None) -> tuple[str, str]:
    state = t["list_state"]
    return {
        "floor": ("get", "/__bench__/floor"),
        "inbox": ("get", "/cases/inbox/"),
        "list_first": ("get", f"/cases/?case_type=trip&state={state}"),
        "list_deep": ("get", f"/cases/?case_type=trip&state={state}&page={t['deep_page']}"),
        "list_last": ("get", f"/cases/?case_type=trip&page={clerk_last_page or t['last_page']}"),
        "detail": ("get", f"/trips/{t['trip']}/"),
        "check": ("post", f"/api/trips/{t['check_trip']}/check"),
        "check_read": ("get", f"/api/trips/{t['trip']}/check"),
        "overdue": ("get", "/passports/overdue/"),
        "notices": ("get", "/public/notices/"),
        "pdf": ("get", f"/trips/{t['pdf_trip']}/approval.pdf"),
        **{name: ("get", _page_url(url, t)) for name, url in OTHER_PAGES.items()},
    }.get(endpoint, ("", ""))


def in_process(targets: dict, users: dict) -> dict:
    """Queries per request and the database floor (slowest statement re-run directly). Not for the export:
    starting it here would queue jobs that the worker would then build during the other points."""
    out = {}
    for endpoint, who, _label in RUNS:
        if endpoint in ("login", "floor", "export") or (who not in users and who != "anonymous"):
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


def start_worker(processes: int, interval: float) -> list[subprocess.Popen]:
    """``manage.py db_worker`` (django-tasks-db) with the server's environment: builds background exports."""
    procs = []
    for i in range(processes):
        log = open(VAR / f"db_worker{i}.log", "w")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    "default",
                    "--interval",
                    str(interval),
                    "--no-reload",
                    "--no-startup-delay",
                    "--worker-id",
                    f"bench-{os.getpid()}-{i}",
                    "-v",
                    "1",
                ],
                cwd=ROOT,
                env={**os.environ, "WAIBAN_BENCH": "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    time.sleep(2)
    dead = [p for p in procs if p.poll() is not None]
    if dead:
        for p in procs:
            stop_server(p)
        raise RuntimeError(f"db_worker exited ({dead[0].returncode}), see {VAR}/db_worker0.log")
    return procs


def pending_tasks() -> int:
    """Background tasks already waiting in the queue (left by an earlier run): the worker would build
    them during the measurements."""
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.ready().count()
    finally:
        connection.close()


def run_export(username: str, targets: dict, args) -> dict:
    from benchmarks import export_job

    return export_job.run(
        f"http://127.0.0.1:{PORT}",
        username,
        BENCH_PASSWORD,
        targets["export_params"],
        kind=targets["export_kind"],
        jobs=args.export_jobs,
        concurrency=args.export_concurrency,
        per_client=args.export_per_client,
        poll=args.export_poll,
    )


def load_generator() -> dict:
    """Which locust user class the locustfile uses (read from its source: importing locust here would
    monkey-patch this process with gevent)."""
    src = (ROOT / "benchmarks" / "locustfile.py").read_text()
    m = re.search(r"^class BenchUser\((\w+)\)", src, re.M)
    return {
        "tool": "locust",
        "version": importlib.metadata.version("locust"),
        "user_class": m.group(1) if m else "?",
        "export_job": "benchmarks/export_job.py (threads + requests)",
    }


def run_locust(endpoint: str, username: str, users: int, duration: int, targets: dict) -> dict:
    prefix = VAR / f"loc_{endpoint}_{username}_{users}"
    env = {
        **os.environ,
        "BENCH_ENDPOINT": endpoint,
        "BENCH_USER": username,
        "BENCH_PASSWORD": BENCH_PASSWORD,
        "BENCH_TARGETS": json.dumps(targets),
        "BENCH_MEASURE": str(duration),  # the window starts when every user has logged in
        "BENCH_OTHER_PAGES": ",".join(OTHER_PAGES),
        "BENCH_URL": url_for(endpoint, targets)[1] if endpoint in OTHER_PAGES else "",
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


TARGET = {  # the bar per endpoint, as a multiple of the framework floor
    "inbox": 3,
    "list_first": 3,
    "list_deep": 3,
    "list_last": 3,
    **{name: 4 if name.endswith("_detail") else 3 for name in OTHER_PAGES},
    "overdue": 3,
    "detail": 4,
    "check": 5,
    "check_read": 5,
    "pdf": 3,
}


def table(results: dict, inproc: dict) -> str:
    """One row per endpoint: the c=1 and c=16 figures, and the issue's two ratios to the framework floor
    of the same run — cost per request (floor req/s ÷ page req/s at c=16) and p95 at c=1 ÷ floor p95."""
    floor = results.get("floor/reviewer", {})
    f1, f16 = floor.get("1", {}), floor.get("16", {})
    lines = [
        "| page | SQL/req | c=1 p50 / p95 ms | c=16 p50 / p95 ms | c=16 req/s | fail | cost ÷ floor (c=16) "
        "| p95 c=1 ÷ floor | target | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for endpoint, who, label in RUNS:
        if endpoint == "export":
            continue
        key = f"{endpoint}/{who}"
        r1, r16 = results.get(key, {}).get("1"), results.get(key, {}).get("16")
        if not (r1 or r16):
            continue
        cost = f16.get("rps") / r16["rps"] if r16 and r16.get("rps") and f16.get("rps") else None
        p95 = r1["p95"] / f1["p95"] if r1 and r1.get("p95") and f1.get("p95") else None
        target = TARGET.get(endpoint)
        worst = max(x for x in (cost, p95) if x is not None) if (cost or p95) else None
        verdict = "—" if target is None or worst is None else ("met" if worst <= target else "not met")
        fails = sum(r["fail"] for r in (r1, r16) if r)
        runs = sum(r["n"] for r in (r1, r16) if r)
        lines.append(
            f"| {label} | {inproc.get(key, {}).get('queries', '—')} "
            f"| {fmt_ms((r1 or {}).get('p50'))} / {fmt_ms((r1 or {}).get('p95'))} "
            f"| {fmt_ms((r16 or {}).get('p50'))} / {fmt_ms((r16 or {}).get('p95'))} "
            f"| {(r16 or {}).get('rps', 0):.1f} | {fails}/{runs} "
            f"| {f'{cost:.1f}×' if cost else '—'} | {f'{p95:.1f}×' if p95 else '—'} "
            f"| {f'≤ {target}×' if target else '—'} | {verdict} |"
        )
    lines.append("")
    lines.append(
        f"Framework floor: c=1 p50 {fmt_ms(f1.get('p50'))} ms, p95 {fmt_ms(f1.get('p95'))} ms; "
        f"c=16 {f16.get('rps', 0):.1f} req/s."
    )
    export = results.get("export/reviewer")
    if export:
        lines += ["", export_table(export)]
    return "\n".join(lines)


def export_table(ex: dict) -> str:
    """The export job point: time-to-file (POST start → file downloaded), seconds."""

    def s(v):
        return "—" if v is None else f"{v / 1000:.2f}"

    lines = [
        f"Excel export job — `{ex.get('kind')}` {json.dumps(ex.get('params', {}), ensure_ascii=False)}, "
        f"{ex.get('file_rows', '—')} rows in the file; {ex.get('task_workers', '?')} db_worker "
        f"(interval {ex.get('worker_interval_s', '?')} s), client polls every {ex.get('poll_s')} s; "
        f"library floor (openpyxl write-only + Fernet, same rows) {ex.get('library_floor_s', '—')} s.",
        "",
        "| c | jobs | time-to-file p50 s | p95 s | max s | jobs/min | start request p50 ms "
        "| server build p50 s | download p50 ms | background | fail |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c, r in ex.items():
        if not (c.isdigit() and isinstance(r, dict)):
            continue
        lines.append(
            f"| {c} | {r['jobs']} | {s(r['p50'])} | {s(r['p95'])} | {s(r['max'])} | {r['jobs_per_min']:.1f} "
            f"| {fmt_ms(r['start_p50'])} | {s(r['server_p50'])} | {fmt_ms(r['download_p50'])} "
            f"| {r['background']}/{r['jobs']} | {r['fail']} |"
        )
    return "\n".join(lines)


def main():
    from apps.accounts.models import User

    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "20")))
    ap.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "3")))
    ap.add_argument("--only", default="", help="comma-separated endpoints")
    ap.add_argument("--concurrency", default="1,16")
    ap.add_argument("--export-jobs", type=int, default=5, help="sequential export jobs (c=1)")
    ap.add_argument("--export-concurrency", type=int, default=4, help="clients exporting at once")
    ap.add_argument("--export-per-client", type=int, default=2, help="jobs per client at that concurrency")
    ap.add_argument("--export-poll", type=float, default=0.2, help="seconds between status polls")
    ap.add_argument("--task-workers", type=int, default=1, help="manage.py db_worker processes")
    ap.add_argument("--worker-interval", type=float, default=1.0, help="db_worker --interval (s)")
    args = ap.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    load_start = [round(x, 2) for x in os.getloadavg()]
    print(f"load average at start: {load_start}", flush=True)
    targets = pick_targets()
    users = {
        "reviewer": User.objects.get(username=REVIEWER),
        "clerk": User.objects.get(username=targets["clerk"]),
    }
    from benchmarks.datagen_more import FA_STAFF
    from benchmarks.datagen_more import targets as other_targets

    fa = User.objects.filter(username=FA_STAFF).first()
    if fa is not None:
        users["fa_staff"] = fa
    targets.update(other_targets())
    from apps.casework.filters import CaseFilter
    from apps.core.pagination import page_size

    size = page_size()
    clerk_total = CaseFilter({"case_type": "trip"}, user=users["clerk"]).qs.count()
    targets["last_page_clerk"] = max(1, -(-clerk_total // size))
    targets["clerk_trips"] = clerk_total
    print(json.dumps(targets, ensure_ascii=False), flush=True)
    inproc = in_process(targets, users)
    from apps.documents.models import RenderedFile

    # the approval PDF's first render is part of the measurement: forget the bytes stored by earlier runs
    # and by the in-process step above (the server's per-process caches start empty)
    RenderedFile.objects.filter(document__case_id=targets["pdf_trip"]).delete()
    print(json.dumps(inproc, ensure_ascii=False, indent=1)[:3000], flush=True)
    only = {s for s in args.only.split(",") if s}
    conc = [int(c) for c in args.concurrency.split(",")]
    results: dict = {}
    pending = pending_tasks()
    if pending:
        print(
            f"WARNING: {pending} background task(s) already queued; the worker will run them now", flush=True
        )
    connection.close()
    proc = start_server(args.workers)
    try:
        workers = start_worker(args.task_workers, args.worker_interval)
    except Exception:
        stop_server(proc)
        raise
    try:
        for endpoint, who, label in RUNS:
            if only and endpoint not in only:
                continue
            if who not in users and who != "anonymous":
                continue  # no data for it (an older data set)
            username = users[who].username if who in users else REVIEWER
            if endpoint == "export":
                r = run_export(username, targets, args)
                r.update(task_workers=args.task_workers, worker_interval_s=args.worker_interval)
                from benchmarks.export_floor import floor as export_floor

                # the library floor (openpyxl write-only + Fernet, same number of rows), measured now
                r["library_floor_s"] = round(export_floor(int(targets.get("export_rows") or 10_000)), 2)
                print(f"export library floor: {r['library_floor_s']} s", flush=True)
                results[f"{endpoint}/{who}"] = r
                for c, x in r.items():
                    if c.isdigit():
                        print(
                            f"{label:55s} c={int(c):2d} jobs={x['jobs']} p50={fmt_ms(x['p50'])} "
                            f"p95={fmt_ms(x['p95'])} max={fmt_ms(x['max'])} ms "
                            f"jobs/min={x['jobs_per_min']:.1f} fail={x['fail']} rows={r.get('file_rows')}",
                            flush=True,
                        )
                continue
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
        for w in workers:
            stop_server(w)
        stop_server(proc)
    out = {
        "machine": {**machine(), "loadavg_start": load_start},
        "load_generator": load_generator(),
        "workers": args.workers,
        "task_workers": args.task_workers,
        "pending_tasks_at_start": pending,
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
