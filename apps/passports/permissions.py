"""Object permissions for passports: the holder's unit decides the scope (see apps.people.access)."""

import rules

from apps.accounts.permissions import has_code
from apps.people.access import allows_unit


@rules.predicate
def passport_in_scope(user, passport) -> bool:
    if passport is None:
        return False
    holder = passport.holder
    return allows_unit(user, holder.unit_id) or (holder.user_id is not None and holder.user_id == user.pk)


rules.add_perm("passports.view_passport", has_code("passports.view") & passport_in_scope)
rules.add_perm("passports.change_passport", has_code("passports.manage") & passport_in_scope)
rules.add_perm("passports.reveal_passport", has_code("people.view_sensitive") & passport_in_scope)
