"""Hypothesis properties of the countries/days/members rules (plain data, default pack)."""

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.regulations.defaults import default_pack
from apps.regulations.engine import evaluate

from .factories import CONTINENT, DEPART, leg, member, trip

PACK = default_pack()
CODES = sorted(CONTINENT)
ABROAD_CODES = [c for c in CODES if c not in ("HK", "MO")]  # a trip of only HK/MO follows other rules

legs_st = st.lists(
    st.builds(
        lambda c, transit, airside: leg(c, transit=transit, airside=airside),
        st.sampled_from(ABROAD_CODES),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)
members_st = st.lists(
    st.builds(
        lambda unit, leader, overdue, report, expiry_days, pending: member(
            0,
            unit=unit,
            is_leader_of_unit=leader,
            has_overdue_passport_return=overdue,
            has_overdue_report=report,
            expiry=DEPART + dt.timedelta(days=expiry_days),
            passport_pending=pending,
        ),
        st.integers(1, 3),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.integers(1, 800),
        st.booleans(),
    ),
    min_size=1,
    max_size=9,
)
facts_st = st.builds(
    lambda legs, days, flag: trip(legs=legs, days=days, poor_flight_connections=flag),
    legs_st,
    st.integers(1, 15),
    st.booleans(),
)


def failing(facts, *rules):
    result = evaluate(facts, PACK)
    return any(result.failed(r) for r in rules)


def renumber(members):
    return [dataclasses.replace(m, person_id=i + 1, name=f"成员{i + 1}") for i, m in enumerate(members)]


@settings(max_examples=200, deadline=None)
@given(facts_st, st.sampled_from(CODES), st.booleans(), st.booleans())
def test_adding_a_destination_never_fixes_the_countries_rule(facts, code, transit, airside):
    before = failing(facts, "countries_max")
    facts.legs = [*facts.legs, leg(code, transit=transit, airside=airside)]
    assert before <= failing(facts, "countries_max")


@settings(max_examples=200, deadline=None)
@given(facts_st, st.sampled_from(CODES))
def test_adding_a_destination_never_fixes_a_trip_over_the_limits_at_three_or_more_countries(facts, code):
    # With fewer than 3 countries a new country legitimately raises the days allowed (5 → 8 → 10);
    # from 3 countries on, one more destination can only make the countries/days verdict worse.
    result = evaluate(facts, PACK)
    if result.for_rule("countries_max")[0].details["count"] < 3:
        return
    before = failing(facts, "countries_max", "days_abroad")
    facts.legs = [*facts.legs, leg(code)]
    assert before <= failing(facts, "countries_max", "days_abroad")


@settings(max_examples=200, deadline=None)
@given(facts_st, st.data())
def test_adding_a_destination_in_a_country_already_counted_never_fixes_the_days_rule(facts, data):
    # a destination in a country that already is a destination (a new Latin American/African
    # destination may legitimately add the extra day)
    counted = sorted({leg.country for leg in facts.legs if not leg.transit})
    if not counted:
        return
    before = failing(facts, "days_abroad")
    facts.legs = [*facts.legs, leg(data.draw(st.sampled_from(counted)))]
    assert before <= failing(facts, "days_abroad")


@settings(max_examples=200, deadline=None)
@given(members_st, members_st.map(lambda ms: ms[0]))
def test_adding_a_member_never_reduces_blocking_findings(members, extra):
    members = renumber(members)
    facts = trip(member_list=members)
    before = evaluate(facts, PACK).blocking_count
    facts.members = renumber([*members, extra])
    assert evaluate(facts, PACK).blocking_count >= before


@settings(max_examples=200, deadline=None)
@given(facts_st, st.integers(1, 20))
def test_lengthening_a_trip_never_reduces_findings_of_the_days_rule(facts, more):
    before = [f for f in evaluate(facts, PACK).for_rule("days_abroad") if not f.passed]
    facts.return_date = facts.return_date + dt.timedelta(days=more)
    after = [f for f in evaluate(facts, PACK).for_rule("days_abroad") if not f.passed]
    assert len(after) >= len(before)


@settings(max_examples=100, deadline=None)
@given(facts_st)
def test_every_enabled_rule_reports_for_a_trip_abroad(facts):
    # never a silent pass: each applicable rule gives at least one finding (passed, failed or not configured)
    result = evaluate(facts, PACK)
    if facts.hk_macao:
        return
    reported = {f.rule_id for f in result.findings}
    expected = {r for r in PACK.rules if not r.startswith("hk_macao")} - {"invitation_counterpart"}
    assert expected <= reported
