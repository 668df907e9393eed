"""Demo passports for the demo people: most hold one, some expire within 6 months, a few are out,
one or two are overdue — one of them by more than 30 days, so that unit shows as suspended.

Idempotent: people who already hold a passport are skipped. Numbers are fake (prefix by kind:
D diplomatic, S official, P public-affairs ordinary — secondary source, domain.md §3; C for permits).

    from apps.passports import demo; demo.load(units)   # after apps.people.demo.load(units)
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from apps.people import demo as people_demo

from .models import CustodyEvent, Endorsement, Kind, Passport, Status

PREFIX = {
    Kind.OFFICIAL: "S",
    Kind.PUBLIC_AFFAIRS_ORDINARY: "P",
    Kind.DIPLOMATIC: "D",
    Kind.HK_MACAO_PERMIT: "C",
    Kind.APEC_CARD: "A",
}
AUTHORITY = {Kind.HK_MACAO_PERMIT: "江苏省人民政府港澳事务办公室", Kind.APEC_CARD: "外交部领事司"}


def _years(day, n):
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def load(units: dict) -> list[Passport]:
    people = people_demo.load(units)
    rng = random.Random(9303)
    today = timezone.localdate()
    created = []
    for i, person in enumerate(people):
        if i % 10 == 9 or person.passports.exists():
            continue  # about one in ten holds none
        kind = (
            Kind.OFFICIAL
            if person.title in ("局长", "副局长", "处长", "副处长")
            else Kind.PUBLIC_AFFAIRS_ORDINARY
        )
        if i % 6 == 0:
            expiry = today + datetime.timedelta(days=rng.randrange(20, 170))  # within 6 months
        else:
            expiry = today + datetime.timedelta(days=rng.randrange(200, 1700))
        issue = _years(expiry, -5)
        number = f"{PREFIX[kind]}{30000000 + i * 7919:08d}"
        p = Passport.objects.create(
            holder=person,
            kind=kind,
            number=number,
            issue_date=issue,
            expiry_date=expiry,
            issuing_authority=AUTHORITY.get(kind, "江苏省人民政府外事办公室"),
        )
        CustodyEvent.objects.create(
            passport=p,
            kind=CustodyEvent.Kind.REGISTERED,
            purpose="登记入库",
            at=timezone.now() - datetime.timedelta(days=400),
        )
        created.append(p)
        if i % 4 == 1:
            permit = Passport.objects.create(
                holder=person,
                kind=Kind.HK_MACAO_PERMIT,
                number=f"C{50000000 + i * 104729:08d}"[:9],
                issue_date=today - datetime.timedelta(days=700),
                expiry_date=today + datetime.timedelta(days=1100),
                issuing_authority=AUTHORITY[Kind.HK_MACAO_PERMIT],
            )
            Endorsement.objects.create(
                passport=permit,
                kind=Endorsement.Kind.VISIT,
                entries=Endorsement.Entries.MULTIPLE,
                valid_until=today + datetime.timedelta(days=200),
            )
            created.append(permit)
    # A few out: on time, overdue by 10 days, overdue by 45 days (that unit is suspended).
    valid = [
        p
        for p in created
        if p.kind != Kind.HK_MACAO_PERMIT and p.expiry_date > today + datetime.timedelta(days=200)
    ]
    for p, due in zip(valid[:5], (20, 5, -10, -45, 12), strict=False):
        if p.status != Status.IN_CUSTODY:
            continue
        ev = CustodyEvent.objects.create(
            passport=p,
            kind=CustodyEvent.Kind.CHECK_OUT,
            purpose="因公临时出国（演示）",
            due_back=today + datetime.timedelta(days=due),
            at=timezone.now() - datetime.timedelta(days=20 - min(due, 0)),
        )
        p.status = Status.OVERDUE if due < 0 else Status.OUT
        p.current_checkout = ev
        p.save(update_fields=["status", "current_checkout"])
    return created
