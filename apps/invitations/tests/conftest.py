"""Fixtures for invitations: routing, users of each side, a registered unit, an application factory."""

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def setup(divisions):
    from apps.casework.demo import load_routing
    from apps.invitations.demo import load_setup

    load_routing(divisions)
    return load_setup(divisions)


@pytest.fixture
def unit(units):
    return units["徐州市教育局"]


@pytest.fixture
def other_unit(units):
    return units["徐州市商务局"]


@pytest.fixture
def people(make_user, divisions, unit, other_unit, setup):
    out = divisions["outbound"]
    return {
        "clerk": make_user("clerk", roles=["unit_clerk"], unit=unit),
        "other_clerk": make_user("other_clerk", roles=["unit_clerk"], unit=other_unit),
        "staff": make_user("staff", roles=["division_staff"], division=out),
        "head": make_user("head", roles=["division_head"], division=out),
        "other_staff": make_user(
            "other_staff", roles=["division_staff"], division=divisions["europe_africa_oceania"]
        ),
        "leader": make_user("leader", roles=["office_leader"]),
    }


REG_DATA = {
    "name_zh": "徐州市教育局",
    "name_en": "Xuzhou Municipal Education Bureau",
    "credit_code": "",
    "address": "徐州市云龙区示例路 1 号",
    "contact_name": "王晓",
    "contact_phone": "0516-80000000",
    "leader_name": "李明",
    "leader_title": "副局长",
    "clerks": "王晓，外事专办员，0516-80000000",
    "clerk_ids_checked": True,
    "documents_note": "统一社会信用代码证书（复印件）",
}


@pytest.fixture
def registered(people, unit, other_unit):
    """Both units registered and approved."""
    from apps.invitations import services

    regs = {}
    for key, u in (("clerk", unit), ("other_clerk", other_unit)):
        reg = services.registration_submit(by=people[key], unit=u, data={**REG_DATA, "name_zh": u.name})
        services.registration_review(registration=reg, by=people["staff"], decision="approve")
        regs[key] = reg
    return regs


@pytest.fixture
def countries(db):
    from apps.reference.models import Country

    return {c.iso2: c for c in Country.objects.filter(iso2__in=["DE", "FR", "JP", "US", "CN", "HK"])}


def invitee(countries, n=1, *, iso="DE", expiry=None, passport=None):
    return {
        "name": f"TESTPERSON NUMBER{n}",
        "sex": "M" if n % 2 else "F",
        "date_of_birth": dt.date(1980, 1, n),
        "nationality": countries[iso],
        "passport_number": passport or f"C0{n}X45678",
        "passport_expiry": expiry or dt.date(2035, 1, 1),
        "occupation": "教授",
        "employer": "Beispiel-Hochschule",
    }


def main_data(**over):
    today = timezone.localdate()
    data = {
        "title": "邀请德国高校代表团来访",
        "purpose": "学术交流",
        "activity": "座谈、参观",
        "entry_date": today + dt.timedelta(days=40),
        "stay_days": 7,
        "cities": "徐州、南京",
        "itinerary": "第1天 抵达徐州\n第2-5天 交流\n第6-7天 南京",
        "visa_type": "F",
        "entries": "single",
        "validity_months": 3,
        "visa_apply_place": "中国驻德国大使馆",
        "costs_borne_by": "inviter",
        "costs_note": "",
        "contact_name": "王晓",
        "contact_phone": "0516-80000000",
        "signing_leader": "李明",
        "province_signs": False,
    }
    data.update(over)
    return data


@pytest.fixture
def make_invitation(people, unit, countries, registered):
    from apps.invitations import services

    def make(n=3, by=None, unit_=None, invitees=None, **over):
        return services.invitation_create(
            by=by or people["clerk"],
            unit=unit_ or unit,
            data=main_data(**over),
            invitees=invitees if invitees is not None else [invitee(countries, i) for i in range(1, n + 1)],
        )

    return make


def fire(inv, name, by, **kw):
    from apps.invitations import services
    from apps.invitations.models import Invitation

    services.invitation_transition(invitation=Invitation.objects.get(pk=inv.pk), name=name, by=by, **kw)
    return Invitation.objects.get(pk=inv.pk)
