"""Fixtures for partners: routing, the shipped partner list, users of each side."""

import pytest


@pytest.fixture
def setup(divisions):
    from apps.casework.demo import load_routing
    from apps.partners.migrations_data import ensure_case_types
    from apps.partners.services import shipped_partners_load

    load_routing(divisions)
    ensure_case_types()
    return {p.name_zh: p for p in shipped_partners_load()}


@pytest.fixture
def partners(setup):
    return setup


@pytest.fixture
def unit(units):
    return units["徐州市教育局"]


@pytest.fixture
def people(make_user, divisions, unit, units, setup):
    eu, am = divisions["europe_africa_oceania"], divisions["americas_asia"]
    return {
        "clerk": make_user("clerk", roles=["unit_clerk"], unit=unit),
        "other_clerk": make_user("other_clerk", roles=["unit_clerk"], unit=units["徐州市商务局"]),
        "eu_staff": make_user("eu_staff", roles=["division_staff"], division=eu),
        "eu_head": make_user("eu_head", roles=["division_head"], division=eu),
        "am_staff": make_user("am_staff", roles=["division_staff"], division=am),
        "am_head": make_user("am_head", roles=["division_head"], division=am),
        "leader": make_user("leader", roles=["office_leader"]),
        "auditor": make_user("auditor", roles=["auditor"]),
    }
