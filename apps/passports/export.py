"""Excel export of the custody lists (openpyxl). Numbers are masked; every export is audited."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.audit.services import record

MAX_ROWS = 5000


def columns():
    return [
        _("持照人"),
        _("单位"),
        _("证照类型"),
        _("证照号码"),
        _("签发日期"),
        _("有效期至"),
        _("签发机关"),
        _("状态"),
        _("应交回日期"),
        _("逾期天数"),
    ]


def build(passports, *, title: str, today) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(columns())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in passports:
        checkout = p.current_checkout
        ws.append(
            [
                p.holder.full_name,
                p.holder.unit.name,
                p.get_kind_display(),
                p.number_masked,
                p.issue_date,
                p.expiry_date,
                p.issuing_authority,
                str(p.effective_status_label),
                checkout.due_back if checkout and checkout.due_back else None,
                p.days_overdue(today) or None,
            ]
        )
    for col, width in zip("ABCDEFGHIJ", (12, 28, 16, 14, 12, 12, 24, 10, 12, 10), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in (row[4], row[5], row[8]):
            cell.number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(qs, *, which: str, title: str, by, filters: dict | None = None, today=None) -> bytes:
    today = today or timezone.localdate()
    rows = list(qs[:MAX_ROWS])
    data = build(rows, title=title, today=today)
    record(
        action="passports.export",
        actor=by,
        target_repr=title,
        extra={"list": which, "rows": len(rows), "filters": {k: v for k, v in (filters or {}).items() if v}},
    )
    return data
