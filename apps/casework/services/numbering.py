"""Reference numbers (文号): one counter row per case type and year, never repeating, never skipping."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.errors import ConflictError

from ..models import CaseType, ReferenceCounter


def allocate_reference(case_type: CaseType, year: int) -> str:
    """The next number of ``case_type`` in ``year``; must run inside the caller's transaction.

    The counter row is locked (SELECT … FOR UPDATE) until the caller commits; a rolled-back caller rolls
    the counter back with it, so numbers never repeat and never skip.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_reference() must run inside a transaction")
    counter = None
    for _attempt in range(5):
        try:
            with transaction.atomic():  # a savepoint: a lost creation race does not spoil the caller
                counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                    case_type=case_type, year=year
                )
            break
        except IntegrityError:
            continue
    if counter is None:  # pragma: no cover - five lost races in a row
        raise ConflictError(_("编号分配繁忙，请稍后重试。"))
    counter.last += 1
    counter.save(update_fields=["last"])
    return case_type.format_reference(year, counter.last)
