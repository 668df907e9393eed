"""Who may read and edit the partner register, plans and country facts.

* ``partners.view`` (office staff, leaders, auditors) reads everything: the register, the country view,
  the plans; units read only the public list of partners (any signed-in user).
* ``partners.manage`` edits — and only the region of the user's own division: a partner, a plan or a
  country belongs to the division of its continent (routing data, domain.md §1). Object rules below.
* The two case types use the casework codes and the engine's predicates.
"""

from __future__ import annotations

import rules

from apps.accounts.permissions import has_code


@rules.predicate
def owns_division(user, obj) -> bool:
    """``obj`` (a partner, a plan, a country's owning division id via ``owner_division_id``) is the
    region of the user's division."""
    if obj is None or not getattr(user, "division_id", None):
        return False
    division_id = getattr(obj, "owner_division_id", None) or getattr(obj, "division_id", None)
    return division_id == user.division_id


rules.add_perm("partners.change_region", has_code("partners.manage") & owns_division)
