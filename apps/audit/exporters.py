"""The audit log as an export (``apps.exports``, list "audit.events"): the filtered events, newest
first, at most ``selectors.EXPORT_MAX_ROWS`` of them; large exports run in the background with progress.

Exporting the audit log is itself audited: when the file has been written an ``audit.export`` event
records the filters, the number of rows and whether the cap cut the list short (besides the
``exports.start`` / ``exports.download`` events of the export mechanism).
"""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from . import selectors
from .forms import EventFilterForm, filters_for_json
from .services import EXPORT_COLUMNS, record

KIND = "audit.events"


def can_export(user) -> bool:
    return bool(
        user and user.is_authenticated and user.has_perm("audit.view") and user.has_perm("audit.export")
    )


def filters_from(params: dict | None) -> dict:
    """The export's filters, validated like the list page's form; invalid ones → ``ValueError``."""
    params = params or {}
    form = EventFilterForm({k: str(params.get(k) or "") for k in EventFilterForm.FILTER_KEYS})
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    return form.filters()


def columns():
    return [str(label) for _field, label in EXPORT_COLUMNS]


def count(user, params) -> int:
    qs = selectors.filtered(filters_from(params)).order_by()
    return qs.values("id")[: selectors.EXPORT_MAX_ROWS].count()


def _value(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def rows(user, params, *, cap: int | None = None):
    """The events, then (once all are written) the ``audit.export`` event."""
    filters = filters_from(params)
    cap = cap or selectors.EXPORT_MAX_ROWS
    names = [f for f, _label in EXPORT_COLUMNS]
    qs = selectors.filtered(filters).order_by("-id").values_list(*names)[: cap + 1]
    written, truncated = 0, False
    for values in qs.iterator(chunk_size=2000):
        if written >= cap:
            truncated = True
            break
        yield tuple(_value(v) for v in values)
        written += 1
    record(
        action="audit.export",
        actor=user,
        extra={
            "filters": filters_for_json(filters),
            "rows": written,
            "truncated": truncated,
            "format": "xlsx",
        },
    )


register_exporter(
    KIND,
    title=gettext_lazy("审计日志"),
    permission=can_export,
    columns=columns,
    rows=rows,
    count=count,
)
