"""Writing rows to an .xlsx file with openpyxl's write-only mode (constant memory for large lists).

Text cells are always plain strings: a value that a spreadsheet would read as a formula (starting with
``= + - @``, or a tab/carriage return) is prefixed with a single quote (CSV/formula injection guard).

A file opens ready to read: the header row is bold, shaded and frozen, has an autofilter, and each
column is as wide as its header and the first rows need (CJK characters count double); dates and
times are typed (local time, Asia/Shanghai), money (``Decimal``) is a number with two decimals.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

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
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, int | float):
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


def _plain(ws, value):
    """A value as write-only mode takes it: plain values share one cell per row (openpyxl's own), so
    only datetimes (our format) and money need a cell of their own. Text is guarded (``safe_text``:
    never starts with ``=``, so openpyxl stores it as a string); a date gets openpyxl's ``yyyy-mm-dd``."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal | dt.datetime):
        return _cell(ws, value)
    if isinstance(value, dt.date):
        return value
    return safe_text(value)


SAMPLE_ROWS = 200  # rows read ahead to size the columns (the rest stream through)
MIN_WIDTH, MAX_WIDTH = 6, 60


def display_width(value) -> int:
    """Columns a value takes in a spreadsheet: CJK and full-width characters count double."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    text = str(value)
    longest = max((line for line in text.splitlines() or [""]), key=len)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in longest)


def column_widths(columns: list[str], sample: list) -> list[int]:
    widths = [display_width(c) + 2 for c in columns]
    for row in sample:
        for i, v in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], display_width(v) + 1)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def write_xlsx(
    fileobj, *, title: str, columns: list[str], rows, total: int = 0, progress=None, every: int = 200
):
    """Write ``rows`` under ``columns`` to ``fileobj``; calls ``progress(done_rows)`` every ``every`` rows.
    Returns the number of rows written."""
    wb = Workbook(write_only=True)
    sheet = re.sub(r"[\\/*?:\[\]']", "", ILLEGAL_CHARACTERS_RE.sub("", str(title)))[:31].strip()
    ws = wb.create_sheet(title=sheet or "Sheet1")
    rows = iter(rows)
    sample = []
    for row in rows:
        sample.append(row)
        if len(sample) >= SAMPLE_ROWS:
            break
    # widths, the frozen header and the print titles go before the first row (write-only mode)
    for i, width in enumerate(column_widths(list(columns), sample), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    header = []
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="E9ECEF")
    wrap = Alignment(vertical="center", wrap_text=True)
    for name in columns:
        cell = WriteOnlyCell(ws, value=safe_text(name))
        cell.font, cell.fill, cell.alignment = bold, shade, wrap
        header.append(cell)
    ws.append(header)
    n = 0
    for row in itertools.chain(sample, rows):
        ws.append([_plain(ws, v) for v in row])
        n += 1
        if progress is not None and every and n % every == 0:
            progress(n)
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    wb.save(fileobj)
    return n
