"""The audit log as an export (``apps.exports``, list "audit.events"): the filtered events, newest
first, at most ``selectors.EXPORT_MAX_ROWS`` of them; large exports run in the background with progress.

The file shows what the pages show: the action's label, the object's type, name and reference number,
the changed fields by their labels and a one-sentence summary (``apps.audit.display``); the stored codes
stay in the database and the API.

Exporting the audit log is itself audited: when the file has been written an ``audit.export`` event
records the filters, the number of rows and whether the cap cut the list short (besides the
``exports.start`` / ``exports.download`` events of the export mechanism).
"""

from __future__ import annotations

from itertools import islice

from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from . import display, selectors
from .actions import AuditAction
from .forms import EventFilterForm, filters_for_json
from .services import record

KIND = "audit.events"
CHUNK = 2000

COLUMNS = (
    ("id", gettext_lazy("编号")),
    ("at", gettext_lazy("时间")),
    ("actor_name", gettext_lazy("操作人")),
    ("actor_username", gettext_lazy("用户名")),
    ("action_label", gettext_lazy("操作")),
    ("target_type_label", gettext_lazy("对象类型")),
    ("target_id", gettext_lazy("对象编号")),
    ("target_name", gettext_lazy("对象")),
    ("summary", gettext_lazy("摘要")),
    ("changes", gettext_lazy("变更内容")),
    ("extra", gettext_lazy("附加信息")),
    ("ip", gettext_lazy("IP 地址")),
    ("request_id", gettext_lazy("请求编号")),
    ("hash", gettext_lazy("哈希")),
)


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
    return [str(label) for _field, label in COLUMNS]


def count(user, params) -> int:
    qs = selectors.filtered(filters_from(params)).order_by()
    return qs.values("id")[: selectors.EXPORT_MAX_ROWS].count()


def _row(event) -> tuple:
    view = event.target_view
    name = f"{view.reference} {view.title}".strip() if view.reference else view.name
    return (
        event.pk,
        event.at,
        event.actor_name,
        event.actor_username,
        event.action_label,
        view.type_label,
        event.target_id,
        name,
        display.summary(event, view),
        display.changes_text(event),
        display.extra_text(event),
        event.ip,
        event.request_id,
        event.hash,
    )


def rows(user, params, *, cap: int | None = None):
    """The events, then (once all are written) the ``audit.export`` event. The names of the objects are
    read per chunk of ``CHUNK`` events (one query per kind of object)."""
    filters = filters_from(params)
    cap = cap or selectors.EXPORT_MAX_ROWS
    qs = selectors.filtered(filters).order_by("-id")[: cap + 1]
    events = qs.iterator(chunk_size=CHUNK)
    written, truncated = 0, False
    while chunk := list(islice(events, CHUNK)):
        for event in display.annotate(chunk):
            if written >= cap:
                truncated = True
                break
            yield _row(event)
            written += 1
        if truncated:
            break
    record(
        action=AuditAction.AUDIT_EXPORT,
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
