"""Plain-data builders for TripFacts (no database)."""

import datetime as dt
from decimal import Decimal

from apps.regulations.engine import BudgetLine, HKMacaoDocs, Leg, Member, Passport, TripFacts

TODAY = dt.date(2026, 3, 2)
DEPART = dt.date(2026, 5, 4)  # 63 days after TODAY

CONTINENT = {
    "JP": "asia",
    "KR": "asia",
    "MN": "asia",
    "TH": "asia",
    "SG": "asia",
    "AE": "asia",
    "PK": "asia",
    "DE": "europe",
    "FR": "europe",
    "AT": "europe",
    "FI": "europe",
    "IT": "europe",
    "BR": "south_america",
    "AR": "south_america",
    "MX": "north_america",
    "US": "north_america",
    "EG": "africa",
    "KE": "africa",
    "ZA": "africa",
    "ET": "africa",
    "HK": "asia",
    "MO": "asia",
}
LATAM = {"BR", "AR", "MX"}


def leg(country, *, city="", arrival=None, departure=None, transit=False, airside=False):
    return Leg(
        country=country,
        continent=CONTINENT.get(country, "asia"),
        is_latin_america=country in LATAM,
        kind="sar" if country in ("HK", "MO") else "country",
        city=city,
        arrival=arrival,
        departure=departure,
        transit=transit,
        airside=airside,
    )


def member(n=1, *, unit=1, rank="staff", expiry=None, kind=None, **kw):
    kind = kind or (
        "official"
        if rank in ("division", "deputy_division", "bureau", "deputy_bureau")
        else "official_ordinary"
    )
    expiry = expiry or dt.date(2030, 1, 1)
    passports = kw.pop("passports", [Passport(kind=kind, expiry=expiry)])
    return Member(person_id=n, name=f"成员{n}", unit_id=unit, rank=rank, passports=passports, **kw)


def trip(countries=("JP",), days=5, members=1, *, departure=DEPART, budget=None, **kw):
    """A trip that passes every rule of the default pack unless told otherwise."""
    legs = kw.pop("legs", None) or [leg(c) for c in countries]
    mlist = kw.pop("member_list", None) or [member(i + 1) for i in range(members)]
    defaults = {
        "today": TODAY,
        "invitation_attached": True,
        "inviter_is_counterpart": True,
    }
    defaults.update(kw)
    if budget is None:
        budget = [BudgetLine(category="fare", amount=Decimal("8000"), currency="CNY")]
    return TripFacts(
        departure=departure,
        return_date=departure + dt.timedelta(days=days - 1),
        legs=legs,
        members=mlist,
        budget=budget,
        **defaults,
    )


def hk_trip(days=5, members=1, *, docs=True, **kw):
    mlist = [member(i + 1) for i in range(members)]
    ret = DEPART + dt.timedelta(days=days - 1)
    documents = (
        {
            m.person_id: HKMacaoDocs(
                permit_expiry=dt.date(2030, 1, 1),
                endorsement_kind="visit",
                endorsement_valid_until=ret + dt.timedelta(days=30),
            )
            for m in mlist
        }
        if docs
        else {}
    )
    return trip(countries=("HK",), days=days, member_list=mlist, hk_macao_documents=documents, **kw)
