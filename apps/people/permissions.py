"""Object permissions for people (``rules`` predicates on the data scope's people realm, see
:mod:`.access`): the person's unit, or the person's own login (``Person.scope_facts``)."""

import rules

from apps.accounts.permissions import has_code, in_scope_of
from apps.accounts.scope import PEOPLE

person_in_scope = in_scope_of(PEOPLE)

rules.add_perm("people.view_person", has_code("people.view") & person_in_scope)
rules.add_perm("people.change_person", has_code("people.manage") & person_in_scope)
rules.add_perm("people.reveal_person", has_code("people.view_sensitive") & person_in_scope)
