"""The custody register's lists (register, expiring, out, overdue): table rows written in Python (see
``apps/web/rows.py``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from apps.web import rows as w

from .models import Kind, Status, effective_status_of

BADGE_CSS = {
    Status.IN_CUSTODY: "text-bg-success",
    Status.OUT: "text-bg-info",
    Status.OVERDUE: "text-bg-danger",
    Status.EXPIRED: "text-bg-warning",
}


def passport_rows(passports, which: str = "register") -> SafeString:
    """One ``<tr>`` per passport; the out and overdue lists add the due date, the overdue list the days."""
    url = w.pk_url("passports:detail")
    kinds = w.labels(Kind.choices)
    badge = w.badges(Status.choices, lambda status: BADGE_CSS.get(status, "text-bg-secondary"))
    today = timezone.localdate()
    due_column = which in ("out", "overdue")

    def extra(p) -> SafeString | str:
        if not due_column:
            return ""
        html = format_html("<td>{}</td>", w.ymd(p.due_back))
        if which == "overdue":
            days = (
                max(0, (today - p.due_back).days)
                if p.due_back and p.status in (Status.OUT, Status.OVERDUE)
                else 0
            )
            html += format_html(
                '<td data-testid="days-overdue">{}</td>',
                ngettext("%(days)s 天", "%(days)s 天", days) % {"days": days},
            )
        return html

    return w.write(
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td>'
        "<td>{}</td>{}</tr>",
        (
            (
                url(p.pk),
                p.holder.full_name,
                w.name(p.holder.unit),
                kinds.get(p.kind, p.kind),
                p.number_masked,
                w.ymd(p.expiry_date),
                badge(effective_status_of(p.status, p.due_back, p.expiry_date, today)),
                extra(p),
            )
            for p in passports
        ),
    )
