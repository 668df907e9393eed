"""Demo data for partners (``load()``; idempotent).

* Xuzhou's real partners with their sources (``apps.partners.data``) — the only partner rows.
* Each partner's activity log gets the demo's real trips that went to its country (linked by reference,
  at most two per partner), so the log shows what the demo office really did.
* Casework through the real services: establishment requests that are still on their way (never a new
  partner: the register holds only the real list), base-level twinnings of demo schools and hospitals
  with real partners (marked 演示 in their document numbers), annual exchange plans of the two
  geographic divisions and a HK/Macao plan, a research note.
* APEC membership of partner countries from domain.md §3.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)

DEMO = "（演示）"
# partner (Chinese name) → how many of the demo trips to its country to link
LINKS = {"半田市": 2, "井邑": 2, "埃尔福特": 2, "波鸿": 1, "圣艾蒂安": 2, "莱奥本": 1}
APEC = ("JP", "KR", "RU", "NZ", "AU", "TH", "SG", "MY", "VN", "CA", "US")  # domain.md §3


def _user(username):
    from apps.accounts.models import User

    return User.objects.filter(username=username, is_active=True).first()


def _fire(case, name, by, **kw):
    from apps.casework import services as cw

    return cw.transition(case=type(case).objects.get(pk=case.pk), name=name, by=by, **kw)


def load(units: dict | None = None, *, today: dt.date | None = None) -> dict:
    from apps.partners.migrations_data import ensure_case_types

    from . import services

    today = today or timezone.localdate()
    ensure_case_types()
    partners = {p.name_zh: p for p in services.shipped_partners_load()}
    staff_eu, staff_am = _user("keyuan_oz"), _user("keyuan_my")
    leader = _user("zhuren")
    clerk_edu, clerk_health = _user("zhuanban_jy"), _user("zhuanban_wj") or _user("zhuanban")
    out = {"partners": len(partners), "links": 0, "cases": 0, "failed": []}
    if not (staff_eu and staff_am and leader and clerk_edu):
        log.warning("partners demo: demo accounts missing; load apps.accounts.demo first")
        out["failed"].append("accounts")
        return out
    out["links"] = _link_trips(partners, staff_eu, staff_am)
    for step in (_establishments, _twinnings, _plans, _countries):
        try:
            with transaction.atomic():
                out["cases"] += (
                    step(
                        partners=partners,
                        eu=staff_eu,
                        am=staff_am,
                        leader=leader,
                        clerk=clerk_edu,
                        clerk2=clerk_health,
                        today=today,
                    )
                    or 0
                )
        except Exception as exc:  # a demo step that fails is reported, the rest still loads
            log.warning("partners demo: %s failed: %s", step.__name__, exc)
            out["failed"].append(f"{step.__name__}: {exc}")
    return out


def _link_trips(partners, eu, am) -> int:
    from . import selectors, services
    from .models import PartnerActivity

    n = 0
    for name, count in LINKS.items():
        partner = partners.get(name)
        if partner is None:
            continue
        by = eu if partner.division_id == eu.division_id else am
        have = PartnerActivity.objects.filter(partner=partner, case__isnull=False).count()
        if have >= count:
            continue
        trips = selectors.departed_trips().filter(legs__country=partner.country).distinct()
        for trip in trips[: count * 3]:
            if have >= count:
                break
            if PartnerActivity.objects.filter(partner=partner, case_id=trip.pk).exists():
                continue
            try:
                services.activity_link(
                    partner=partner,
                    by=by,
                    reference=trip.reference,
                    kind="visit_out",
                    summary=f"{trip.title}（赴{partner.country.name_zh}，与{partner.name_zh}交流）",
                )
            except Exception as exc:  # outside the staff member's scope, etc.
                log.info("partners demo: trip %s not linked: %s", trip.reference, exc)
                continue
            have += 1
            n += 1
    return n


def _establishments(*, partners, eu, am, leader, clerk, today, **kw) -> int:
    from apps.reference.models import Country

    from . import services
    from .models import PartnershipCase

    specs = [
        # (city, local name, ISO2, how far it gets)
        ("奥胡斯", "Aarhus", "DK", "city"),
        ("坎皮纳斯", "Campinas", "BR", "submitted"),
        ("珀斯", "Perth", "AU", "draft"),
    ]
    made = 0
    for city, local, iso2, target in specs:
        if PartnershipCase.objects.filter(partner_name_zh=city).exists():
            continue
        country = Country.objects.filter(iso2=iso2).first()
        if country is None:
            continue
        case = services.establishment_create(
            by=clerk,
            unit=clerk.unit,
            data={
                "partner_name_zh": city,
                "partner_name_local": local,
                "country": country,
                "category": "exchange" if target == "draft" else "friendship",
                "intent_signed_on": today - dt.timedelta(days=500),
                "exchanges_summary": f"{DEMO}签署意向书以来，双方教育、文化代表团多次互访，"
                "开展了青少年交流活动。",
                "reasons": f"{DEMO}双方在高等教育、装备制造领域互补性强。",
            },
        )
        made += 1
        if target == "draft":
            continue
        case = _fire(case, "submit", clerk)
        if target == "submitted":
            continue
        staff = eu if case.division_id == eu.division_id else am
        case = _fire(case, "claim", staff)
        case = _fire(case, "forward_for_approval", staff, comment="前期交往充分，建议报市政府。")
        case = _fire(case, "approve", leader)
        _fire(
            case,
            "record_city_approval",
            staff,
            number=f"演示〔{today.year}〕1号",
            date=today,
            authority="徐州市人民政府",
        )
    return made


def _twinnings(*, partners, eu, am, leader, clerk, clerk2, today, **kw) -> int:
    from . import services
    from .models import TwinningCase

    specs = [
        # (partner, kind, local, foreign, target, clerk)
        ("半田市", "school", "徐州市第一中学", "半田市立中学（演示）", "registered", clerk),
        ("埃尔福特", "school", "徐州市第一中学", "埃尔福特市文理中学（演示）", "pending_approval", clerk),
        ("圣艾蒂安", "hospital", "徐州市中心医院", "圣艾蒂安大学附属医院（演示）", "draft", clerk2),
    ]
    made = 0
    for partner_name, kind, local, foreign, target, by in specs:
        partner = partners.get(partner_name)
        if partner is None or by is None or by.unit is None:
            continue
        if TwinningCase.objects.filter(foreign_institution=foreign).exists():
            continue
        case = services.twinning_create(
            by=by,
            unit=by.unit,
            data={
                "partner": partner,
                "institution_kind": kind,
                "local_institution": local,
                "foreign_institution": foreign,
                "line_authority": by.unit.name,
                "line_authority_number": f"演示〔{today.year}〕{made + 11}号",
                "line_authority_date": today - dt.timedelta(days=20),
                "plan": f"{DEMO}每年互派师生或医护人员交流，开展线上联合课程或学术研讨。",
            },
        )
        made += 1
        if target == "draft":
            continue
        case = _fire(case, "submit", by)
        staff = eu if case.division_id == eu.division_id else am
        case = _fire(case, "claim", staff)
        case = _fire(case, "forward_for_approval", staff)
        if target == "pending_approval":
            continue
        case = _fire(case, "approve", leader)
        _fire(
            case,
            "record_twinning_approval",
            staff,
            authority="江苏省人民政府外事办公室",
            number=f"演示〔{today.year}〕{made + 20}号",
            date=today,
        )
    return made


def _plans(*, partners, eu, am, today, **kw) -> int:
    from apps.reference.models import Country

    from . import services
    from .models import ExchangePlan

    year = today.year
    made = 0
    plans = [
        (
            eu,
            False,
            [
                ("visit_out", "埃尔福特", None, 4, "市政府代表团访问埃尔福特，商谈职业教育合作", "done"),
                ("visit_in", "圣艾蒂安", None, 6, "接待圣艾蒂安市代表团，参加友好城市交流活动", "done"),
                ("event", "莱奥本", None, 9, "与莱奥本开展线上经贸对接会", "planned"),
                ("renewal", "波鸿", None, 11, "研究与波鸿续签经济领域合作备忘录", "planned"),
                ("visit_out", None, "FI", 10, "赴芬兰开展友好交流（含拉彭兰塔）", "cancelled"),
            ],
        ),
        (
            am,
            False,
            [
                ("visit_out", "半田市", None, 5, "教育代表团访问半田市", "done"),
                ("visit_in", "井邑", None, 8, "接待井邑市青少年交流团", "planned"),
                ("event", "金奈", None, 10, "与金奈开展纺织服装线上推介", "planned"),
            ],
        ),
        (
            am,
            True,
            [
                ("visit_out", None, "HK", 3, "赴香港开展经贸推介", "done"),
                ("event", None, "MO", 11, "与澳门开展文化旅游交流", "planned"),
            ],
        ),
    ]
    for by, hk, items in plans:
        if ExchangePlan.objects.filter(division_id=by.division_id, year=year, is_hk_macao=hk).exists():
            continue
        plan = services.plan_create(by=by, year=year, is_hk_macao=hk, notes=f"{DEMO}年度交流计划")
        for kind, partner_name, iso2, month, text, status in items:
            partner = partners.get(partner_name) if partner_name else None
            country = Country.objects.filter(iso2=iso2).first() if iso2 else None
            if partner is None and country is None:
                continue
            item = services.plan_item_add(
                plan=plan,
                by=by,
                data={
                    "kind": kind,
                    "partner": partner,
                    "country": country,
                    "month": month,
                    "description": text,
                },
            )
            if status != "planned":
                services.plan_item_update(item=item, by=by, status=status)
        made += 1
    return made


def _countries(*, partners, eu, am, today, **kw) -> int:
    from apps.reference.models import Country

    from . import selectors, services
    from .models import CountryNote, CountryProfile

    made = 0
    for iso2 in APEC:
        country = Country.objects.filter(iso2=iso2).first()
        if country is None or CountryProfile.objects.filter(country=country).exists():
            continue
        division = selectors.division_for_country(country)
        by = eu if division and division.pk == eu.division_id else am
        services.profile_save(country=country, by=by, data={"apec_member": True})
        made += 1
    de = Country.objects.filter(iso2="DE").first()
    if de and not CountryNote.objects.filter(country=de).exists():
        services.note_save(
            country=de,
            by=eu,
            title="德国友好城市交往情况（演示）",
            body=f"{DEMO}我市在德国有两个友好交往城市：埃尔福特（2005-11-26）和波鸿（1994年，经济领域伙伴关系）。"
            "交往重点为职业教育和装备制造。",
        )
        made += 1
    return made
