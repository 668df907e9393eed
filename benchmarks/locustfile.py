"""Locust scenarios for ``make bench``: one endpoint per run, a fixed number of users, no think time.

Run by ``benchmarks/bench.py``. Users are ``FastHttpUser`` (geventhttpclient): python-requests' ``HttpUser``
costs much more CPU per request, and on a small machine that CPU is taken from the server under test.
Every user logs in through the real login form in ``on_start`` (the
login itself is measured by the ``login`` endpoint). The measured window starts only when **every** user
has finished ``on_start``: the last one to get there resets the statistics (setup logins and the
requests made meanwhile are dropped) and, with ``BENCH_MEASURE`` set, stops the run that many seconds
later — so each point measures the page for a fixed time, never the logins (16 PBKDF2 hashes ≈ 8 s of CPU).
The Excel export is not a locust endpoint: it is a background job, measured by ``benchmarks/export_job.py``.
Environment:

* ``BENCH_ENDPOINT`` — which request to repeat (see ``ENDPOINTS``);
* ``BENCH_USER`` / ``BENCH_PASSWORD`` — who logs in;
* ``BENCH_TARGETS`` — JSON with the trip id, list page numbers… (chosen by bench.py);
* ``BENCH_MEASURE`` — seconds measured after all users are ready (0: until locust's ``-t``).
"""

from __future__ import annotations

import json
import os
import re

import gevent
from locust import task
from locust.contrib.fasthttp import FastHttpUser

ENDPOINT = os.environ.get("BENCH_ENDPOINT", "floor")
USERNAME = os.environ.get("BENCH_USER", "bench_reviewer")
PASSWORD = os.environ.get("BENCH_PASSWORD", "Bench-Waiban-2026!")
T = json.loads(os.environ.get("BENCH_TARGETS", "{}"))
MEASURE = float(os.environ.get("BENCH_MEASURE", "0") or 0)
_ready = 0  # users that finished on_start (one process, gevent: no lock needed)

# the other case types' pages (benchmarks/datagen_more.py): bench.url_for gives their address
PAGE_URL = os.environ.get("BENCH_URL", "")
OTHER_PAGES = set(os.environ.get("BENCH_OTHER_PAGES", "").split(","))

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(client, *, name="login"):
    r = client.get("/accounts/login/", name=f"{name} (form)")
    token = CSRF_RE.search(r.text)
    with client.post(
        "/accounts/login/",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": client.base_url + "/accounts/login/"},  # checked by Django's CSRF on HTTPS
        name=name,
        allow_redirects=False,
        catch_response=True,
    ) as resp:
        if resp.status_code != 302:
            resp.failure(f"login failed: {resp.status_code}")


def cookie(client, name: str) -> str:
    """A cookie's value from the FastHttpSession's jar (an ``http.cookiejar.CookieJar``)."""
    return next((c.value for c in client.cookiejar if c.name == name), "")


class BenchUser(FastHttpUser):
    wait_time = staticmethod(lambda: 0)  # closed loop: concurrency = number of users

    def on_start(self):
        if ENDPOINT not in ("login", "notices"):
            login(self.client, name="setup login")
        self._ready()

    def _ready(self):
        """The last user to be ready starts the measured window (see the module docstring)."""
        global _ready
        _ready += 1
        runner = self.environment.runner
        if runner is None or _ready != runner.target_user_count:
            return
        runner.stats.reset_all()
        if MEASURE > 0:
            gevent.spawn_later(MEASURE, runner.quit)

    def _get(self, url, name, *, expect=200):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != expect:
                r.failure(f"{r.status_code}")

    @task
    def hit(self):
        e = ENDPOINT
        if e == "floor":
            self._get("/__bench__/floor", e)
        elif e == "login":
            self.client.cookiejar.clear()
            login(self.client)
        elif e == "inbox":
            self._get("/cases/inbox/", e)
        elif e == "list_first":
            self._get(f"/cases/?case_type=trip&state={T.get('list_state', '')}", e)
        elif e == "list_deep":
            self._get(
                f"/cases/?case_type=trip&state={T.get('list_state', '')}&page={T.get('deep_page', 1)}", e
            )
        elif e == "list_last":
            self._get(f"/cases/?case_type=trip&page={T.get('last_page', 1)}", e)
        elif e == "detail":
            self._get(f"/trips/{T['trip']}/", e)
        elif e == "check":
            token = cookie(self.client, "csrftoken")
            with self.client.post(
                f"/api/trips/{T['check_trip']}/check",
                name=e,
                headers={"X-CSRFToken": token, "Referer": self.client.base_url + "/"},
                catch_response=True,
            ) as r:
                if r.status_code != 200:
                    r.failure(f"{r.status_code}")
        elif e == "check_read":
            self._get(f"/api/trips/{T['trip']}/check", e)
        elif e in OTHER_PAGES:  # the other case types (benchmarks/datagen_more.py)
            self._get(PAGE_URL, e)
        elif e == "overdue":
            self._get("/passports/overdue/", e)
        elif e == "notices":
            self._get("/public/notices/", e)
        elif e == "pdf":
            self._get(f"/trips/{T['pdf_trip']}/approval.pdf", e)
        else:
            raise RuntimeError(f"unknown endpoint {e}")
