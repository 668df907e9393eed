"""Fixtures for the casework engine tests: a test-only case type (SimpleCase), routing and people."""

import pytest


@pytest.fixture
def case_type(db):
    from apps.casework.models import CaseType

    return CaseType.objects.create(
        code="simple", name="测试事项", reference_prefix="徐外测", sla_working_days=10
    )


@pytest.fixture
def other_type(db):
    from apps.casework.models import CaseType

    return CaseType.objects.create(
        code="other", name="另一事项", reference_prefix="徐外另", sla_working_days=5
    )


@pytest.fixture
def routing(divisions):
    from apps.casework.demo import load_routing

    return load_routing(divisions)


@pytest.fixture
def countries(db):
    from apps.reference.models import Country

    return {c.iso2: c for c in Country.objects.filter(iso2__in=["FR", "HK", "MO", "US", "JP", "KE", "AU"])}


@pytest.fixture
def unit(units):
    return units["徐州市教育局"]


@pytest.fixture
def other_unit(units):
    return units["徐州市商务局"]


@pytest.fixture
def people(make_user, divisions, unit, other_unit):
    eao = divisions["europe_africa_oceania"]
    aa = divisions["americas_asia"]
    return {
        "clerk": make_user("clerk", roles=["unit_clerk"], unit=unit, email="clerk@example.org"),
        "clerk2": make_user("clerk2", roles=["unit_clerk"], unit=unit),
        "other_clerk": make_user("other_clerk", roles=["unit_clerk"], unit=other_unit),
        "traveller": make_user("traveller", roles=["traveller"], unit=unit),
        "staff": make_user("staff", roles=["division_staff"], division=eao, email="staff@example.org"),
        "staff2": make_user("staff2", roles=["division_staff"], division=eao),
        "head": make_user("head", roles=["division_head"], division=eao),
        "aa_staff": make_user("aa_staff", roles=["division_staff"], division=aa),
        "aa_head": make_user("aa_head", roles=["division_head"], division=aa),
        "leader": make_user("leader", roles=["office_leader"], email="leader@example.org"),
        "leader2": make_user("leader2", roles=["office_leader"]),
        "auditor": make_user("auditor", roles=["auditor"]),
        "sysadmin": make_user("sysadmin", roles=["sysadmin"]),
    }


@pytest.fixture
def new_case(case_type, people, unit, countries, routing):
    """new_case(country="FR", by=clerk, participants=[...]) → a SimpleCase draft."""
    from apps.casework import services
    from apps.casework.tests.casetype.models import SimpleCase

    def make(country="FR", by=None, participants=(), title="赴法国交流", **fields):
        return services.case_create(
            model=SimpleCase,
            case_type=fields.pop("case_type", case_type),
            by=by or people["clerk"],
            applicant_unit=fields.pop("applicant_unit", unit),
            title=title,
            participants=participants,
            country=countries[country] if country else None,
            **fields,
        )

    return make


@pytest.fixture
def fire():
    """fire(case, name, user, **kw) → the case after the transition (reloaded from the database)."""
    from apps.casework import services
    from apps.casework.tests.casetype.models import SimpleCase

    def do(case, name, by, **kw):
        fresh = SimpleCase.objects.get(pk=case.pk)
        services.transition(case=fresh, name=name, by=by, **kw)
        return SimpleCase.objects.get(pk=case.pk)

    return do
