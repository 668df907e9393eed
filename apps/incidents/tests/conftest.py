import datetime as dt

import pytest

from apps.reference.models import Country


@pytest.fixture
def unit(units):
    return units["徐州市教育局"]


@pytest.fixture
def other_unit(units):
    return units["徐州市商务局"]


@pytest.fixture
def people(make_user, divisions, unit, other_unit):
    fa = divisions["foreign_affairs"]
    return {
        "clerk": make_user("clerk", roles=["unit_clerk"], unit=unit),
        "other_clerk": make_user("other_clerk", roles=["unit_clerk"], unit=other_unit),
        "staff": make_user("fa_staff", roles=["division_staff"], division=fa),
        "head": make_user("fa_head", roles=["division_head"], division=fa),
        "out_staff": make_user("out_staff", roles=["division_staff"], division=divisions["outbound"]),
        "leader": make_user("leader", roles=["office_leader"]),
    }


@pytest.fixture
def countries(db):
    return {c.iso2: c for c in Country.objects.filter(iso2__in=["FR", "DE", "JP", "US", "HK", "MO", "TW"])}


@pytest.fixture
def data():
    def make(**kw):
        base = {
            "title": "第十届国际煤矿安全技术研讨会",
            "name_en": "10th International Symposium on Coal Mine Safety Technology",
            "kind": "science",
            "start_date": dt.date.today() + dt.timedelta(days=240),
            "end_date": dt.date.today() + dt.timedelta(days=243),
            "venue": "徐州市某国际会议中心",
            "organiser": "中国矿业大学",
            "total_participants": 250,
            "foreign_participants": 80,
            "contact_name": "王会务",
            "contact_phone": "0516-80000000",
        }
        base.update(kw)
        return base

    return make


@pytest.fixture
def create(people, unit, countries, data):
    from apps.conferences import services

    def make(by=None, codes=("FR", "DE", "JP"), **kw):
        return services.conference_create(
            by=by or people["clerk"], unit=unit, data=data(**kw), countries=[countries[c] for c in codes]
        )

    return make
