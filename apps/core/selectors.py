"""Reads every app shares: one row of a scoped queryset for its detail page.

``row_or_404`` is how every ``thing_get(*, user, pk)`` selector reads its row (cases and registers alike):
the key checked once (``apps.core.ids.parse_id``: a key that is no positive 64-bit integer is no row), the
row read from the queryset the caller already scoped to the user, without the list's ``ORDER BY`` (one row
by its key needs none, and PostgreSQL plans a wide join with a sort each time), and with only the joins
the page shows when the caller names them (a list's joins are not a page's). A row outside the scope, or
one the user may not see by ``perm`` (an object permission such as ``casework.view_case``), is ``Http404``
as well: a page never tells a stranger that a case exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.http import Http404

from .ids import parse_id
from .statements import fixed_first


def row_or_404(
    qs: QuerySet,
    pk,
    *,
    user=None,
    perm: str = "",
    related: Iterable[str] | None = None,
) -> Model:
    """The row of ``qs`` whose key is ``pk``, or ``Http404``.

    ``related``: the foreign keys to join (``None`` keeps the queryset's own ``select_related``).
    ``perm``: an object permission ``user`` must hold on the row."""
    key = parse_id(pk)
    if key is None:
        raise Http404
    if related is not None:
        qs = qs.select_related(None)
        if related:  # select_related() without names would join every non-null foreign key
            qs = qs.select_related(*related)
    # the key's row needs no ORDER BY; its statement is compiled once per shape (``fixed``)
    row = fixed_first(qs.filter(pk=key).order_by(), f"row_or_404:{qs.model._meta.label}")
    if row is None or (perm and not user.has_perm(perm, row)):
        raise Http404
    return row
