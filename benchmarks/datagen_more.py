"""The other case types of the benchmark data set: international conferences, foreign journalists (with
their bureaus and interview requests), foreign-related incidents, honour nominations and incoming
visits — written through each app's services (validation, numbering, audit), so they are slower to make
than the trips' bulk COPY: ``per_type`` of each (``max(40, trips / 1000)``: 100 at 100k, 1,000 at 1m).

Viewed by ``bench_fa_staff`` (staff of 涉外管理处, the division that handles these registers) and the unit
clerks who filed them. Run by ``datagen.run`` after the trips; alone on an existing data set:

    source benchmarks/env.sh && uv run python benchmarks/datagen_more.py --per-type 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FA_STAFF = "bench_fa_staff"


def fa_staff():
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import Role, User
    from apps.accounts.roles import DIVISION_STAFF
    from apps.org.models import Division
    from benchmarks.datagen import BENCH_PASSWORD

    fa = Division.objects.get(code="foreign_affairs")
    user, _ = User.objects.get_or_create(
        username=FA_STAFF,
        defaults={"full_name": "涉外管理处基准", "division": fa, "password": make_password(BENCH_PASSWORD)},
    )
    user.roles.set([Role.objects.get(code=DIVISION_STAFF)])
    return user


def other_cases(k: int, *, clerk, staff, countries, prefix: str = "基准") -> dict:
    """Record ``k`` of each of 涉外管理处's case types through their services: a conference (three
    countries), a journalist, a bureau with a change report, an interview request, an incident with an
    entry and an honour nomination. ``countries``: three ``Country`` rows. The one builder of the
    benchmark data set (:func:`load`) and of the query-ceiling tests (``tests/perf/test_query_counts.py``)."""
    from apps.conferences import services as conferences
    from apps.honours import services as honours
    from apps.incidents import services as incidents
    from apps.journalists import services as journalists

    fr, de, jp = countries
    day = dt.date(2026, 3, 1) + dt.timedelta(days=k % 200)
    made = {}
    made["conference"] = conferences.conference_create(
        by=clerk,
        unit=clerk.unit,
        countries=[fr, de, jp],
        data={
            "title": f"{prefix}国际会议{k}",
            "name_en": f"Bench Conference {k}",
            "start_date": day,
            "end_date": day + dt.timedelta(days=2),
            "venue": "徐州",
            "organiser": "主办单位",
            "total_participants": 50 + k % 100,
            "foreign_participants": 10 + k % 20,
            "contact_name": "联系人",
            "contact_phone": "0516-80000000",
        },
    )
    made["journalist"] = journalists.journalist_create(
        by=staff,
        data={
            "name": f"Bench Journalist {k}",
            "nationality": (fr, de, jp)[k % 3],
            "kind": "resident",
            "visa_kind": "J1",
            "media": f"媒体{k % 30}",
            "arrival_date": day,
        },
    )
    bureau = journalists.bureau_create(
        by=staff,
        data={"name": f"{prefix}记者站{k}", "name_en": f"Bureau {k}", "country": de, "address": "地址"},
    )
    journalists.change_report_add(
        bureau=bureau, by=staff, kind="chief", changed_on=day, reported_on=day, detail="新首席记者"
    )
    made["bureau"] = bureau
    made["interview"] = journalists.interview_create(
        by=clerk,
        unit=clerk.unit,
        data={
            "journalist_name": f"Bench Journalist {k}",
            "media": f"媒体{k % 30}",
            "nationality": fr,
            "visa_kind": "J2",
            "interviewee": "受访单位",
            "topic": "采访主题",
            "planned_date": day,
        },
    )
    incident = incidents.incident_create(
        by=staff,
        data={
            "title": f"{prefix}涉外案件{k}",
            "direction": "inbound",
            "kind": "dispute",
            "occurred_on": day,
            "place": "徐州",
            "country": jp,
            "persons": "当事人",
            "summary": "基本情况",
        },
    )
    incidents.entry_add(incident=incident, by=staff, kind="action", text="处置情况")
    made["incident"] = incident
    made["nomination"] = honours.nomination_create(
        by=clerk,
        unit=clerk.unit,
        data={
            "nominee_name": f"Bench Nominee {k}",
            "nationality": de,
            "employer": "企业",
            "supervising_body": "主管部门",
            "working_since": dt.date(2015, 1, 1),
            "contributions": "主要贡献",
        },
    )
    return made


def visit_with_programme(k: int, *, clerk, unit, case_type, day, prefix: str = "基准", gift: bool = False):
    """Visit ``k``: four participants (two per side), two meetings with all of them and, if ``gift``, a
    received gift to declare. Used by :func:`load` and ``tests/perf/test_query_counts.py``."""
    from decimal import Decimal

    from apps.visits.models import Event, Gift, Participant, Visit

    visit = Visit.objects.create(
        case_type=case_type,
        applicant_unit=unit,
        created_by=clerk,
        title=f"{prefix}来访{k}",
        arrival_date=day,
        departure_date=day + dt.timedelta(days=1),
    )
    people = [
        Participant.objects.create(visit=visit, side=side, name=f"{side}{k}-{j}", rank=40 + j)
        for side in ("host", "guest")
        for j in range(2)
    ]
    for hour in (9, 14):
        event = Event.objects.create(
            visit=visit,
            kind="meeting",
            title=f"会见{k}",
            date=day,
            start=dt.time(hour),
            end=dt.time(hour + 1),
            venue=f"会议室{k % 3}",
        )
        event.participants.set(people)
    if gift:
        Gift.objects.create(
            direction="received",
            visit=visit,
            description=f"礼品{k}",
            counterpart="x",
            person="y",
            unit=unit,
            created_by=clerk,
            on_date=day,
            value=Decimal("300"),
            declaration_due=day + dt.timedelta(days=30),
        )
    return visit


def load(per_type: int, *, log=print) -> dict:
    from apps.accounts.models import User
    from apps.reference.models import Country
    from apps.visits.services import case_type as visit_case_type

    staff = fa_staff()
    clerks = list(User.objects.filter(username__startswith="bench_clerk_u").select_related("unit")[:20])
    countries = [Country.objects.get(iso2=c) for c in ("FR", "DE", "JP")]
    vct = visit_case_type()
    made = {"conferences": 0, "journalists": 0, "bureaus": 0, "interviews": 0, "incidents": 0}
    made |= {"nominations": 0, "visits": 0}
    for k in range(per_type):
        clerk = clerks[k % len(clerks)]
        other_cases(k, clerk=clerk, staff=staff, countries=countries)
        day = dt.date(2026, 3, 1) + dt.timedelta(days=k % 200)
        visit_with_programme(k, clerk=clerk, unit=clerk.unit, case_type=vct, day=day)
        for key in made:
            made[key] += 1
        if (k + 1) % 50 == 0:
            log(f"  other case types: {k + 1}/{per_type}")
    return made


def targets() -> dict:
    """Detail pages of the other case types for the benchmark (the newest of each)."""
    from apps.conferences.models import Conference
    from apps.honours.models import Nomination
    from apps.incidents.models import Incident
    from apps.journalists.models import Bureau, InterviewRequest, Journalist
    from apps.visits.models import Visit

    out = {}
    for key, model in (
        ("conference", Conference),
        ("incident", Incident),
        ("nomination", Nomination),
        ("journalist", Journalist),
        ("bureau", Bureau),
        ("interview", InterviewRequest),
        ("visit", Visit),
    ):
        row = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        if row:
            out[key] = row
    return out


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")
    import django

    django.setup()
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-type", type=int, default=100)
    args = ap.parse_args()
    print(load(args.per_type))


if __name__ == "__main__":
    main()
