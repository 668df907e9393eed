"""Pack versioning, the cached active pack, and the services that change packs."""

import pytest
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.regulations import services
from apps.regulations.engine import evaluate
from apps.regulations.models import ExpenseStandard, RulePack, RuleSetting
from apps.regulations.packs import load_active_pack

from .factories import trip

pytestmark = pytest.mark.django_db


def test_default_pack_is_shipped_active_with_every_rule_and_citation():
    pack = RulePack.objects.get(status="active")
    assert pack.version == 1
    ids = set(pack.rules.values_list("rule_id", flat=True))
    assert {
        "countries_max",
        "days_abroad",
        "delegation_size",
        "one_continent",
        "invitation_attached",
        "unit_leaders_together",
        "lead_time",
        "passport_valid",
        "overdue_passport_return",
        "overdue_trip_report",
        "unit_suspended",
        "yearly_limit",
        "budget_within_standard",
        "budget_standard_on_file",
        "hk_macao_documents",
        "hk_macao_stay",
        "hk_macao_size",
    } <= ids
    countries = pack.rules.get(rule_id="countries_max")
    # the citation users see is the regulation's name and number; the research notes are the source note
    assert countries.params == {"max": 3} and countries.citation.endswith("（中办发〔2013〕16号）")
    assert "二手来源" not in countries.citation and "二手来源" in countries.notes
    assert pack.rules.get(rule_id="yearly_limit").params is None
    assert pack.rules.get(rule_id="hk_macao_size").not_configured
    assert all(r.message_zh and r.message_en and r.citation for r in pack.rules.all())


def test_the_eighteen_expense_standard_rows_are_shipped():
    assert ExpenseStandard.objects.count() == 18
    seoul = ExpenseStandard.objects.get(country__iso2="KR", city_group="首尔、釜山、济州")
    assert (seoul.currency, seoul.lodging, seoul.meals, seoul.incidentals) == ("USD", 180, 70, 35)
    assert "516" in seoul.citation
    assert ExpenseStandard.objects.get(country__iso2="JP", city_group="东京").lodging == 20000


def test_load_active_pack_evaluates_with_db_standards():
    pack = load_active_pack()
    assert pack.version == 1 and len(pack.standards) == 18
    assert load_active_pack() is pack  # cached while nothing changes
    assert evaluate(trip()).pack_version == 1


def test_draft_edit_changes_nothing_until_activated(sysadmin):
    draft = services.pack_create_draft(by=sysadmin)
    assert (draft.version, draft.status, draft.based_on.version) == (2, "draft", 1)
    assert draft.rules.count() == RulePack.objects.get(version=1).rules.count()
    setting = draft.rules.get(rule_id="countries_max")
    services.rule_setting_update(setting=setting, by=sysadmin, params={"max": 4})

    four = trip(countries=("JP", "KR", "MN", "PK"), days=5)
    result = evaluate(four)
    assert result.pack_version == 1 and result.failed("countries_max")

    services.pack_activate(pack=draft, by=sysadmin)
    result = evaluate(four)
    assert result.pack_version == 2 and not result.failed("countries_max")
    assert RulePack.objects.get(version=1).status == "retired"
    assert RulePack.objects.filter(status="active").count() == 1
    assert AuditEvent.objects.filter(action="regulations.pack_activate").exists()
    assert AuditEvent.objects.filter(action="regulations.rule_update").exists()


def test_only_one_draft_and_only_drafts_are_edited(sysadmin):
    services.pack_create_draft(by=sysadmin)
    with pytest.raises(ServiceError) as err:
        services.pack_create_draft(by=sysadmin)
    assert "草稿" in err.value.message
    active = RuleSetting.objects.get(pack__version=1, rule_id="lead_time")
    with pytest.raises(ServiceError):
        services.rule_setting_update(setting=active, by=sysadmin, params={"days": 1})
    with pytest.raises(ServiceError):
        services.pack_activate(pack=RulePack.objects.get(version=1), by=sysadmin)


def test_invalid_params_are_refused_with_a_clear_message(sysadmin):
    draft = services.pack_create_draft(by=sysadmin)
    setting = draft.rules.get(rule_id="days_abroad")
    with pytest.raises(ServiceError) as err:
        services.rule_setting_update(setting=setting, by=sysadmin, params={"by_countries": {"1": "five"}})
    assert "by_countries.1" in err.value.message
    setting.refresh_from_db()
    assert setting.params["by_countries"]["1"] == 5


def test_setting_the_yearly_limit_enforces_it(sysadmin):
    draft = services.pack_create_draft(by=sysadmin)
    services.rule_setting_update(
        setting=draft.rules.get(rule_id="yearly_limit"), by=sysadmin, params={"max_per_year": 2}
    )
    services.pack_activate(pack=draft, by=sysadmin)
    facts = trip()
    facts.members[0].trips_this_year = 2
    result = evaluate(facts)
    assert result.failed("yearly_limit") and result.for_rule("yearly_limit")[0].severity == "blocking"


def test_changing_packs_needs_reference_manage(make_user):
    clerk = make_user(roles=["unit_clerk"])
    with pytest.raises(PermissionDenied):
        services.pack_create_draft(by=clerk)


def test_a_changed_standard_reaches_the_cached_pack(sysadmin):
    assert load_active_pack().standards.lookup("MN").lodging == 90
    row = ExpenseStandard.objects.get(country__iso2="MN")
    row.lodging = 95
    row.save()
    assert load_active_pack().standards.lookup("MN").lodging == 95
