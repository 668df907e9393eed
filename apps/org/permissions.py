"""Global rules of the organisation (``rules``): the pages and API require them by code like any other.

``org.read``: office staff (a division member, an office leader, an auditor) or the system administrator.
"""

import rules

from apps.accounts.permissions import has_code


@rules.predicate
def is_office_staff(user) -> bool:
    return bool(getattr(user, "is_office_staff", False))


rules.add_perm("org.read", has_code("org.manage") | is_office_staff)
