"""Incident deadlines as notifications to the circle only: the treaty deadline to tell the mission
(China–US: 4 days) and the tasks given to units."""

import datetime as dt

import pytest

from apps.casework.models import Notification
from apps.casework.reminders import send_due
from apps.incidents import services

pytestmark = pytest.mark.django_db
D = dt.date


def run(day):
    return [r.kind for r in send_due(day, only=["incidents"])["incidents"]]


def texts(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_treaty_deadline_and_tasks_remind_the_circle(people, countries, units):
    inc = services.incident_create(
        by=people["staff"],
        data={
            "title": "美籍人员在徐被拘留",
            "direction": "inbound",
            "kind": "detention",
            "severity": "general",
            "occurred_on": D(2026, 3, 1),
            "detained_on": D(2026, 3, 2),  # China–US: within 4 days → 03-06
            "place": "徐州市某区",
            "country": countries["US"],
            "persons": "John DOE（生成的姓名），美国，普通护照",
            "summary": "因涉嫌违法被公安机关刑事拘留。",
        },
    )
    assert run(D(2026, 3, 4)) == []  # 1 working day before 03-06 is 03-05
    assert run(D(2026, 3, 5)) == ["incident_mission_notice"]
    mine = [t for t in texts(people["staff"]) if inc.reference in t]
    assert mine and "2026-03-06" in mine[0] and "4 日" in mine[0] and "John" not in mine[0]
    assert not any(inc.reference in t for t in texts(people["leader"]) + texts(people["out_staff"]))
    assert run(D(2026, 3, 7)) == ["incident_mission_notice"]  # overdue, once a day
    assert run(D(2026, 3, 7)) == []
    services.incident_update(incident=inc, by=people["staff"], data={"mission_notified_on": D(2026, 3, 7)})
    assert run(D(2026, 3, 8)) == []

    inc.refresh_from_db()
    today = dt.date.today()
    services.task_add(
        incident=inc,
        by=people["staff"],
        unit=people["clerk"].unit,
        description="核实当事人情况",
        due_date=today,
    )
    assert run(today) == ["incident_task"]
    assert any("核实当事人情况" in t for t in texts(people["clerk"]))  # the tasked unit
    assert not any("核实当事人情况" in t for t in texts(people["other_clerk"]))
