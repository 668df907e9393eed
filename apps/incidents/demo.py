"""Demo foreign-related incidents and consular cases (generated people; no real incidents).
``load()`` is idempotent."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

log = logging.getLogger(__name__)


def _user(username):
    from apps.accounts.models import User

    return User.objects.filter(username=username).first()


def load() -> dict:
    from apps.conferences.demo import load_accounts
    from apps.incidents import services
    from apps.incidents.models import Incident
    from apps.org.models import Unit
    from apps.reference.models import Country

    load_accounts()
    staff, head, clerk = _user("keyuan_sw"), _user("chuzhang_sw"), _user("zhuanban_jy")
    if not (staff and head and clerk):
        log.warning("incidents demo: demo accounts missing")
        return {"created": 0}
    if Incident.objects.exists():
        return {"created": 0}
    c = {x.iso2: x for x in Country.objects.filter(iso2__in=["US", "JP", "FR", "TH", "DE"])}
    today = timezone.localdate()
    education = clerk.unit
    police = Unit.objects.filter(name__contains="公安").first() or education

    a = services.incident_create(
        by=staff,
        data={
            "title": "美籍人员在徐涉嫌违法被刑事拘留",
            "direction": "inbound",
            "kind": "detention",
            "severity": "general",
            "occurred_on": today - dt.timedelta(days=3),
            "detained_on": today - dt.timedelta(days=2),
            "place": "徐州市某区",
            "country": c["US"],
            "persons": "John DOE（生成的姓名），美国籍，普通护照",
            "summary": "当事人因涉嫌违法被公安机关刑事拘留，本人要求通知美国驻上海总领事馆。",
        },
    )
    services.entry_add(
        incident=a, by=staff, kind="notification", text="已向市公安局核实情况，拟于时限内通知美方。"
    )
    services.task_add(
        incident=a,
        by=staff,
        unit=police,
        description="提供拘留通知书副本及当事人基本情况",
        due_date=today + dt.timedelta(days=1),
    )

    b = services.incident_create(
        by=staff,
        data={
            "title": "本市企业员工在境外遭遇抢劫受伤",
            "direction": "outbound",
            "kind": "safety",
            "severity": "serious",
            "occurred_on": today - dt.timedelta(days=1),
            "place": "某国某市（示例）",
            "country": c["TH"],
            "persons": "某装备制造企业员工 3 人（生成）",
            "summary": "3 人外出途中遭遇抢劫，1 人轻伤送医。",
            "advisory": "attention",
            "family_contacted": True,
            "consulate_contacted": "中国驻该国使馆领事部",
            "assistance": "协调使馆领事探视、联系保险公司和当地医院",
        },
    )
    services.entry_add(incident=b, by=staff, kind="notification", text="已报告省外办领保处。")

    d = services.incident_create(
        by=staff,
        data={
            "title": "日籍人员在徐病故",
            "direction": "inbound",
            "kind": "death",
            "severity": "major",
            "occurred_on": today - dt.timedelta(days=6),
            "place": "徐州市某医院",
            "country": c["JP"],
            "persons": "某日本籍人员（生成），男，67 岁",
            "summary": "因突发疾病经抢救无效死亡。",
        },
    )
    for key in ("notify_mission", "notify_family", "death_certificate"):
        services.checklist_set(incident=d, by=staff, key=key, done=True)
    services.task_add(
        incident=d,
        by=staff,
        unit=education,
        description="协助联系当事人在徐访问的接待学校",
        due_date=today + dt.timedelta(days=5),
    )

    e = services.incident_create(
        by=staff,
        data={
            "title": "法籍留学生与房东租赁纠纷",
            "direction": "inbound",
            "kind": "dispute",
            "severity": "general",
            "occurred_on": today - dt.timedelta(days=40),
            "place": "徐州市某小区",
            "country": c["FR"],
            "persons": "某法国籍留学生（生成）",
            "summary": "因押金退还发生纠纷，当事人求助。",
        },
    )
    t = services.task_add(
        incident=e,
        by=staff,
        unit=education,
        description="请学校国际交流处协助调解",
        due_date=today + dt.timedelta(days=1),
    )
    services.task_done(incident=e, task=t, by=clerk, note="经学校协调，双方达成和解。")
    services.incident_close(incident=e, by=head, summary="纠纷已调解，当事人表示满意，结案。")
    return {"created": 4}
