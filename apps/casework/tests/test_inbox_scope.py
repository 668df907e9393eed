"""The inbox (我的待办) is bounded by the same data-scope filter as every other read of cases.

Before, the inbox wrote its own copy of the scope (``Scope.q`` with creator and assignee only) and
left out the participants that the rule, the case list and the detail page include: a user who takes
part in a case saw it in the list but never in the inbox, however it waited for their role.
"""

import pytest

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
