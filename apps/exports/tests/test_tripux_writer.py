"""Excel files that open well (issue 9, C12): widths, frozen and filtered header, typed dates and money,
file names in local time."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.exports.writer import display_width, write_xlsx


def test_the_file_opens_ready_to_read():
    when = timezone.make_aware(dt.datetime(2026, 12, 6, 18, 30), dt.UTC)  # 02:30 next day in Shanghai
    rows = [
        (
            "徐外出〔2026〕90号",
            "赴日本东京开展教育交流活动并出席中日教育合作论坛",
            dt.date(2026, 12, 1),
            when,
            Decimal("12345.6"),
            5,
        ),
        ("X-2", "短", None, None, Decimal("0"), 0),
    ]
    buf = io.BytesIO()
    n = write_xlsx(
        buf,
        title="出访团组",
        columns=["编号", "标题", "出境日期", "决定时间", "预算", "天数"],
        rows=iter(rows),
    )
    assert n == 2
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F3"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("E9ECEF")
    width = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert width["B"] >= display_width(rows[0][1]) and width["B"] <= 60
    assert width["A"] >= display_width(rows[0][0]) and width["C"] >= 10
    assert ws["C2"].value == dt.datetime(2026, 12, 1) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["D2"].value == dt.datetime(2026, 12, 7, 2, 30)  # local time, typed
    assert ws["E2"].value == Decimal("12345.6") or ws["E2"].value == pytest.approx(12345.6)
    assert ws["E2"].number_format == "#,##0.00"
    assert ws["F2"].value == 5


def test_cjk_counts_double():
    assert display_width("abc") == 3 and display_width("出访") == 4 and display_width(None) == 0


@pytest.mark.django_db
def test_file_name_is_in_local_time(make_user, divisions):
    from apps.exports.models import ExportJob

    user = make_user("staff", roles=["division_staff"], division=divisions["outbound"])
    job = ExportJob(
        user=user,
        kind="trips.list",
        title="出访团组",
        created_at=timezone.make_aware(dt.datetime(2026, 12, 6, 18, 30), dt.UTC),
    )
    assert job.filename == "出访团组-20261207-0230.xlsx"
