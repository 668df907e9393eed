"""Fixtures for visits: routing, users of each side, a visit with participants and a factory."""

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def setup(divisions):
    from apps.casework.demo import load_routing

    load_routing(divisions)
    return divisions


@pytest.fixture
def unit(units):
    return units["徐州市教育局"]


@pytest.fixture
def other_unit(units):
    return units["徐州市商务局"]


@pytest.fixture
def people(make_user, divisions, unit, other_unit, setup):
    fa = divisions["foreign_affairs"]
    return {
        "clerk": make_user("clerk", roles=["unit_clerk"], unit=unit),
        "other_clerk": make_user("other_clerk", roles=["unit_clerk"], unit=other_unit),
        "staff": make_user("staff", roles=["division_staff"], division=fa),
        "head": make_user("head", roles=["division_head"], division=fa),
        "leader": make_user("leader", roles=["office_leader"]),
        "geo_staff": make_user(
            "geo_staff", roles=["division_staff"], division=divisions["europe_africa_oceania"]
        ),
    }


@pytest.fixture
def france():
    from apps.reference.models import Country

    return Country.objects.get(iso2="FR")


@pytest.fixture
def make_visit(people, unit, france):
    from apps.visits import services

    def make(title="法国圣艾蒂安市代表团来访", *, by=None, unit_=None, level="important", days=20):
        start = timezone.localdate() + dt.timedelta(days=days)
        return services.visit_create(
            by=by or people["clerk"],
            unit=unit_ or unit,
            data={
                "title": title,
                "level": level,
                "guest_country": france,
                "guest_organisation": "圣艾蒂安市政府",
                "head_name": "Jean Martin",
                "head_title": "副市长",
                "arrival_date": start,
                "departure_date": start + dt.timedelta(days=2),
                "purpose": "友城交流",
            },
        )

    return make


@pytest.fixture
def leader_rec(db):
    from apps.visits.models import Leader

    return Leader.objects.create(name="王市长", title="市长", rank=40)


def add_people(visit, by, leader=None):
    from apps.visits import services

    out = {}
    specs = [
        ("h1", {"side": "host", "name": "王市长", "title": "市长", "rank": 40, "leader": leader}),
        ("h2", {"side": "host", "name": "李主任", "title": "市外办主任", "rank": 50}),
        ("h3", {"side": "host", "name": "赵处长", "title": "处长", "rank": 60}),
        ("hi", {"side": "host", "name": "孙译员", "title": "翻译", "rank": 80, "role": "interpreter"}),
        ("g1", {"side": "guest", "name": "马丁", "name_en": "Jean Martin", "title": "副市长", "rank": 50}),
        (
            "g2",
            {
                "side": "guest",
                "name": "杜邦",
                "name_en": "Claire Dupont",
                "title": "议员",
                "rank": 60,
                "notified_on": dt.date(2026, 5, 1),
            },
        ),
        (
            "g3",
            {
                "side": "guest",
                "name": "勒布朗",
                "name_en": "Paul Leblanc",
                "title": "议员",
                "rank": 60,
                "notified_on": dt.date(2026, 5, 3),
            },
        ),
    ]
    for key, data in specs:
        base = {
            "name_en": "",
            "title_en": "",
            "organisation": "",
            "diplomatic_rank": "",
            "duty_since": None,
            "notified_on": None,
            "country_en": "",
            "role": "",
            "leader": None,
            "dietary": "",
        }
        out[key] = services.participant_save(visit=visit, by=by, data={**base, **data})
    return out
