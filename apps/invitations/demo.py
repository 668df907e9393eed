"""Demo data of invitations: the case type's division and routing, registered units and invitations in
every state, made through the real services with generated (not real) foreigners."""

from __future__ import annotations

import datetime as dt
import logging
import random

ROUTING_ORDER = 6  # before the continent rules of apps.casework.demo (10+)
ROUTING_REASON = (
    "邀请外国人来华（邀请函、外国人邀请核实单）由出国来华管理处承办，不论被邀请人的国籍"
    "（《徐州市人民政府外事办公室主要职责内设机构和人员编制规定》，徐政办发〔2010〕130号）"
)


def load_setup(divisions):
    """Idempotent: the invitation CaseType (shipped by migration) gets its default division and rule."""
    from apps.casework.models import RoutingRule

    from .migrations_data import ensure_case_type

    case_type = ensure_case_type()
    outbound = divisions.get("outbound")
    if outbound is None:
        return case_type, None
    if case_type.default_division_id is None:
        case_type.default_division = outbound
        case_type.save(update_fields=["default_division", "updated_at"])
    rule, _ = RoutingRule.objects.get_or_create(
        case_type=case_type,
        continent="",
        country_kind="",
        defaults={"order": ROUTING_ORDER, "division": outbound, "reason": ROUTING_REASON},
    )
    return case_type, rule


# =====================================================================================================
# Registered units and invitations in every state (generated foreigners, never real people)
# =====================================================================================================
log = logging.getLogger(__name__)

COMMERCE = "徐州市商务局"
TITLE_PREFIX = "【演示】"
GIVEN = ["ANNA", "LUKAS", "MARIE", "PAUL", "SOFIA", "JONAS", "EMMA", "NOAH", "LEA", "FELIX", "MIA", "ELIAS"]
FAMILY = [
    "BEISPIEL",
    "MUSTER",
    "PROBE",
    "EXEMPLE",
    "MODELO",
    "SAMPLE",
    "TESTA",
    "DEMOVA",
    "MOKUTEKI",
    "REIDAI",
]
EMPLOYERS = {
    "DE": "Beispiel Maschinenbau GmbH",
    "FR": "Société Exemple SA",
    "JP": "見本産業株式会社",
    "KR": "샘플무역 주식회사",
    "US": "Sample Trading Inc.",
    "IT": "Esempio S.p.A.",
}
# (title, purpose, visa, nationalities, size, entry offset days, stay, target state)
SPECS = [
    ("邀请德国机械企业代表团来徐洽谈合作", "商务洽谈", "M", ["DE"], 3, 45, 6, "draft"),
    ("邀请法国友好城市经贸考察团", "经贸考察", "M", ["FR"], 2, 50, 5, "submitted"),
    ("邀请日本企业技术人员来徐交流", "技术交流", "M", ["JP"], 1, 40, 10, "in_review"),
    ("邀请韩国商会代表来访", "商务洽谈", "M", ["KR"], 2, 38, 4, "returned"),
    ("邀请美国采购商参加进出口洽谈会", "参加展会", "M", ["US"], 3, 35, 7, "issued"),
    ("邀请意大利设计师参加产业对接活动", "交流访问", "F", ["IT"], 1, 60, 5, "cancelled"),
    ("邀请德国职业教育专家来访", "交流访问", "F", ["DE"], 2, -50, 8, "closed_out"),
    ("邀请日韩客商参加跨境电商论坛", "商务洽谈", "M", ["JP", "KR"], 2, -70, 5, "overdue"),
]


def _registration(unit, clerk, staff):
    from . import services
    from .models import Registration

    reg = Registration.objects.active().filter(unit=unit).first()
    if reg is not None:
        return reg
    reg = services.registration_submit(
        by=clerk,
        unit=unit,
        data={
            "name_zh": unit.name,
            "name_en": unit.name_en or "Xuzhou Municipal Bureau of Commerce",
            "credit_code": "",
            "address": "徐州市云龙区示例大道 100 号",
            "contact_name": clerk.full_name,
            "contact_phone": "0516-8000 0000",
            "leader_name": "邱建华",
            "leader_title": "副局长",
            "clerks": f"{clerk.full_name}，外事专办员，0516-8000 0000",
            "clerk_ids_checked": True,
            "documents_note": "统一社会信用代码证书复印件、单位公章印模",
        },
    )
    services.registration_review(registration=reg, by=staff, decision="approve", comment="材料齐全，同意备案")
    return reg


