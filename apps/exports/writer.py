"""Writing rows to an .xlsx file with openpyxl's write-only mode (constant memory for large lists).

Text cells are always plain strings: a value that a spreadsheet would read as a formula (starting with
``= + - @``, or a tab/carriage return) is prefixed with a single quote (CSV/formula injection guard).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _cell(ws, value):
    if value is None:
        return WriteOnlyCell(ws, value=None)
    if isinstance(value, bool):
        return WriteOnlyCell(ws, value=value)
    if isinstance(value, int | float | Decimal):
        return WriteOnlyCell(ws, value=value)
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    cell = WriteOnlyCell(ws, value=safe_text(value))
    cell.data_type = "s"  # never a formula, whatever the text
    return cell


def write_xlsx(
    fileobj, *, title: str, columns: list[str], rows, total: int = 0, progress=None, every: int = 200
):
    """Write ``rows`` under ``columns`` to ``fileobj``; calls ``progress(done_rows)`` every ``every`` rows.
    Returns the number of rows written."""
    wb = Workbook(write_only=True)
    sheet = re.sub(r"[\\/*?:\[\]']", "", ILLEGAL_CHARACTERS_RE.sub("", str(title)))[:31].strip()
    ws = wb.create_sheet(title=sheet or "Sheet1")
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=safe_text(name))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    n = 0
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
        n += 1
        if progress is not None and every and n % every == 0:
            progress(n)
    wb.save(fileobj)
    return n
