"""Object permissions for passports: the holder's unit, or the holder's own login, decides the scope
(the data scope's people realm, see apps.people.access; ``Passport.scope_facts``)."""

import rules

from apps.accounts.permissions import has_code, in_scope_of
from apps.accounts.scope import PEOPLE

passport_in_scope = in_scope_of(PEOPLE)

rules.add_perm("passports.view_passport", has_code("passports.view") & passport_in_scope)
rules.add_perm("passports.change_passport", has_code("passports.manage") & passport_in_scope)
rules.add_perm("passports.reveal_passport", has_code("people.view_sensitive") & passport_in_scope)
