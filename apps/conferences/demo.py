"""Demo international conference requests in every state (generated organisers and contacts), plus the
demo accounts of the foreign-related affairs division (涉外管理处) that the division's demo data uses.

``load(units)`` is idempotent: a request whose title exists is not created again."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

log = logging.getLogger(__name__)

# username, full name, role, title (the division: foreign_affairs)
DIVISION_ACCOUNTS = [
    ("chuzhang_sw", "陆明哲", "division_head", "处长"),
    ("keyuan_sw", "顾清源", "division_staff", "一级主任科员"),
]


def load_accounts() -> list[dict]:
    """The division's demo accounts (same password as the other demo accounts); rows to print."""
    from apps.accounts.demo import DEMO_PASSWORD
    from apps.accounts.models import Role, User
    from apps.org.models import Division

    division = Division.objects.filter(code="foreign_affairs").first()
    if division is None:
        return []
    rows = []
    for username, full_name, role_code, title in DIVISION_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
            user.password_changed_at = timezone.now()
        user.full_name, user.title, user.division, user.unit = full_name, title, division, None
        user.is_active = True
        user.save()
        role = Role.objects.get(code=role_code)
        user.roles.set([role])
        rows.append(
            {"username": username, "password": DEMO_PASSWORD, "role": role.name, "where": division.name}
        )
    return rows


def _user(username):
    from apps.accounts.models import User

    return User.objects.filter(username=username).first()


SPECS = [
    # title, English name, kind, start in days, length, total, foreign, countries, flags, target state
    (
        "淮海经济区国际职业教育合作研讨会",
        "Huaihai International Vocational Education Cooperation Seminar",
        "general",
        150,
        3,
        180,
        45,
        ["DE", "FR", "GB", "JP"],
        {},
        "draft",
    ),
    (
        "国际煤炭清洁利用技术交流会",
        "International Exchange Meeting on Clean Coal Technology",
        "science",
        160,
        4,
        520,
        210,
        ["DE", "AU", "PL", "ZA", "US"],
        {},
        "submitted",
    ),
    (
        "中外青少年足球邀请赛技术研讨会",
        "International Youth Football Coaching Seminar",
        "general",
        170,
        2,
        120,
        30,
        ["DE", "BR", "KR"],
        {},
        "in_review",
    ),
    (
        "国际汉画像石学术研讨会",
        "International Symposium on Han Dynasty Stone Reliefs",
        "science",
        200,
        3,
        260,
        80,
        ["JP", "KR", "US", "FR"],
        {},
        "pending_approval",
    ),
    (
        "国际现代农业装备合作对接会",
        "International Modern Agricultural Machinery Matchmaking Meeting",
        "general",
        210,
        2,
        300,
        90,
        ["NL", "IT", "DE", "RU"],
        {},
        "approved",
    ),
    (
        "中日韩医疗康复交流会",
        "China-Japan-ROK Medical Rehabilitation Exchange Meeting",
        "science",
        -40,
        3,
        150,
        40,
        ["JP", "KR", "SG"],
        {},
        "closed",
    ),
    (
        "国际城市可持续发展峰会",
        "International Summit on Sustainable Urban Development",
        "general",
        120,
        6,
        600,
        160,
        ["FR", "DE", "GB", "US", "JP"],
        {"un_or_major_org": True},
        "rejected",
    ),
]
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "in_review": ["submit", "claim"],
    "pending_approval": ["submit", "claim", "forward_to_approver"],
    "approved": ["submit", "claim", "forward_to_approver", "record_approval"],
    "closed": ["submit", "claim", "forward_to_approver", "record_approval", "file_summary"],
    "rejected": ["submit", "claim", "forward_to_approver", "record_refusal"],
}


def load(units: dict | None = None) -> dict:
    from apps.conferences import services
    from apps.conferences.models import Conference
    from apps.org.models import Unit
    from apps.reference.models import Country

    load_accounts()
    clerk, other, staff = _user("zhuanban_jy"), _user("zhuanban"), _user("keyuan_sw")
    if not (clerk and other and staff):
        log.warning("conferences demo: demo accounts missing")
        return {"created": 0}
    units = units or {u.name: u for u in Unit.objects.all()}
    today = timezone.localdate()
    created = 0
    for n, (title, name_en, kind, start, days, total, foreign, codes, flags, target) in enumerate(SPECS):
        if Conference.objects.filter(title=title).exists():
            continue
        by = clerk if n % 2 == 0 else other
        start_date = today + dt.timedelta(days=start)
        data = {
            "title": title,
            "name_en": name_en,
            "kind": kind,
            "start_date": start_date,
            "end_date": start_date + dt.timedelta(days=days - 1),
            "venue": "徐州国际会议中心（示例）",
            "organiser": by.unit.name,
            "co_organisers": "徐州市人民对外友好协会",
            "total_participants": total,
            "foreign_participants": foreign,
            "theme": "交流合作、互学互鉴",
            "funding": "主办单位自筹",
            "excursions": "参观徐州博物馆、汉画像石艺术馆",
            "contact_name": "示例联系人",
            "contact_phone": "0516-8000 0000",
            **flags,
        }
        conf = services.conference_create(
            by=by, unit=by.unit, data=data, countries=list(Country.objects.filter(iso2__in=codes))
        )
        params = {
            "record_approval": {"reference": f"苏外复〔{today.year}〕{n + 11}号"},
            "record_refusal": {"comment": "会议名称和规模不符合规定，不予批准。"},
            "file_summary": {
                "actual_total": total - 12,
                "actual_foreign": foreign - 3,
                "actual_countries": len(codes),
                "summary": "会议按计划举行，未发生涉外事件。",
            },
        }
        for name in PATHS[target]:
            actor = by if name in ("submit", "file_summary") else staff
            kw = dict(params.get(name, {}))
            comment = kw.pop("comment", "")
            services.conference_transition(
                conference=Conference.objects.get(pk=conf.pk), name=name, by=actor, comment=comment, **kw
            )
        created += 1
    return {"created": created}
