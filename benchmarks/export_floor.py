"""The library floor of the Excel export: what openpyxl (write-only) and Fernet cost for ``--rows`` rows of
10 columns on this machine, with nothing of the application — to compare the export job's build time with,
measured in the same run (``bench.py`` records it beside the export job; run alone for a quick figure):

    source benchmarks/env.sh && uv run python benchmarks/export_floor.py [--rows 10000]

Each row: one Fernet token decrypted (a passport number), 6 strings, 2 dates, 1 status label, 1 number.
Also times the application's own path in-process (``--app``): the passport register export of about
``--rows`` rows for the bench reviewer, read (selector + decryption) and written (``apps.exports.writer``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def floor(rows: int) -> float:
    from cryptography.fernet import Fernet
    from openpyxl import Workbook

    f = Fernet(Fernet.generate_key())
    tokens = [f.encrypt(f"E{k:08d}".encode()) for k in range(rows)]
    day = dt.date(2030, 1, 1)
    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("floor")
    ws.append([f"列{i}" for i in range(10)])
    for k, token in enumerate(tokens):
        number = f.decrypt(token).decode()
        ws.append(
            [
                f"姓名{k}",
                "徐州市某单位",
                "因公护照",
                number[:1] + "*****" + number[-2:],
                day,
                day,
                "外交部",
                "在库",
                None,
                k,
            ]
        )
    wb.save(io.BytesIO())
    return time.perf_counter() - t0


def app(rows: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")
    import django

    django.setup()
    from django.utils import translation

    from apps.accounts.models import User
    from apps.exports.registry import get_exporter
    from apps.exports.writer import write_xlsx
    from benchmarks.bench import pick_export
    from benchmarks.datagen import REVIEWER

    user = User.objects.get(username=REVIEWER)
    params, _n = pick_export(user, want=rows)
    exporter = get_exporter("passports.register")
    with translation.override("zh-hans"):
        t0 = time.perf_counter()
        data = list(exporter.rows(user, params))
        t1 = time.perf_counter()
        write_xlsx(io.BytesIO(), title=str(exporter.title), columns=exporter.headings(params), rows=data)
        t2 = time.perf_counter()
    return {"params": params, "rows": len(data), "read_s": round(t1 - t0, 2), "write_s": round(t2 - t1, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--app", action="store_true")
    args = ap.parse_args()
    out = {"rows": args.rows, "floor_s": round(floor(args.rows), 2)}
    if args.app:
        out["app"] = app(args.rows)
        out["app_ratio"] = round((out["app"]["read_s"] + out["app"]["write_s"]) / out["floor_s"], 1)
    out["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
