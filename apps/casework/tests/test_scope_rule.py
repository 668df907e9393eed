"""Casework reads answer from the one data-scope rule (``apps.accounts.scope``), where two copies
used to disagree:

* The inbox (我的待办) wrote its own copy of the scope (``Scope.q`` with creator and assignee only) and
  left out the participants that the rule, the case list and the detail page include: a user who takes
  part in a case saw it in the list but never in the inbox, however it waited for their role.
* The case list's 申报单位 filter offered every unit to everyone, while the trip list offered a unit
  clerk their own unit only: both now offer ``units_visible(user)``.
"""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_participant_finds_the_case_in_the_inbox_as_in_the_list(new_case, people, divisions, make_user):
    from apps.accounts.models import Role
    from apps.casework.models import Case
    from apps.casework.selectors import case_list, inbox, inbox_counts

    # a deputy director who approves for the 欧非处 only, and travels on a case of the 美亚处
    deputy_role = Role.objects.create(
        code="deputy_eao",
        name="分管副主任",
        data_scope="custom",
        permissions=["casework.view", "casework.approve"],
    )
    deputy_role.scope_divisions.set([divisions["europe_africa_oceania"]])
    deputy = make_user("deputy", roles=["deputy_eao"])
    theirs = new_case("JP", title="赴日本交流", participants=[deputy])
    elsewhere = new_case("JP", title="赴日本考察")
    Case.objects.filter(pk__in=[theirs.pk, elsewhere.pk]).update(
        state="pending_approval", division=divisions["americas_asia"]
    )

    listed = {c.pk for c in case_list(user=deputy)}
    assert theirs.pk in listed and elsewhere.pk not in listed
    assert {c.pk for c in inbox(user=deputy)} == {theirs.pk}
    assert inbox_counts(user=deputy)["total"] == 1


def _unit_options(html: str) -> set[str]:
    select = re.search(r'<select[^>]*name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select) if value}


def test_the_unit_filter_offers_the_units_of_the_scope(people, units, login, client):
    """A unit clerk picks from their own unit; division staff (whose division's cases come from every
    unit) and leaders from every active unit — on the case list as on the trip list."""
    for url in (reverse("casework:list"), reverse("trips:trip_list")):
        login(people["clerk"])
        assert _unit_options(client.get(url).content.decode()) == {"徐州市教育局"}, url
        active = {name for name, unit in units.items() if unit.is_active}
        for who in ("staff", "leader"):
            login(people[who])
            assert _unit_options(client.get(url).content.decode()) == active, (url, who)
