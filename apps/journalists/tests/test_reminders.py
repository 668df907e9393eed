"""Order 537's deadlines become notifications through the one reminder registry: told before the
deadline on the working-day calendar with 调休, once; then every day after; never twice a day."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from apps.casework.models import Notification, ReminderSent
from apps.casework.reminders import send_due
from apps.journalists import services

pytestmark = pytest.mark.django_db
D = dt.date


def run(day):
    return len(send_due(day, only=["journalists"])["journalists"])


def notes(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_press_card_reminder_at_its_boundary_with_tiaoxiu(people, countries):
    services.journalist_create(
        by=people["staff"],
        data={
            "name": "Anna SCHMIDT",
            "nationality": countries["DE"],
            "kind": "resident",
            "visa_kind": "J1",
            "media": "示例日报（德国）",
            "arrival_date": D(2026, 2, 6),  # due Tue 02-24 (春节; Sat 02-14 worked)
        },
    )
    # 2 working days before 02-24: Sat 02-14 (调休, worked) is one, Fri 02-13 the second
    assert run(D(2026, 2, 12)) == 0
    assert run(D(2026, 2, 13)) == 1
    assert any("领取记者证期限为 2026-02-24" in t and "第八条" in t for t in notes(people["staff"]))
    assert not notes(people["clerk"]) and not notes(people["out_staff"])
    assert run(D(2026, 2, 14)) == 0 and run(D(2026, 2, 24)) == 0  # the "before" reminder only once
    assert run(D(2026, 2, 25)) == 1 and run(D(2026, 2, 25)) == 0  # overdue: once a day
    assert any("已逾期" in t for t in notes(people["staff"]))
    assert ReminderSent.objects.filter(source="journalists", kind="journalist_press_card").count() == 2


def test_closure_notice_ten_months_and_short_stay(people, countries):
    b = services.bureau_create(
        by=people["staff"],
        data={
            "name": "示例通讯社驻徐州记者站",
            "name_en": "Example",
            "country": countries["FR"],
            "address": "某路 1 号",
        },
    )
    services.bureau_update(
        bureau=b,
        by=people["staff"],
        data={
            "closure_on": D(2026, 6, 30),
            "status": "closing",
            "last_correspondent_left_on": D(2026, 1, 31),
        },
    )
    # notice due 05-31 (30 days before 06-30): overdue on 06-02 → told; cards due later: not yet
    out = StringIO()
    call_command("reminders", "--date", "2026-06-02", "--source", "journalists", stdout=out)
    assert "journalists: 1 reminder(s) sent" in out.getvalue()
    assert any("提前告知终止业务已逾期" in t and "第十二条" in t for t in notes(people["staff"]))
    # ten months without a correspondent: deemed closed on 11-30, told before it once
    assert run(D(2026, 11, 26)) >= 1
    assert any("满 10 个月将视为终止业务" in t for t in notes(people["staff"]))
    j = services.journalist_create(
        by=people["staff"],
        data={
            "name": "Lena MEYER",
            "nationality": countries["DE"],
            "kind": "resident",
            "visa_kind": "J1",
            "media": "示例周刊",
            "arrival_date": D(2025, 1, 5),
        },
    )
    services.journalist_update(
        journalist=j,
        by=people["staff"],
        data={"press_card_collected_on": D(2025, 1, 8), "days_in_china_year": 2026, "days_in_china": 182},
    )
    before = len(notes(people["staff"]))
    run(D(2026, 12, 1))
    assert any(
        "不足 6 个月" in t and "第十三条" in t
        for t in notes(people["staff"])[: len(notes(people["staff"])) - before]
    )
    assert not [r for r in send_due(D(2026, 12, 2), only=["journalists"])["journalists"] if r.target == j]