def _invitees(rng, nationalities, size, countries):
    rows = []
    for i in range(size):
        iso = nationalities[i % len(nationalities)]
        rows.append(
            {
                "name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                "sex": rng.choice("MF"),
                "date_of_birth": dt.date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                "nationality": countries[iso],
                "passport_number": f"{iso}{rng.randint(1000000, 9999999)}",
                "passport_expiry": dt.date(2030 + rng.randint(0, 6), rng.randint(1, 12), 1),
                "occupation": rng.choice(["总经理", "工程师", "采购经理", "教授", "设计师"]),
                "employer": EMPLOYERS.get(iso, "Sample Co."),
            }
        )
    return rows


def load(units: dict | None = None, *, today: dt.date | None = None) -> dict:
    """Load the demo registrations and invitations (idempotent). Returns {"created": n, "skipped": n}."""
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.org.models import Division, Unit
    from apps.reference.models import Country

    from . import services
    from .models import Invitation

    load_setup({d.code: d for d in Division.objects.all()})
    today = today or timezone.localdate()
    unit = Unit.objects.filter(name=COMMERCE).first()
    clerk = User.objects.filter(username="zhuanban").first()
    staff = User.objects.filter(username="keyuan").first()
    if unit is None or clerk is None or staff is None:
        log.warning("invitations demo: demo accounts missing; load apps.accounts.demo first")
        return {"created": 0, "skipped": 0}
    _registration(unit, clerk, staff)
    done = set(Invitation.objects.filter(title__startswith=TITLE_PREFIX).values_list("title", flat=True))
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=list(EMPLOYERS))}
    rng = random.Random(2026)
    created = 0
    for title, purpose, visa, nats, size, offset, stay, target in SPECS:
        title = f"{TITLE_PREFIX}{title}"
        rows = _invitees(rng, nats, size, countries)
        if title in done:
            continue
        with transaction.atomic():
            past = offset < 0
            entry = today + dt.timedelta(days=offset if not past else 40)
            inv = services.invitation_create(
                by=clerk,
                unit=unit,
                data={
                    "title": title,
                    "purpose": purpose,
                    "activity": "会见、座谈、参观企业",
                    "entry_date": entry,
                    "stay_days": stay,
                    "cities": "徐州",
                    "itinerary": "\n".join(
                        f"第{d + 1}天：{'抵达徐州' if d == 0 else '座谈、参观'}" for d in range(stay)
                    ),
                    "visa_type": visa,
                    "entries": "single",
                    "validity_months": 3,
                    "visa_apply_place": "本国的中国驻外使领馆",
                    "costs_borne_by": "inviter",
                    "contact_name": clerk.full_name,
                    "contact_phone": "0516-8000 0000",
                    "signing_leader": "邱建华",
                },
                invitees=rows,
            )
            created += 1
            if target == "draft":
                continue

            def fire(name, by, pk=inv.pk, **kw):
                services.invitation_transition(
                    invitation=Invitation.objects.get(pk=pk), name=name, by=by, **kw
                )

            fire("submit", clerk)
            if target == "submitted":
                continue
            fire("claim", staff)
            if target == "in_review":
                continue
            if target == "returned":
                fire("send_back", staff, comment="请补充被邀请人护照首页复印件和逐日日程。")
                continue
            fire("issue", staff, comment="同意出具")
            if target == "cancelled":
                fire("cancel_letter", clerk, comment="对方行程调整，来访取消")
                continue
            if past:  # the visit happened: move its dates into the past
                entry = today + dt.timedelta(days=offset)
                exit_day = entry + dt.timedelta(days=stay - 1)
                due = exit_day + dt.timedelta(days=30)
                Invitation.objects.filter(pk=inv.pk).update(
                    entry_date=entry, valid_until=entry, close_out_due=due
                )
                if target == "closed_out":
                    ids = list(Invitation.objects.get(pk=inv.pk).invitees.values_list("pk", flat=True))
                    outcomes = {
                        pk: {
                            "came": n == 0,
                            "actual_entry": entry if n == 0 else None,
                            "actual_exit": exit_day if n == 0 else None,
                        }
                        for n, pk in enumerate(ids)
                    }
                    services.close_out(
                        invitation=Invitation.objects.get(pk=inv.pk), by=clerk, outcomes=outcomes
                    )
    return {"created": created, "skipped": len(SPECS) - created}
