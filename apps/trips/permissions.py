"""Global rules of trips (``rules``): the pages require them by code like any other permission.

* ``trips.view_reports`` — the trip list and reports (:func:`apps.trips.reports.can_see_reports`);
* ``trips.configure_tiers`` — the approval tiers of ranks (system administrator: ``casework.configure``
  or ``reference.manage``).
"""

import rules

from apps.accounts.permissions import has_code

from .reports import can_see_reports

rules.add_perm("trips.view_reports", rules.predicate(can_see_reports))
rules.add_perm("trips.configure_tiers", has_code("casework.configure") | has_code("reference.manage"))
