"""Object permissions for people (``rules`` predicates on top of the data scope in :mod:`.access`)."""

import rules

from apps.accounts.permissions import has_code

from .access import allows_unit


@rules.predicate
def person_in_scope(user, person) -> bool:
    if person is None:
        return False
    return allows_unit(user, person.unit_id) or (person.user_id is not None and person.user_id == user.pk)


rules.add_perm("people.view_person", has_code("people.view") & person_in_scope)
rules.add_perm("people.change_person", has_code("people.manage") & person_in_scope)
rules.add_perm("people.reveal_person", has_code("people.view_sensitive") & person_in_scope)
