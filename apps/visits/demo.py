"""Demo data for reception, protocol, gifts and the leaders' calendar (``manage.py load_demo``).

Generated people only (no real names); the partner cities are Xuzhou's real ones (domain.md §6). Every
visit goes through the real services and the casework engine, so its timeline, numbers, routing and
audit trail are what a real one has. Idempotent: visits already loaded (by title) are skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

log = logging.getLogger(__name__)

LEADERS = [("王建平", "市长", 40, 10), ("刘晓梅", "副市长", 50, 20), ("陈志远", "副市长", 50, 30)]
STAFF = ("keyuan_sw", "孔令仪", "foreign_affairs", "一级主任科员")  # 涉外管理处, receives important guests

BLANK = {
    "name_en": "",
    "title_en": "",
    "organisation": "",
    "diplomatic_rank": "",
    "duty_since": None,
    "notified_on": None,
    "country_en": "",
    "role": "",
    "leader": None,
    "dietary": "",
}


def _staff_user():
    from apps.accounts.demo import DEMO_PASSWORD
    from apps.accounts.models import Role, User
    from apps.org.models import Division

    username, full_name, division_code, title = STAFF
    user = User.objects.filter(username=username).first()
    division = Division.objects.filter(code=division_code).first()
    if user is None and division is not None:
        user = User(username=username, full_name=full_name, title=title, division=division)
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.roles.set(Role.objects.filter(code="division_staff"))
    return user


def _leaders():
    from .models import Leader

    out = []
    for name, title, rank, order in LEADERS:
        leader, _ = Leader.objects.get_or_create(
            name=name, title=title, defaults={"rank": rank, "order": order}
        )
        out.append(leader)
    return out


def _participants(visit, by, specs):
    from . import services

    return [services.participant_save(visit=visit, by=by, data={**BLANK, **s}) for s in specs]


def _event(visit, by, people, kind, title, title_en, day, start, end, venue, **extra):
    from . import services

    data = {
        "kind": kind,
        "title": title,
        "title_en": title_en,
        "date": day,
        "start": dt.time(*start),
        "end": dt.time(*end),
        "venue": venue,
        "venue_en": extra.pop("venue_en", ""),
        "interpreters": "",
        "vehicles": "",
        "dietary": "",
        "dress": "",
        "press": "",
        "door": "long_side",
        "table_size": None,
        "hosted_by_guest": False,
        **extra,
    }
    return services.event_save(visit=visit, by=by, data=data, participants=people)


def load(units: dict | None = None, *, today: dt.date | None = None) -> dict:
    """Load the demo visits, gifts and calendar (idempotent). Returns {"created": n}."""
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.casework import services as cw
    from apps.org.models import Unit
    from apps.reference.models import Country

    from . import services
    from .models import CalendarEntry, Visit

    today = today or timezone.localdate()
    if units is None:
        units = {u.name: u for u in Unit.objects.all()}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["zhuanban_jy", "zhuanban", "keyuan_my", "zhuren", "fuzhuren"]
        )
    }
    staff = _staff_user()
    if staff is None or len(users) < 5:
        log.warning("visits demo: demo accounts or divisions missing; load apps.accounts.demo first")
        return {"created": 0}
    leaders = _leaders()
    mayor, vice1, vice2 = leaders
    edu, com = users["zhuanban_jy"], users["zhuanban"]
    created = 0
    fr, jp, de, at = (Country.objects.get(iso2=c) for c in ("FR", "JP", "DE", "AT"))

    def new_visit(by, unit_name, title, country, level, arrive, days, head, head_title, purpose, org):
        nonlocal created
        existing = Visit.objects.filter(title=title).first()
        if existing is not None:
            return None
        created += 1
        return services.visit_create(
            by=by,
            unit=units[unit_name],
            data={
                "title": title,
                "level": level,
                "guest_country": country,
                "guest_organisation": org,
                "head_name": head,
                "head_title": head_title,
                "arrival_date": arrive,
                "departure_date": arrive + dt.timedelta(days=days),
                "purpose": purpose,
                "hosts_note": f"{mayor.title}{mayor.name}会见；市外办陪同",
                "invitation_note": "市人民政府邀请",
                "security_note": "住地及活动场所由公安部门负责安保",
                "press_note": "市级媒体报道会见和签字仪式",
            },
        )

    def approve(visit, reviewer):
        cw.transition(case=visit, name="submit", by=visit.created_by)
        visit.refresh_from_db()
        cw.transition(case=visit, name="claim", by=reviewer)
        cw.transition(case=visit, name="forward_for_approval", by=reviewer)
        cw.transition(case=visit, name="approve", by=users["zhuren"])
        visit.refresh_from_db()
        return visit

    # 1. Saint-Étienne (France): important visitors, received by 涉外管理处; upcoming, full programme
    start = today + dt.timedelta(days=9)
    v = new_visit(
        edu,
        "徐州市教育局",
        "法国圣艾蒂安市政府代表团友好访问",
        fr,
        "important",
        start,
        2,
        "Marc Girard",
        "副市长",
        "友好城市交流：教育、职业培训合作",
        "圣艾蒂安市政府",
    )
    if v is not None:
        ps = _participants(
            v,
            edu,
            [
                {"side": "host", "name": mayor.name, "title": "市长", "rank": 40, "leader": mayor},
                {"side": "host", "name": "周立群", "title": "市外办主任", "rank": 50},
                {"side": "host", "name": "吴海峰", "title": "市教育局局长", "rank": 50, "notified_on": today},
                {"side": "host", "name": "郑晓云", "title": "市外办处长", "rank": 60},
                {"side": "host", "name": "杨思远", "title": "翻译", "rank": 80, "role": "interpreter"},
                {
                    "side": "guest",
                    "name": "马克·吉拉尔",
                    "name_en": "Marc Girard",
                    "title": "副市长",
                    "title_en": "Deputy Mayor",
                    "rank": 50,
                    "country_en": "France",
                    "dietary": "不吃猪肉",
                },
                {
                    "side": "guest",
                    "name": "索菲·莫罗",
                    "name_en": "Sophie Moreau",
                    "title": "市议员",
                    "title_en": "City Councillor",
                    "rank": 60,
                    "notified_on": today - dt.timedelta(days=20),
                    "country_en": "France",
                },
                {
                    "side": "guest",
                    "name": "吕克·贝尔纳",
                    "name_en": "Luc Bernard",
                    "title": "市议员",
                    "title_en": "City Councillor",
                    "rank": 60,
                    "notified_on": today - dt.timedelta(days=18),
                    "country_en": "France",
                },
                {
                    "side": "guest",
                    "name": "艾玛·佩蒂",
                    "name_en": "Emma Petit",
                    "title": "国际事务主任",
                    "title_en": "Director of International Affairs",
                    "rank": 70,
                    "country_en": "France",
                },
            ],
        )
        host_core = [p for p in ps if p.side == "host"]
        _event(
            v,
            edu,
            [ps[0], ps[1], ps[4], ps[5], ps[6], ps[7]],
            "meeting",
            "市长会见代表团",
            "Courtesy call on the Mayor",
            start,
            (10, 0),
            (10, 45),
            "市政府第一会见厅",
            venue_en="Reception Hall 1, City Hall",
            press="市电视台摄像",
        )
        _event(
            v,
            edu,
            [*host_core, *ps[5:]],
            "talks",
            "教育合作会谈",
            "Talks on education cooperation",
            start,
            (11, 0),
            (12, 0),
            "市政府第二会议室",
            venue_en="Meeting Room 2, City Hall",
            door="end",
        )
        _event(
            v,
            edu,
            [ps[0], ps[1], ps[2], ps[5], ps[6], ps[7], ps[8]],
            "banquet",
            "欢迎宴会",
            "Welcome banquet",
            start,
            (18, 0),
            (20, 0),
            "彭城宾馆宴会厅",
            venue_en="Pengcheng Hotel Banquet Hall",
            table_size=10,
            dress="正装",
            dietary="清真餐一份",
        )
        _event(
            v,
            edu,
            [ps[2], ps[5]],
            "signing",
            "职业教育合作备忘录签字仪式",
            "Signing of the MoU on vocational education",
            start + dt.timedelta(days=1),
            (9, 30),
            (10, 0),
            "市教育局报告厅",
            venue_en="Auditorium, Education Bureau",
        )
        _event(
            v,
            edu,
            [p for p in ps if p.role != "interpreter"],
            "photo",
            "集体合影",
            "Group photo",
            start + dt.timedelta(days=1),
            (10, 0),
            (10, 15),
            "市教育局报告厅",
        )
        _event(
            v,
            edu,
            [ps[3], *ps[5:]],
            "tour",
            "参观徐州工程学院",
            "Visit to Xuzhou University of Technology",
            start + dt.timedelta(days=1),
            (14, 0),
            (16, 30),
            "徐州工程学院",
            vehicles="中巴一辆",
        )
        approve(v, staff)

    # 2. Handa (Japan): general, routed to 美洲亚洲处; last month, closed with its summary
    start = today - dt.timedelta(days=30)
    v = new_visit(
        com,
        "徐州市商务局",
        "日本半田市经贸交流团来访",
        jp,
        "general",
        start,
        1,
        "Kenji Sato",
        "半田市商工会议所会长",
        "经贸交流与企业对接",
        "半田市商工会议所",
    )
    if v is not None:
        ps = _participants(
            v,
            com,
            [
                {"side": "host", "name": vice1.name, "title": "副市长", "rank": 50, "leader": vice1},
                {"side": "host", "name": "钱卫东", "title": "市商务局局长", "rank": 50},
                {
                    "side": "guest",
                    "name": "佐藤健二",
                    "name_en": "Kenji Sato",
                    "title": "会长",
                    "rank": 50,
                    "country_en": "Japan",
                },
                {
                    "side": "guest",
                    "name": "铃木由美",
                    "name_en": "Yumi Suzuki",
                    "title": "事务局长",
                    "rank": 60,
                    "country_en": "Japan",
                },
            ],
        )
        _event(
            v,
            com,
            ps,
            "meeting",
            "副市长会见",
            "Meeting with the Vice Mayor",
            start,
            (15, 0),
            (15, 40),
            "市政府第三会见厅",
        )
        _event(v, com, ps, "banquet", "工作晚宴", "Working dinner", start, (18, 0), (19, 30), "汉风宾馆")
        v = approve(v, users["keyuan_my"])
        services.summary_save(
            visit=v,
            by=com,
            data={
                "summary_outcomes": "双方商定在智能制造领域开展企业对接，明年春季组织企业互访。",
                "summary_agreements": "《徐州—半田经贸交流意向书》",
                "summary_follow_up": "市商务局：整理对接企业名单，下月底前；市外办：年度交流计划列入该项目",
            },
        )
        v.refresh_from_db()
        cw.transition(case=v, name="close", by=users["keyuan_my"])
        g = services.gift_create(
            by=com,
            unit=units["徐州市商务局"],
            data={
                "direction": "received",
                "visit": v,
                "description": "常滑烧茶壶",
                "counterpart": "半田市商工会议所",
                "counterpart_country": jp,
                "person": vice1.name,
                "on_date": start,
                "value": Decimal("1200"),
            },
        )
        services.gift_declare(gift=g, by=com)
        services.gift_hand_in(
            gift=g, by=staff, handed_in_on=start + dt.timedelta(days=5), disposition="displayed"
        )
        services.gift_create(
            by=com,
            unit=units["徐州市商务局"],
            data={
                "direction": "received",
                "visit": v,
                "description": "半田市纪念徽章",
                "counterpart": "半田市商工会议所",
                "counterpart_country": jp,
                "person": "钱卫东",
                "on_date": start,
                "value": Decimal("80"),
            },
        )
        given = services.gift_create(
            by=com,
            unit=units["徐州市商务局"],
            data={
                "direction": "given",
                "visit": v,
                "description": "徐州香包",
                "counterpart": "佐藤健二",
                "counterpart_country": jp,
                "person": vice1.name,
                "on_date": start,
                "value": Decimal("150"),
                "budget": "外事接待费",
            },
        )
        services.gift_approve(gift=given, by=users["fuzhuren"])

    # 3. Erfurt (Germany): a draft being prepared
    v = new_visit(
        com,
        "徐州市商务局",
        "德国埃尔福特市经贸代表团来访",
        de,
        "general",
        today + dt.timedelta(days=40),
        2,
        "Anna Keller",
        "经济局局长",
        "新能源产业合作",
        "埃尔福特市政府",
    )
    if v is not None:
        _participants(
            v,
            com,
            [
                {
                    "side": "guest",
                    "name": "安娜·凯勒",
                    "name_en": "Anna Keller",
                    "title": "经济局局长",
                    "rank": 60,
                    "country_en": "Germany",
                },
            ],
        )

    # 4. Leoben (Austria): submitted, waiting for the division
    v = new_visit(
        edu,
        "徐州市教育局",
        "奥地利莱奥本矿业大学代表团来访",
        at,
        "general",
        today + dt.timedelta(days=25),
        1,
        "Thomas Huber",
        "副校长",
        "矿业工程人才培养合作",
        "莱奥本矿业大学",
    )
    if v is not None:
        cw.transition(case=v, name="submit", by=edu)

    # an overdue gift (received abroad, not declared) for the reminders and the yearly report
    if created:
        services.gift_create(
            by=edu,
            unit=units["徐州市教育局"],
            data={
                "direction": "received",
                "description": "银质纪念盘",
                "counterpart": "圣艾蒂安市政府",
                "counterpart_country": fr,
                "person": "吴海峰",
                "on_date": today - dt.timedelta(days=50),
                "returned_on": today - dt.timedelta(days=45),
                "value": Decimal("600"),
            },
        )
        tz = timezone.get_current_timezone()

        def at_(day, h, m=0):
            return timezone.make_aware(dt.datetime.combine(day, dt.time(h, m)), tz)

        monday = today - dt.timedelta(days=today.weekday())
        entries = [
            (
                mayor,
                "出席中国—中东欧国家地方合作论坛",
                monday + dt.timedelta(days=1),
                9,
                12,
                "南京",
                "conference",
            ),
            (
                mayor,
                "会见来访的新西兰霍克斯湾地区代表团",
                monday + dt.timedelta(days=1),
                10,
                11,
                "市政府",
                "manual",
            ),
            (vice1, "率团出访芬兰拉彭兰塔", monday + dt.timedelta(days=3), 8, 18, "拉彭兰塔", "trip"),
            (vice2, "国际友城工作座谈会", monday + dt.timedelta(days=2), 14, 16, "市外办", "manual"),
        ]
        for leader, title, day, h1, h2, loc, source in entries:
            CalendarEntry.objects.create(
                leader=leader,
                title=title,
                starts_at=at_(day, h1),
                ends_at=at_(day, h2),
                location=loc,
                source=source,
                created_by=staff,
            )
    return {"created": created}
