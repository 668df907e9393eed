"""The browser checks' world: ``tests/world.py`` plus one trip of unit A (routed to division A, the
traveller taking part) in every stage whose page shows different forms: the reviewer's actions, the
leader's decision, the visa and passport forms, the return and report forms, objections to a notice,
the superior approval of a bureau-level delegation.

Each trip is driven through the real services by the demo's own driver (``apps.trips.demo._run``,
with its simulated clock), so timelines, custody events and checks are what a user would have.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from tests import world as base

# Stage targets of apps.trips.demo and the bureau-level delegation (superior approval form).
TARGETS = (
    "submitted",
    "in_review",
    "returned",
    "pending_approval",
    "unit_notice",  # the unit's pre-trip notice is up (its intranet page, the public objection form)
    "approved",
    "documents",
    "departed",
    "overdue_passports",  # stage "returned": passports to check in, the report form
    "passports_back",
    "report_filed",
    "post_notice",
    "closed",
)
SURNAMES = ["欧阳", "司马", "诸葛", "上官", "慕容", "皇甫", "东方", "令狐"]
GIVEN = ["晓峰", "文静", "建国", "婉清"]


def _people(unit, n, start, *, rank="division"):
    from apps.people.models import Person

    out = []
    for i in range(n):
        seq = start + i
        person, _passport = base._person(
            unit, SURNAMES[seq % 8] + GIVEN[seq // 8 % 4], f"E3{seq:07d}", id_seq=100 + seq
        )
        if rank != "division":
            Person.objects.filter(pk=person.pk).update(rank=rank)
            person.rank = rank
        out.append(person)
    return out


def build():
    """``tests.world.build()`` plus ``trips_by_stage`` {target: trip} (call with database access)."""
    from apps.casework.models import RoutingRule
    from apps.reference.models import Country
    from apps.trips import demo, services
    from apps.trips.migrations_data import ensure_case_type
    from apps.trips.models import Trip

    w = base.build()
    # Trip paperwork goes to division A here, where the world's division roles work.
    case_type = ensure_case_type()
    case_type.default_division = w.div_a
    case_type.save()
    RoutingRule.objects.filter(case_type=case_type).update(division=w.div_a)

    today = timezone.localdate()
    specs = {}
    for spec in demo._specs(today, [w.unit_a.name], random.Random(2026)):
        if spec.target in TARGETS and spec.target not in specs:
            if spec.target == "documents" and not spec.release:
                continue  # the documents trip whose passports are out: the "check in" buttons
            specs[spec.target] = spec
    missing = set(TARGETS) - set(specs)
    assert not missing, f"apps.trips.demo has no spec for {missing}"

    staff = {demo.REVIEWERS[0]: w.users["division_staff"]}
    for name in demo.LEADERS:
        staff[name] = w.users["office_leader"]
    staff[demo.HEAD] = w.users["division_head"]  # tripchain: the head's review, the unit's signature
    staff[f"signatory:{w.unit_a.name}"] = w.users["unit_signatory"]
    units = {w.unit_a.name: w.unit_a}
    trips = {}
    seq = 0
    # The demo's reviewer also checks passports out and in: while the trips are driven, division A is
    # the custody division (afterwards the world's scopes are as tests/world.py describes them).
    waiban = {**settings.WAIBAN, "PASSPORT_CUSTODY_DIVISION": w.div_a.code}
    with demo.simulated_clock() as clock, override_settings(WAIBAN=waiban):
        for target in TARGETS:
            spec = specs[target]
            spec.size = 2
            spec.members = _people(w.unit_a, 2, seq)
            seq += 2
            spec.unit_name = w.unit_a.name
            demo._run(spec, clock=clock, clerk=w.users["unit_clerk"], staff=staff, units=units)
            trips[target] = Trip.objects.filter(applicant_unit=w.unit_a).order_by("-pk").first()
    # A delegation led by a bureau-level official needs the superior's approval (its own form).
    head = _people(w.unit_a, 1, seq, rank="bureau")[0]
    japan = Country.objects.get(iso2="JP")
    bureau = base._trip(by=w.users["unit_clerk"], unit=w.unit_a, person=head, title="赴日本考察", jp=japan)
    bureau = services.trip_transition(trip=bureau, name="submit", by=w.users["unit_clerk"])
    trips["bureau_level"] = bureau
    for trip in trips.values():
        trip.participants.add(w.users["traveller"])
    # Someone objects to the published notice: the reviewer's form to record how it was handled.
    objection = "该团组成员近期已多次出访，请核实必要性。"
    services.objection_submit(trip=trips["unit_notice"], text=objection, name="市民")
    w.trips_by_stage = {k: Trip.objects.get(pk=t.pk) for k, t in trips.items()}
    return w
