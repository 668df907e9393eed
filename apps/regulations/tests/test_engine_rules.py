"""Every rule of the default pack at its boundaries, on plain data (no database)."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from apps.regulations.defaults import default_pack
from apps.regulations.engine import (
    BLOCKING,
    NOT_CONFIGURED,
    WARNING,
    BudgetLine,
    HKMacaoDocs,
    Passport,
    RuleConfig,
    budget_compute,
    evaluate,
    facts_from_dict,
)

from .factories import DEPART, TODAY, hk_trip, leg, member, trip

PACK = default_pack()


def run(facts, pack=PACK):
    return evaluate(facts, pack)


def with_params(rule_id, params, pack=PACK):
    rules = dict(pack.rules)
    rules[rule_id] = dataclasses.replace(rules[rule_id], params=params)
    return dataclasses.replace(pack, rules=rules)


def test_a_clean_trip_has_no_blocking_or_warning_and_says_which_pack():
    result = run(trip())
    assert result.blocking_count == 0 and result.warning_count == 0
    assert result.pack_version == 1
    assert result.for_rule("countries_max")[0].passed


@pytest.mark.parametrize(
    ("countries", "days", "fails"),
    [
        (("JP",), 5, False),
        (("JP",), 6, True),
        (("JP", "KR"), 8, False),
        (("JP", "KR"), 9, True),
        (("JP", "KR", "TH"), 10, False),
        (("JP", "KR", "TH"), 11, True),
    ],
)
def test_days_abroad_by_number_of_countries(countries, days, fails):
    result = run(trip(countries=countries, days=days))
    assert result.failed("days_abroad") is fails
    finding = result.for_rule("days_abroad")[0]
    assert finding.details["days"] == days
    if fails:
        assert finding.severity == BLOCKING
        assert f"在外 {days} 天" in finding.message_zh
        assert "both border days counted" in finding.message_en


def test_days_count_both_border_days():
    facts = trip(days=1)
    assert facts.return_date == facts.departure
    assert run(facts).for_rule("days_abroad")[0].details["days"] == 1


def test_three_countries_pass_four_fail():
    assert not run(trip(countries=("JP", "KR", "TH"), days=5)).failed("countries_max")
    result = run(trip(countries=("JP", "KR", "TH", "SG"), days=5))
    assert result.failed("countries_max")
    assert "4 个国家" in result.for_rule("countries_max")[0].message_zh


def test_the_same_country_twice_counts_once():
    assert (
        run(trip(countries=("JP", "KR", "JP", "TH"), days=5)).for_rule("countries_max")[0].details["count"]
        == 3
    )


def test_airside_transit_does_not_count_landside_does():
    legs = [leg("JP"), leg("KR"), leg("TH"), leg("AE", transit=True, airside=True)]
    assert not run(trip(legs=legs, days=5)).failed("countries_max")
    legs = [leg("JP"), leg("KR"), leg("TH"), leg("AE", transit=True, airside=False)]
    result = run(trip(legs=legs, days=5))
    assert result.failed("countries_max")
    assert "AE" in result.for_rule("countries_max")[0].details["countries"]


def test_landside_transit_raises_the_days_allowed_like_a_country():
    legs = [leg("JP"), leg("AE", transit=True)]
    assert not run(trip(legs=legs, days=8)).failed("days_abroad")
    legs = [leg("JP"), leg("AE", transit=True, airside=True)]
    assert run(trip(legs=legs, days=8)).failed("days_abroad")


@pytest.mark.parametrize("country", ["BR", "EG"])
def test_plus_one_day_for_latin_america_or_africa_with_the_flag(country):
    assert not run(trip(countries=(country,), days=6, poor_flight_connections=True)).failed("days_abroad")
    result = run(trip(countries=(country,), days=7, poor_flight_connections=True))
    assert result.failed("days_abroad")
    assert result.for_rule("days_abroad")[0].details["allowed"] == 6
    # two countries: 9 days
    assert not run(trip(countries=(country, "JP"), days=9, poor_flight_connections=True)).failed(
        "days_abroad"
    )


def test_no_extra_day_without_the_flag_or_outside_latin_america_and_africa():
    assert run(trip(countries=("BR",), days=6, poor_flight_connections=False)).failed("days_abroad")
    assert run(trip(countries=("DE",), days=6, poor_flight_connections=True)).failed("days_abroad")
    # a transit in Africa is not a destination there
    legs = [leg("DE"), leg("EG", transit=True, airside=True)]
    assert run(trip(legs=legs, days=6, poor_flight_connections=True)).failed("days_abroad")


def test_six_members_pass_seven_fail():
    assert not run(trip(members=6)).failed("delegation_size")
    result = run(trip(members=7))
    assert result.failed("delegation_size")
    assert result.for_rule("delegation_size")[0].details == {"count": 7, "max": 6}


def test_interpreter_counts_in_the_delegation():
    mlist = [member(i) for i in range(1, 7)] + [member(7, is_interpreter=True)]
    assert run(trip(member_list=mlist)).failed("delegation_size")


def test_two_continents_is_a_warning():
    result = run(trip(countries=("JP", "DE"), days=5))
    finding = next(f for f in result.for_rule("one_continent") if not f.passed)
    assert finding.severity == WARNING and finding.details["continents"] == ["asia", "europe"]
    assert result.blocking_count == 0
    assert not run(trip(countries=("JP", "KR"), days=5)).failed("one_continent")


def test_missing_invitation_is_a_warning():
    result = run(trip(invitation_attached=False))
    assert result.failed("invitation_attached")
    assert result.for_rule("invitation_attached")[0].severity == WARNING
    assert result.blocking_count == 0


def test_invitation_not_from_a_counterpart_is_a_warning():
    result = run(trip(inviter_is_counterpart=False))
    assert result.failed("invitation_counterpart") and result.blocking_count == 0


def test_two_leaders_of_one_unit_warn_but_leaders_of_different_units_do_not():
    mlist = [member(1, unit=10, is_leader_of_unit=True), member(2, unit=10, is_leader_of_unit=True)]
    result = run(trip(member_list=mlist))
    assert result.failed("unit_leaders_together")
    assert result.for_rule("unit_leaders_together")[0].severity == WARNING
    mlist = [member(1, unit=10, is_leader_of_unit=True), member(2, unit=11, is_leader_of_unit=True)]
    assert not run(trip(member_list=mlist)).failed("unit_leaders_together")


def test_lead_time_thirty_days_ok_twenty_nine_warns():
    assert not run(trip(departure=TODAY + dt.timedelta(days=30))).failed("lead_time")
    result = run(trip(departure=TODAY + dt.timedelta(days=29)))
    assert result.failed("lead_time") and result.for_rule("lead_time")[0].severity == WARNING
    assert result.for_rule("lead_time")[0].details["days"] == 29


def test_lead_time_is_configurable():
    pack = with_params("lead_time", {"days": 45})
    assert run(trip(departure=TODAY + dt.timedelta(days=30)), pack).failed("lead_time")


def test_passport_valid_six_months_after_return_boundary():
    facts = trip(days=5)
    ret = facts.return_date  # 2026-05-08
    ok = member(1, expiry=dt.date(2026, 11, 8))
    short = member(2, expiry=dt.date(2026, 11, 7))
    result = run(trip(days=5, member_list=[ok, short]))
    failures = [f for f in result.for_rule("passport_valid") if not f.passed]
    assert [f.subject for f in failures] == [2]
    assert "2026-11-08" in failures[0].message_zh
    assert ret == dt.date(2026, 5, 8)


def test_passport_kind_must_match_the_rank():
    wrong = member(1, rank="division", kind="official_ordinary")
    result = run(trip(member_list=[wrong]))
    assert result.failed("passport_valid")
    assert "公务护照" in result.for_rule("passport_valid")[0].message_zh
    assert not run(trip(member_list=[member(1, rank="division", kind="official")])).failed("passport_valid")


def test_private_lost_or_missing_passports_fail_pending_application_accepted():
    private = member(1, passports=[Passport(kind="ordinary", expiry=dt.date(2035, 1, 1))])
    lost = member(
        2, passports=[Passport(kind="official_ordinary", expiry=dt.date(2035, 1, 1), status="lost")]
    )
    none = member(3, passports=[])
    pending = member(4, passports=[], passport_pending=True)
    result = run(trip(member_list=[private, lost, none, pending]))
    failed = [f for f in result.for_rule("passport_valid") if not f.passed]
    assert sorted(f.subject for f in failed if f.severity == "blocking") == [1, 2, 3]
    # an application in progress passes with a warning (until the passport is issued)
    [warning] = [f for f in failed if f.severity == "warning"]
    assert warning.subject == 4 and "申请在办" in warning.message_zh


def test_overdue_passport_return_and_overdue_report_block():
    result = run(
        trip(member_list=[member(1, has_overdue_passport_return=True), member(2, has_overdue_report=True)])
    )
    assert result.failed("overdue_passport_return") and result.failed("overdue_trip_report")
    assert result.blocking_count == 2
    assert "成员1" in result.for_rule("overdue_passport_return")[0].message_zh


def test_suspended_unit_blocks():
    result = run(trip(unit_suspended=True))
    assert result.failed("unit_suspended") and result.blocking_count == 1
    assert "30 天" in result.for_rule("unit_suspended")[0].message_zh


def test_yearly_limit_not_configured_until_set_then_enforced():
    facts = trip(member_list=[member(1, trips_this_year=1), member(2, trips_this_year=0)])
    finding = run(facts).for_rule("yearly_limit")[0]
    assert finding.severity == NOT_CONFIGURED and not finding.passed
    assert "未配置" in finding.message_zh and "not configured" in finding.message_en
    pack = with_params("yearly_limit", {"max_per_year": 1})
    result = run(facts, pack)
    assert [f.subject for f in result.for_rule("yearly_limit") if not f.passed] == [1]
    assert result.for_rule("yearly_limit")[0].severity == BLOCKING


def test_yearly_limit_by_rank():
    pack = with_params("yearly_limit", {"by_rank": {"division": 2}})
    facts = trip(member_list=[member(1, rank="division", trips_this_year=1), member(2, trips_this_year=5)])
    findings = run(facts, pack).for_rule("yearly_limit")
    # the division-level member is within 2; the staff member's rank has no limit → not configured
    assert [f.severity for f in findings] == [NOT_CONFIGURED]


def lodging(country, amount, nights, city="", currency="USD", category="lodging", days=0):
    return BudgetLine(
        category=category,
        amount=Decimal(amount),
        currency=currency,
        country=country,
        city=city,
        nights=nights,
        days=days,
    )


def test_budget_within_and_over_the_standard_by_city_group():
    # Seoul: 180 USD per night; "other" Korean cities: 150
    assert not run(trip(countries=("KR",), budget=[lodging("KR", "720", 4, city="首尔")])).failed(
        "budget_within_standard"
    )
    result = run(trip(countries=("KR",), budget=[lodging("KR", "721", 4, city="Seoul")]))
    assert result.failed("budget_within_standard")
    finding = next(f for f in result.for_rule("budget_within_standard") if not f.passed)
    assert finding.details["cap"] == Decimal("720")
    assert "720" in finding.message_zh
    # an unlisted Korean city falls back to the "其他" row
    assert run(trip(countries=("KR",), budget=[lodging("KR", "601", 4, city="Daegu")])).failed(
        "budget_within_standard"
    )


def test_meals_and_incidentals_per_day_and_forty_percent_with_host_transport():
    lines = [
        lodging("KR", "350", 0, category="meals", days=5),
        lodging("KR", "175", 0, category="incidentals", days=5),
    ]
    assert not run(trip(countries=("KR",), budget=lines)).failed("budget_within_standard")
    result = run(trip(countries=("KR",), budget=lines, host_transport=True))
    finding = next(f for f in result.for_rule("budget_within_standard") if not f.passed)
    assert finding.details["category"] == "incidentals" and finding.details["cap"] == Decimal("70.00")


def test_no_standard_on_file_is_never_a_silent_pass():
    result = run(trip(countries=("DE",), budget=[lodging("DE", "100", 1, currency="EUR")]))
    finding = next(f for f in result.for_rule("budget_standard_on_file") if not f.passed)
    assert finding.severity == WARNING and finding.details["country"] == "DE"
    assert "无开支标准记录" in finding.message_zh and "no standard on file" in finding.message_en


def test_budget_in_another_currency_is_flagged_not_passed():
    result = run(trip(countries=("KR",), budget=[lodging("KR", "100", 1, currency="EUR")]))
    assert result.failed("budget_standard_on_file")


def test_empty_budget_warns():
    assert run(trip(budget=[])).failed("budget_present")


def test_budget_compute_prefills_from_the_table():
    facts = trip(
        legs=[leg("JP", city="东京", arrival=DEPART, departure=DEPART + dt.timedelta(days=4))], days=5
    )
    lines = budget_compute(
        departure=facts.departure, return_date=facts.return_date, legs=facts.legs, pack=PACK
    )
    by_cat = {s.category: s for s in lines}
    assert by_cat["lodging"].rate == Decimal("20000") and by_cat["lodging"].count == 4
    assert by_cat["lodging"].amount == Decimal("80000") and by_cat["lodging"].currency == "JPY"
    assert by_cat["meals"].count == 5 and by_cat["incidentals"].amount == Decimal("25000")
    host = budget_compute(
        departure=facts.departure,
        return_date=facts.return_date,
        legs=facts.legs,
        host_transport=True,
        pack=PACK,
    )
    assert {s.category: s for s in host}["incidentals"].rate == Decimal("2000.00")
    none = budget_compute(
        departure=facts.departure, return_date=facts.return_date, legs=[leg("DE")], pack=PACK
    )
    assert all(not s.standard_on_file and s.amount is None for s in none)


def test_budget_compute_days_add_up_over_several_destinations():
    d = DEPART
    legs = [
        leg("JP", arrival=d, departure=d + dt.timedelta(days=3)),
        leg("KR", arrival=d + dt.timedelta(days=3), departure=d + dt.timedelta(days=7)),
    ]
    lines = budget_compute(departure=d, return_date=d + dt.timedelta(days=7), legs=legs, pack=PACK)
    assert sum(s.count for s in lines if s.category == "meals") == 8
    assert sum(s.count for s in lines if s.category == "lodging") == 7


def _stays(*spans):
    """Destination legs in HK/MO, each (region, first day offset, days)."""
    return [
        dataclasses.replace(
            leg(
                code,
                arrival=DEPART + dt.timedelta(days=start),
                departure=DEPART + dt.timedelta(days=start + n - 1),
            ),
            name={"HK": "香港", "MO": "澳门"}[code],
        )
        for code, start, n in spans
    ]


def test_hk_macao_stay_thirty_days_ok_thirty_one_fails_and_trip_rules_do_not_apply():
    result = run(hk_trip(days=30, members=8, legs=_stays(("HK", 0, 30))))
    assert not result.failed("hk_macao_stay")
    assert not result.for_rule("days_abroad") and not result.for_rule("delegation_size")
    assert not result.for_rule("passport_valid")
    result = run(hk_trip(days=31, legs=_stays(("HK", 0, 31))))
    assert result.failed("hk_macao_stay")
    finding = result.for_rule("hk_macao_stay")[0]
    assert finding.details["days"] == 31 and "香港" in finding.message_zh and "HK" not in finding.message_zh


def test_the_thirty_days_are_per_stay_not_the_trips_days():
    # 40 days in all, two stays of 20: each within the endorsement's limit
    assert not run(hk_trip(days=40, legs=_stays(("HK", 0, 20), ("MO", 20, 20)))).failed("hk_macao_stay")
    # a member's endorsement with a shorter limit per stay applies
    facts = hk_trip(days=10, legs=_stays(("HK", 0, 10)))
    facts.hk_macao_documents[1] = dataclasses.replace(facts.hk_macao_documents[1], endorsement_max_stay=7)
    assert run(facts).failed("hk_macao_stay")


def test_a_hong_kong_endorsement_does_not_cover_macao():
    facts = hk_trip(days=5, legs=_stays(("MO", 0, 5)))
    facts.hk_macao_documents[1] = dataclasses.replace(
        facts.hk_macao_documents[1], endorsement_regions=frozenset({"HK"})
    )
    failed = run(facts).for_rule("hk_macao_documents")
    assert failed and not failed[0].passed and "澳门" in failed[0].message_zh
    facts.hk_macao_documents[1] = dataclasses.replace(
        facts.hk_macao_documents[1], endorsement_regions=frozenset({"HK", "MO"})
    )
    assert not run(facts).failed("hk_macao_documents")


def test_teaching_and_research_trips_are_sized_as_needed():
    facts = trip(countries=("JP", "KR", "SG", "TH"), days=14, members=9)
    result = run(facts)
    assert (
        result.failed("countries_max") and result.failed("days_abroad") and result.failed("delegation_size")
    )
    facts.delegation_type = "teaching_research"
    result = run(facts)
    assert not result.for_rule("countries_max") and not result.for_rule("days_abroad")
    assert not result.for_rule("delegation_size")
    note = result.for_rule("category_as_needed")[0]
    assert note.severity == "info" and "厅字〔2016〕17号" in note.citation
    assert result.for_rule("invitation_attached")  # the other rules still run


@pytest.mark.parametrize(
    "task, warns", [("考察智慧城市建设", True), ("出席中日经贸合作洽谈会并签署协议", False), ("", False)]
)
def test_a_study_tour_is_a_warning(task, warns):
    result = run(trip(task=task))
    assert bool(result.failed("study_tour")) == warns
    if warns:
        finding = result.for_rule("study_tour")[0]
        assert finding.severity == "warning" and "第五条" in finding.citation


def test_hk_macao_permit_and_endorsement_required():
    assert run(hk_trip(docs=False)).failed("hk_macao_documents")
    facts = hk_trip()
    facts.hk_macao_documents[1] = HKMacaoDocs(permit_expiry=dt.date(2030, 1, 1))
    finding = run(facts).for_rule("hk_macao_documents")[0]
    assert not finding.passed and "签注" in finding.message_zh
    facts.hk_macao_documents[1] = HKMacaoDocs(pending=True)
    assert not run(facts).failed("hk_macao_documents")


def test_hk_macao_size_not_configured_until_set():
    assert run(hk_trip()).for_rule("hk_macao_size")[0].severity == NOT_CONFIGURED
    pack = with_params("hk_macao_size", {"max": 2})
    assert run(hk_trip(members=3), pack).failed("hk_macao_size")
    assert not run(hk_trip(members=2), pack).failed("hk_macao_size")


def test_disabled_rule_reports_nothing_and_bad_params_say_not_configured():
    rules = dict(PACK.rules)
    rules["countries_max"] = dataclasses.replace(rules["countries_max"], enabled=False)
    rules["days_abroad"] = dataclasses.replace(rules["days_abroad"], params={"by_countries": "oops"})
    pack = dataclasses.replace(PACK, rules=rules)
    result = run(trip(countries=("JP", "KR", "TH", "SG")), pack)
    assert result.for_rule("countries_max") == []
    assert result.for_rule("days_abroad")[0].severity == NOT_CONFIGURED


def test_return_before_departure_is_reported():
    facts = trip()
    facts.return_date = facts.departure - dt.timedelta(days=1)
    assert run(facts).failed("trip_dates")


def test_messages_fill_placeholders_and_tolerate_unknown_ones():
    rules = dict(PACK.rules)
    rules["countries_max"] = dataclasses.replace(rules["countries_max"], message_zh="{count}/{max} {nope} {")
    result = run(trip(countries=("JP", "KR", "TH", "SG")), dataclasses.replace(PACK, rules=rules))
    assert result.for_rule("countries_max")[0].message_zh == "{count}/{max} {nope} {"  # malformed: shown raw
    rules["countries_max"] = RuleConfig("countries_max", params={"max": 3}, message_zh="{count}/{max} {nope}")
    result = run(trip(countries=("JP", "KR", "TH", "SG")), dataclasses.replace(PACK, rules=rules))
    assert result.for_rule("countries_max")[0].message_zh == "4/3 {nope}"


def test_facts_from_dict_round_trip_and_errors():
    facts = facts_from_dict(
        {
            "departure": "2026-05-04",
            "return_date": "2026-05-09",
            "today": "2026-03-02",
            "legs": [{"country": "jp", "continent": "asia"}],
            "members": [
                {"person_id": 1, "passports": [{"kind": "official_ordinary", "expiry": "2030-01-01"}]}
            ],
            "budget": [
                {"category": "lodging", "amount": "1", "currency": "JPY", "country": "JP", "nights": 1}
            ],
            "invitation_attached": True,
            "inviter_is_counterpart": True,
        }
    )
    result = run(facts)
    assert result.failed("days_abroad") and result.for_rule("days_abroad")[0].details["days"] == 6
    with pytest.raises(ValueError):
        facts_from_dict({"departure": "2026-13-01", "return_date": "2026-05-09"})
    with pytest.raises(ValueError):
        facts_from_dict({"legs": [{}]})
