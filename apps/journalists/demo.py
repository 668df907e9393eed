"""Demo data of the foreign journalists' register and interview requests (generated names, fictional
media; no real journalists). ``load()`` is idempotent."""

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
    from apps.journalists import services
    from apps.journalists.models import Bureau, InterviewRequest
    from apps.reference.models import Country

    load_accounts()
    staff, clerk = _user("keyuan_sw"), _user("zhuanban_jy")
    if not (staff and clerk):
        log.warning("journalists demo: demo accounts missing")
        return {"created": 0}
    c = {x.iso2: x for x in Country.objects.filter(iso2__in=["DE", "FR", "JP", "GB", "US", "KR"])}
    today = timezone.localdate()
    created = 0
    if not Bureau.objects.filter(name="示例新闻社驻徐州记者站").exists():
        b1 = services.bureau_create(
            by=staff,
            data={
                "name": "示例新闻社驻徐州记者站",
                "name_en": "Example News Agency Xuzhou Bureau",
                "country": c["DE"],
                "address": "徐州市示例路 1 号",
                "chief_name": "Lukas MUSTERMANN",
                "opened_on": dt.date(2019, 5, 6),
            },
        )
        services.change_report_add(
            bureau=b1,
            by=staff,
            kind="address",
            changed_on=today - dt.timedelta(days=20),
            reported_on=today - dt.timedelta(days=2),
            detail="徐州市示例大道 88 号",
        )
        b2 = services.bureau_create(
            by=staff,
            data={
                "name": "样本电视台徐州记者站",
                "name_en": "Sample TV Xuzhou Bureau",
                "country": c["FR"],
                "address": "徐州市样本街 8 号",
                "chief_name": "Jean DUPONT",
                "status": "closing",
                "closure_notified_on": today - dt.timedelta(days=5),
                "closure_on": today + dt.timedelta(days=28),
            },
        )
        services.bureau_create(
            by=staff,
            data={
                "name": "范例周刊徐州记者站",
                "name_en": "Model Weekly Xuzhou Bureau",
                "country": c["GB"],
                "address": "徐州市范例巷 3 号",
                "last_correspondent_left_on": today - dt.timedelta(days=320),
            },
        )
        people = [
            ("Lukas MUSTERMANN", "穆卢卡", "DE", "resident", "J1", b1, 400, 398, "J-DE-0001"),
            ("Erika MUSTERFRAU", "", "DE", "resident", "J1", b1, 3, None, ""),
            ("Jean DUPONT", "杜让", "FR", "resident", "J1", b2, 700, 690, "J-FR-0002"),
            ("Taro YAMADA", "山田太郎", "JP", "short_term", "J2", None, 6, None, ""),
            ("John DOE", "", "US", "short_term", "J2", None, 30, None, ""),
        ]
        for name, zh, iso, kind, visa, bureau, ago, collected_ago, card in people:
            arrival = today - dt.timedelta(days=ago)
            services.journalist_create(
                by=staff,
                data={
                    "name": name,
                    "name_zh": zh,
                    "nationality": c[iso],
                    "kind": kind,
                    "visa_kind": visa,
                    "media": bureau.name if bureau else "示例杂志（外国）",
                    "bureau": bureau,
                    "arrival_date": arrival,
                    "press_card_number": card,
                    "press_card_collected_on": (today - dt.timedelta(days=collected_ago))
                    if collected_ago
                    else None,
                    "days_in_china_year": today.year if kind == "resident" and ago > 365 else None,
                    "days_in_china": (150 if name == "Jean DUPONT" else 300)
                    if kind == "resident" and ago > 365
                    else None,
                },
            )
        created += 8
    if not InterviewRequest.objects.exists():
        specs = [
            ("Taro YAMADA", "示例杂志（外国）", "JP", "J2", "徐州某中学", "中日青少年交流", False, []),
            (
                "Lukas MUSTERMANN",
                "示例新闻社",
                "DE",
                "J1",
                "徐州某装备制造企业",
                "中德经贸合作",
                True,
                ["submit"],
            ),
            (
                "Jean DUPONT",
                "样本电视台",
                "FR",
                "J1",
                "徐州博物馆",
                "汉文化与文物保护",
                True,
                ["submit", "claim", "agree"],
            ),
            (
                "John DOE",
                "示例杂志（外国）",
                "US",
                "J2",
                "某高校国际交流处",
                "留学生在徐生活",
                True,
                ["submit", "claim", "agree", "record_outcome"],
            ),
        ]
        for k, (name, media, iso, visa, who, topic, consent, path) in enumerate(specs):
            i = services.interview_create(
                by=clerk,
                unit=clerk.unit,
                data={
                    "journalist_name": name,
                    "media": media,
                    "nationality": c[iso],
                    "visa_kind": visa,
                    "interviewee": who,
                    "topic": topic,
                    "planned_date": today + dt.timedelta(days=7 + k * 3),
                    "place": "徐州",
                    "consent_given": consent,
                    "consent_on": today if consent else None,
                    "consent_note": "被采访方书面同意" if consent else "",
                },
            )
            for name_ in path:
                actor = clerk if name_ in ("submit", "record_outcome") else staff
                services.interview_transition(
                    interview=InterviewRequest.objects.get(pk=i.pk),
                    name=name_,
                    by=actor,
                    comment="采访顺利，报道客观。" if name_ == "record_outcome" else "",
                )
            created += 1
    return {"created": created}
