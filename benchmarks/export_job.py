"""The export benchmark point: an Excel export measured as a *job* (start → worker builds → download).

Since list exports moved onto ``apps.exports``, a large export is not one request: ``POST /api/exports/``
starts it (up to ``WAIBAN["EXPORT_SYNC_MAX_ROWS"]`` rows the file is built at once and the job comes back
``done``; above that it is queued for ``manage.py db_worker``), ``GET /api/exports/<id>`` is polled until
the job is ``done`` (or ``failed``), then ``GET /api/exports/<id>/download`` fetches the file.

**Time-to-file** is measured from sending the POST to the last byte of the download. Two phases:

* ``c=1``: ``jobs`` jobs one after another (p50/p95/max time-to-file);
* ``c=N``: ``N`` clients, each running ``per_client`` jobs back to back (closed loop): time-to-file
  p50/p95/max and jobs per minute (jobs finished ÷ wall time of the phase).

Each client logs in once through the real login form (not timed) and keeps its own session; the API is
called with the session cookie and ``X-CSRFToken``, as the browser does. Plain threads and ``requests``:
the clients mostly wait, so the load generator costs next to nothing. The first downloaded file is opened
with openpyxl to count its rows (header excluded).

Used by ``benchmarks/bench.py``; can also be run on its own against a running server::

    uv run python benchmarks/export_job.py --base-url http://127.0.0.1:8765 --params '{"unit": "12"}'
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import statistics
import threading
import time
from datetime import datetime

import requests

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KIND = "passports.register"


class ExportError(RuntimeError):
    pass


class Client:
    """One logged-in browser session."""

    def __init__(self, base_url: str, username: str, password: str, *, timeout: float = 120):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.s = requests.Session()
        r = self.s.get(f"{self.base}/accounts/login/", timeout=timeout)
        token = CSRF_RE.search(r.text)
        r = self.s.post(
            f"{self.base}/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.base}/accounts/login/"},
            allow_redirects=False,
            timeout=timeout,
        )
        if r.status_code != 302:
            raise ExportError(f"login failed: HTTP {r.status_code}")

    def job(self, kind: str, params: dict, *, poll: float, max_wait: float) -> dict:
        """Start one export, wait for it, download it. Returns the timings (ms) and the file's bytes."""
        t0 = time.perf_counter()
        r = self.s.post(
            f"{self.base}/api/exports/",
            json={"kind": kind, "params": params},
            headers={"X-CSRFToken": self.s.cookies.get("csrftoken", ""), "Referer": f"{self.base}/"},
            timeout=self.timeout,
        )
        t_started = time.perf_counter()
        if r.status_code != 201:
            raise ExportError(f"start: HTTP {r.status_code} {r.text[:200]}")
        job = r.json()
        polls = 0
        while job["status"] in ("queued", "running"):
            if time.perf_counter() - t0 > max_wait:
                raise ExportError(f"job {job['id']} not done after {max_wait:.0f} s ({job['status']})")
            time.sleep(poll)
            r = self.s.get(f"{self.base}/api/exports/{job['id']}", timeout=self.timeout)
            polls += 1
            if r.status_code != 200:
                raise ExportError(f"poll: HTTP {r.status_code}")
            job = r.json()
        t_ready = time.perf_counter()
        if job["status"] != "done":
            raise ExportError(f"job {job['id']} {job['status']}: {job.get('error', '')[:200]}")
        r = self.s.get(f"{self.base}{job['download_url']}", timeout=self.timeout)
        content = r.content
        t_end = time.perf_counter()
        if r.status_code != 200:
            raise ExportError(f"download: HTTP {r.status_code}")
        server_ms = None
        if job.get("finished_at") and job.get("created_at"):
            server_ms = (
                datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["created_at"])
            ).total_seconds() * 1000
        return {
            "id": job["id"],
            "ms": (t_end - t0) * 1000,
            "start_ms": (t_started - t0) * 1000,
            "ready_ms": (t_ready - t0) * 1000,
            "download_ms": (t_end - t_ready) * 1000,
            "server_ms": server_ms,  # created_at → finished_at, as the server recorded it
            "polls": polls,
            "background": job["background"],
            "total": job["total"],
            "row_count": job["row_count"],
            "bytes": len(content),
            "content": content,
        }


def xlsx_rows(content: bytes) -> int:
    """Data rows in the file's first sheet (the heading row excluded)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True)
    try:
        ws = wb.worksheets[0]
        return max(0, sum(1 for _ in ws.iter_rows(values_only=True)) - 1)
    finally:
        wb.close()


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100), None for no values."""
    if not values:
        return None
    s = sorted(values)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def summary(jobs: list[dict], failures: list[str], wall_s: float, clients: int) -> dict:
    ms = [j["ms"] for j in jobs]
    server = [j["server_ms"] for j in jobs if j["server_ms"] is not None]
    return {
        "clients": clients,
        "jobs": len(jobs),
        "fail": len(failures),
        "errors": failures[:5],
        "p50": round(statistics.median(ms), 1) if ms else None,
        "p95": round(pct(ms, 95), 1) if ms else None,
        "max": round(max(ms), 1) if ms else None,
        "min": round(min(ms), 1) if ms else None,
        "start_p50": round(statistics.median(j["start_ms"] for j in jobs), 1) if jobs else None,
        "download_p50": round(statistics.median(j["download_ms"] for j in jobs), 1) if jobs else None,
        "server_p50": round(statistics.median(server), 1) if server else None,
        "wall_s": round(wall_s, 2),
        "jobs_per_min": round(len(jobs) / wall_s * 60, 2) if wall_s > 0 else 0.0,
        "background": sum(1 for j in jobs if j["background"]),
        "row_count": jobs[0]["row_count"] if jobs else None,
        "bytes": jobs[0]["bytes"] if jobs else None,
        "per_job_ms": [round(x) for x in ms],
    }


def run_phase(
    clients: list[Client], per_client: int, kind: str, params: dict, *, poll: float, max_wait: float
) -> tuple[dict, bytes | None]:
    """Every client runs ``per_client`` jobs back to back, all clients at once."""
    jobs: list[dict] = []
    failures: list[str] = []
    lock = threading.Lock()

    def worker(client: Client):
        for _ in range(per_client):
            try:
                j = client.job(kind, params, poll=poll, max_wait=max_wait)
            except (ExportError, requests.RequestException, ValueError, KeyError) as exc:
                with lock:
                    failures.append(str(exc))
                continue
            with lock:
                jobs.append(j)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    content = jobs[0]["content"] if jobs else None
    return summary(jobs, failures, wall, len(clients)), content


def run(
    base_url: str,
    username: str,
    password: str,
    params: dict,
    *,
    kind: str = KIND,
    jobs: int = 5,
    concurrency: int = 4,
    per_client: int = 2,
    poll: float = 0.2,
    max_wait: float = 600,
) -> dict:
    """Both phases (``c=1`` sequential, then ``c=concurrency``); returns ``{"1": {...}, "<c>": {...},
    "file_rows": n}``. ``concurrency`` 0 skips the concurrent phase."""
    out: dict = {"kind": kind, "params": params, "poll_s": poll}
    n_clients = max(1, concurrency)
    clients = [Client(base_url, username, password) for _ in range(n_clients)]
    # One untimed job first: warms the worker's imports, the rule pack and the caches in every process.
    try:
        clients[0].job(kind, params, poll=poll, max_wait=max_wait)
    except (ExportError, requests.RequestException) as exc:
        out["warmup_error"] = str(exc)
    seq, content = run_phase(clients[:1], jobs, kind, params, poll=poll, max_wait=max_wait)
    out["1"] = seq
    if content is not None:
        out["file_rows"] = xlsx_rows(content)
    if concurrency > 1:
        out[str(concurrency)], _ = run_phase(clients, per_client, kind, params, poll=poll, max_wait=max_wait)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base-url", default="http://127.0.0.1:8765")
    ap.add_argument("--user", default="bench_reviewer")
    ap.add_argument("--password", default="Bench-Waiban-2026!")
    ap.add_argument("--kind", default=KIND)
    ap.add_argument("--params", default="{}", help="the export's filters, JSON")
    ap.add_argument("--jobs", type=int, default=5, help="sequential jobs at c=1")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--per-client", type=int, default=2, help="jobs per client in the concurrent phase")
    ap.add_argument("--poll", type=float, default=0.2, help="seconds between status polls")
    args = ap.parse_args()
    res = run(
        args.base_url,
        args.user,
        args.password,
        json.loads(args.params),
        kind=args.kind,
        jobs=args.jobs,
        concurrency=args.concurrency,
        per_client=args.per_client,
        poll=args.poll,
    )
    print(json.dumps(res, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
