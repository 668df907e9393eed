"""Setup data for trips that depends on the demo organisation: the trip case type's division and its
routing rule (trip paperwork goes to 出国来华管理处 whatever the country, domain.md §1).

A year of realistic trips in every state and stage, driven through the real services.

Every trip is created, submitted, reviewed, approved, noticed, travelled, reported and closed through
``apps.trips.services`` and ``apps.casework.services.transition``, so timelines, custody events and audit
rows are real. The clock (``django.utils.timezone.now`` and the model defaults that use it) is set to the
day each step would have happened, so dates read naturally; it never goes past the real now.

Idempotent: each demo trip carries its plan number ``演示-NNN`` and is skipped when it exists.

    from apps.trips import demo; demo.load(units)   # after the org, accounts, routing and people demos
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
from dataclasses import dataclass, field
from decimal import Decimal

ROUTING_ORDER = 5  # before the continent rules of apps.casework.demo (10+)
ROUTING_REASON = (
    "因公出国（境）申请由出国来华管理处承办，不论前往哪个国家（地区）"
    "（《徐州市人民政府外事办公室主要职责内设机构和人员编制规定》，徐政办发〔2010〕130号）"
)


def load_setup(divisions):
    """Idempotent: the trip CaseType (shipped by migration) gets its default division and routing rule."""
    from apps.casework.models import RoutingRule

    from .migrations_data import ensure_case_type, ensure_routes

    case_type = ensure_case_type()
    ensure_routes()
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
# A year of demo trips
# =====================================================================================================


log = logging.getLogger(__name__)

PLAN_PREFIX = "演示-"
# Units that file trips in the demo, with their clerk (the first two are apps.accounts.demo's).
CLERKS = [
    ("徐州市商务局", "zhuanban", "魏海燕"),
    ("徐州市教育局", "zhuanban_jy", "蒋明远"),
    ("徐州市科学技术局", "zhuanban_kj", "陆佳怡"),
    ("徐州市卫生健康委员会", "zhuanban_wj", "钱立群"),
    ("中国矿业大学", "zhuanban_kd", "孔德明"),
    ("徐州工程机械集团有限公司", "zhuanban_xg", "金浩然"),
    ("徐州市文化广电和旅游局", "zhuanban_wl", "姜秀云"),
]
REVIEWERS = ("keyuan",)  # 出国来华管理处 staff who claim and review
# generated names of the units' signatories (the commerce bureau's is apps.accounts.demo's "qianpi")
SIGNATORY_NAMES = ["邱建华", "林思远", "周启明", "唐慧敏", "罗振东", "贺文博", "陈雨桐"]
# the higher approver a trip of the city-leader level is approved by (recorded by the office)
CITY_APPROVER = "市政府分管副市长"
HEAD = "chuzhang"
LEADERS = ("zhuren", "fuzhuren")

# (ISO2, city, purpose) — real countries and cities; JP/KR have expense standards in the default pack.
DESTINATIONS = [
    ("JP", "东京", "考察智慧城市建设与城市管理"),
    ("JP", "大阪", "参加中日经贸合作洽谈会"),
    ("KR", "首尔", "开展友好城市交流"),
    ("KR", "釜山", "考察港口物流与现代服务业"),
    ("JP", "福冈", "开展友好城市教育交流"),
    ("DE", "慕尼黑", "参加国际工程机械博览会"),
    ("FR", "巴黎", "开展文化旅游推介"),
    ("GB", "伦敦", "考察职业教育与校企合作"),
    ("SG", "新加坡", "学习城市规划与营商环境建设"),
    ("AU", "悉尼", "开展高校科研合作"),
    ("IT", "米兰", "参加国际设计周交流活动"),
    ("HU", "布达佩斯", "推进“一带一路”经贸合作"),
    ("TH", "曼谷", "开展卫生健康领域交流"),
    ("CA", "多伦多", "开展高校学术交流"),
]
SECOND_LEG = {  # a second country in the same continent
    "DE": ("AT", "维也纳"),
    "FR": ("BE", "布鲁塞尔"),
    "GB": ("IE", "都柏林"),
    "IT": ("CH", "日内瓦"),
    "HU": ("PL", "华沙"),
    "SG": ("MY", "吉隆坡"),
    "TH": ("VN", "河内"),
    "JP": ("KR", "首尔"),
}
OTHER_CONTINENT = ("EG", "开罗")  # one_continent → warning

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

# Where each trip ends. Open states are reached from a creation day counted back from today; the
# others from their departure day.
TARGETS = [
    # target, count
    ("closed", 40),
    ("closed_blocking_override", 2),
    ("cancelled_closed", 3),
    ("cancelled", 1),
    ("rejected", 4),
    ("withdrawn", 3),
    ("draft", 4),
    ("submitted", 3),
    ("in_review", 4),
    ("returned", 3),
    ("pending_approval", 4),
    ("approved", 3),
    ("unit_notice", 3),  # a draft whose unit's pre-trip notice is up (the unit's step before it applies)
    ("documents", 3),
    ("departed", 3),
    ("passports_back", 2),
    ("report_filed", 2),
    ("post_notice", 2),
    ("overdue_report", 3),
    ("overdue_passports", 3),
]
# Trips that keep passports out or leave a report overdue run last, with people no later trip uses.
HOLDS_PEOPLE = {"documents", "departed", "overdue_passports", "overdue_report"}


@dataclass
class Spec:
    n: int
    target: str
    unit_name: str
    departure: dt.date
    days: int
    lead: int  # days between the draft and the departure
    destination: tuple
    second: tuple | None = None
    size: int = 2
    missing_invitation: bool = False
    send_back: bool = False
    warnings_overridden: bool = True
    release: bool = True
    members: list = field(default_factory=list)


class _Clock:
    """Replaces ``django.utils.timezone.now`` while the demo runs: returns the simulated moment."""

    def __init__(self, real_now):
        self.real_now = real_now
        self.moment = None

    def __call__(self):
        return self.moment or self.real_now()

    def set(self, day: dt.date, minutes: int = 0):
        from django.utils import timezone

        tz = timezone.get_current_timezone()
        moment = dt.datetime.combine(day, dt.time(9, 30), tzinfo=tz) + dt.timedelta(minutes=minutes)
        latest = self.real_now() - dt.timedelta(minutes=1)
        self.moment = min(moment, latest)


@contextlib.contextmanager
def simulated_clock():
    """Patch ``timezone.now`` and every model field default that is ``timezone.now``."""
    from django.apps import apps as django_apps
    from django.utils import timezone

    real_now = timezone.now
    clock = _Clock(real_now)
    patched = []
    for model in django_apps.get_models():
        for f in model._meta.concrete_fields:
            if getattr(f, "default", None) is real_now:
                patched.append(f)
    try:
        timezone.now = clock
        for f in patched:
            f.default = clock
            f.__dict__.pop("_get_default", None)
        yield clock
    finally:
        timezone.now = real_now
        for f in patched:
            f.default = real_now
            f.__dict__.pop("_get_default", None)


def _users(units):
    from apps.accounts.demo import DEMO_PASSWORD
    from apps.accounts.models import Role, User
    from apps.passports.selectors import unit_suspended

    role = Role.objects.get(code="unit_clerk")
    clerks = {}
    for unit_name, username, full_name in CLERKS:
        unit = units.get(unit_name)
        if unit is None or unit_suspended(unit)[0]:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, title="外事专办员", unit=unit)
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.roles.set([role])
        clerks[unit_name] = user
    by_name = {u.username: u for u in User.objects.filter(username__in=(*REVIEWERS, HEAD, *LEADERS))}
    # tripchain: each filing unit's signatory (单位签批人), who signs before the unit applies
    signatory_role = Role.objects.get(code="unit_signatory")
    for i, (unit_name, username, _full) in enumerate(CLERKS):
        if unit_name not in clerks:
            continue
        sign_name = username.replace("zhuanban", "qianpi")
        user = User.objects.filter(username=sign_name).first()
        if user is None:
            user = User(
                username=sign_name,
                full_name=SIGNATORY_NAMES[i % len(SIGNATORY_NAMES)],
                title="副局长",
                unit=units[unit_name],
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.roles.set([signatory_role])
        by_name[f"signatory:{unit_name}"] = user
    return clerks, by_name


def _eligible_people(today):
    """People who hold a valid official passport in custody for the whole year ahead and owe no report."""
    from apps.passports.models import OFFICIAL_PASSPORT_KINDS, Passport, Status
    from apps.people.models import Person

    ok = Passport.objects.filter(
        kind__in=OFFICIAL_PASSPORT_KINDS,
        status=Status.IN_CUSTODY,
        expiry_date__gt=today + dt.timedelta(days=300),
    ).values("holder_id")
    not_ok = Passport.objects.exclude(
        status__in=(Status.IN_CUSTODY, Status.CANCELLED, Status.EXPIRED)
    ).values("holder_id")
    from .models import TripMember

    owing = TripMember.objects.filter(trip__report_due__lt=today, trip__report_filed_at__isnull=True)
    return list(
        Person.objects.filter(pk__in=ok)
        .exclude(pk__in=not_ok)
        .exclude(pk__in=owing.values("person_id"))
        .select_related("unit")
        .order_by("id")
    )


def _specs(today, unit_names, rng) -> list[Spec]:
    specs: list[Spec] = []
    n = 0
    closed_days = [today - dt.timedelta(days=330 - i * 6) for i in range(45)]  # a departure every ~6 days
    for target, count in TARGETS:
        for _i in range(count):
            n += 1
            dest = DESTINATIONS[(n * 5) % len(DESTINATIONS)]
            s = Spec(
                n=n,
                target=target,
                unit_name=unit_names[n % len(unit_names)],
                departure=today,
                days=rng.choice((4, 5, 5)),
                lead=45,
                destination=dest,
                size=rng.choice((1, 2, 2, 3, 3, 4)),
            )
            if n % 4 == 0 and dest[0] in SECOND_LEG:
                s.second = SECOND_LEG[dest[0]]
                s.days = rng.choice((6, 7, 8))
            if n % 9 == 0:
                s.second, s.days = OTHER_CONTINENT, 7  # two continents: warning
            if n % 7 == 3:
                s.lead = 20  # less than 30 days ahead: warning
            if n % 8 == 5:
                s.missing_invitation = True  # warning
            if n % 6 == 1:
                s.send_back = True
            if n % 5 == 2:
                s.warnings_overridden = False
            k = rng.randrange(3, 12)
            if target in ("closed", "closed_blocking_override", "cancelled_closed", "rejected"):
                s.departure = closed_days.pop(0) if closed_days else today - dt.timedelta(days=80)
                if target == "closed_blocking_override":
                    s.second, s.days = None, 6  # 6 days in one country: blocking, leader's decision
            elif target == "withdrawn":
                s.departure = today - dt.timedelta(days=200 - n)
            elif target in ("draft", "unit_notice", "submitted", "in_review", "returned", "pending_approval"):
                s.departure = today - dt.timedelta(days=k) + dt.timedelta(days=s.lead)
            elif target == "approved":
                s.lead, s.send_back = 45, False
                s.departure = today + dt.timedelta(days=37 + k % 3)
            elif target == "cancelled":
                s.lead, s.send_back = 45, False
                s.departure = today + dt.timedelta(days=34 + k % 3)
            elif target == "documents":
                s.lead = 45  # the notice has run its five working days before today
                s.departure = today + dt.timedelta(days=(2, 6, 9)[n % 3])
                s.release = s.departure - today <= dt.timedelta(days=3)
            elif target == "departed":
                s.departure = today - dt.timedelta(days=1 + n % 3)
            elif target == "overdue_passports":
                s.departure = today - dt.timedelta(days=s.days + 11 + (n % 3) * 4)
            elif target == "passports_back":
                s.departure = today - dt.timedelta(days=s.days + 5 + n % 3)
            elif target == "report_filed":
                s.departure = today - dt.timedelta(days=s.days + 16 + n % 3)
            elif target == "post_notice":
                s.departure = today - dt.timedelta(days=s.days + 13)
            elif target == "overdue_report":
                s.departure = today - dt.timedelta(days=s.days + 45 + (n % 3) * 10)
            if s.second == OTHER_CONTINENT and s.target == "closed_blocking_override":
                s.second = None
            specs.append(s)
    return specs


def load(units: dict | None = None, *, today: dt.date | None = None) -> dict:
    """Load the demo trips (idempotent). Returns {"created": n, "skipped": n, "failed": [...]}."""
    from django.utils import timezone

    from apps.org.models import Division, Unit

    load_setup({d.code: d for d in Division.objects.all()})
    if units is None:
        units = {u.name: u for u in Unit.objects.all()}
    today = today or timezone.localdate()
    clerks, staff = _users(units)
    if not clerks or not all(name in staff for name in (*REVIEWERS, *LEADERS)):
        log.warning("trips demo: demo accounts missing; load apps.accounts.demo first")
        return {"created": 0, "skipped": 0, "failed": ["accounts"]}
    from .models import Trip

    done = set(
        Trip.objects.filter(plan_reference__startswith=PLAN_PREFIX).values_list("plan_reference", flat=True)
    )
    rng = random.Random(2026)
    specs = _specs(today, sorted(clerks), rng)
    todo = [s for s in specs if f"{PLAN_PREFIX}{s.n:03d}" not in done]
    if not todo:
        return {"created": 0, "skipped": len(specs), "failed": []}
    people = _eligible_people(today)
    # Those who hold passports out or owe a report at the end are kept out of every other trip.
    todo.sort(key=lambda s: (s.target in HOLDS_PEOPLE, s.departure, s.n))
    reserved: set[int] = set()
    created, failed = 0, []
    cursor = 0
    with simulated_clock() as clock:
        for spec in todo:
            pool = [p for p in people if p.pk not in reserved]
            if len(pool) < spec.size:
                failed.append(f"{spec.n}: not enough people")
                continue
            own = [p for p in pool if p.unit.name == spec.unit_name]
            others = pool[cursor % len(pool) :] + pool[: cursor % len(pool)]
            cursor += 3
            chosen = (own[:1] + [p for p in others if p not in own[:1]])[: spec.size]
            spec.members = chosen
            try:
                from django.db import transaction

                with transaction.atomic():
                    _run(spec, clock=clock, clerk=clerks[spec.unit_name], staff=staff, units=units)
                created += 1
                if spec.target in HOLDS_PEOPLE:
                    reserved.update(p.pk for p in chosen)
            except Exception as exc:
                log.warning("trips demo: trip %s (%s) failed: %s", spec.n, spec.target, exc)
                failed.append(f"{spec.n} {spec.target}: {getattr(exc, 'message', exc)}")
    return {"created": created, "skipped": len(specs) - len(todo), "failed": failed}


def _draft(spec: Spec, unit):
    from apps.reference.models import Country
    from apps.regulations.engine import budget_compute

    from . import checks

    dep = spec.departure
    ret = dep + dt.timedelta(days=spec.days - 1)
    country = Country.objects.get(iso2=spec.destination[0])
    legs = []
    if spec.second:
        split = dep + dt.timedelta(days=spec.days // 2)
        second = Country.objects.get(iso2=spec.second[0])
        legs = [
            checks.LegIn(country=country, city=spec.destination[1], arrival=dep, departure=split),
            checks.LegIn(country=second, city=spec.second[1], arrival=split, departure=ret),
        ]
    else:
        legs = [checks.LegIn(country=country, city=spec.destination[1], arrival=dep, departure=ret)]
    persons = len(spec.members)
    members = [
        checks.MemberIn(person=p, role="head" if i == 0 else "member") for i, p in enumerate(spec.members)
    ]
    budget = []
    countries = {leg.country.iso2: leg.country for leg in legs}
    for s in budget_compute(departure=dep, return_date=ret, legs=[checks.engine_leg(leg) for leg in legs]):
        if s.amount is None:
            continue
        budget.append(
            checks.BudgetIn(
                category=s.category,
                amount=s.amount * persons,
                currency=s.currency or "CNY",
                country=countries.get(s.country),
                city=s.city,
                rate=s.rate,
                count=s.count,
                persons=persons,
                computed=True,
            )
        )
    fare = Decimal(4800 if country.continent == "asia" else 9800) * persons
    budget.append(
        checks.BudgetIn(category="international_fare", amount=fare, currency="CNY", persons=persons)
    )
    draft = checks.TripDraft(
        unit=unit,
        departure=dep,
        return_date=ret,
        legs=legs,
        members=members,
        budget=budget,
        inviter_is_counterpart=True,
    )
    return draft, country, ret


def _attach(trip, by, kind, name, content, ctype):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.casework.services import attachment_add

    attachment_add(case=trip, by=by, kind=kind, upload=SimpleUploadedFile(name, content, ctype))


def _run(spec: Spec, *, clock, clerk, staff, units):
    from apps.reference.calendar import add_working_days

    from . import services
    from .models import Trip
    from .schemas import BudgetRow, LegRow, MemberRow, ScheduleRow, TripInput

    unit = units[spec.unit_name]
    reviewer = staff[REVIEWERS[0]]
    leader = staff[LEADERS[spec.n % 2]]
    dep = spec.departure
    day = dep - dt.timedelta(days=spec.lead)

    def at(d, minutes=0):
        clock.set(d, minutes)

    def fire(name, by, **kw):
        nonlocal trip
        trip = services.trip_transition(trip=Trip.objects.get(pk=trip.pk), name=name, by=by, **kw)
        return trip

    at(day)
    draft, country, ret = _draft(spec, unit)
    purpose = spec.destination[2]
    place = spec.destination[1] + (f"、{spec.second[1]}" if spec.second else "")
    cent = Decimal("0.01")
    trip = services.trip_create(
        by=clerk,
        unit=unit,
        any_person=True,  # demo delegations draw people from several units
        input=TripInput(
            title=f"赴{country}{place}{purpose}",
            task=f"{purpose}；拜会对口单位，洽谈合作事项。",
            delegation_type="self_organised",
            in_annual_plan=True,
            plan_reference=f"{PLAN_PREFIX}{spec.n:03d}",
            inviter_name=f"{spec.destination[1]}市政府国际交流部门",
            inviter_country=country.iso2,
            inviter_is_counterpart=True,
            inviter_description="双方自 2015 年起保持友好往来。",
            departure_date=dep,
            return_date=ret,
            funding_source="fiscal",
            members=[MemberRow(person_id=m.person.pk, role=m.role) for m in draft.members],
            legs=[
                LegRow(country=leg.country.iso2, city=leg.city, arrival=leg.arrival, departure=leg.departure)
                for leg in draft.legs
            ],
            budget=[
                BudgetRow(
                    category=b.category,
                    amount=b.amount.quantize(cent),
                    currency=b.currency,
                    country=b.country.iso2 if b.country else None,
                    city=b.city,
                    rate=b.rate.quantize(cent) if b.rate is not None else None,
                    count=b.count,
                    persons=b.persons,
                    computed=b.computed,
                )
                for b in draft.budget
            ],
            schedule=[
                ScheduleRow(date=dep + dt.timedelta(days=i), plan="工作会见与考察" if i else "抵达")
                for i in range(spec.days)
            ],
        ),
    )
    if not spec.missing_invitation:
        _attach(trip, clerk, "invitation", "invitation.pdf", b"%PDF-1.4 demo invitation", "application/pdf")
    if spec.target == "draft":
        return
    if spec.target == "unit_notice":
        at(dep)  # today (the clock never runs past the real now): the notice is up
        services.unit_notice_publish(
            trip=Trip.objects.get(pk=trip.pk), by=clerk, place="单位内网公示栏", start=_today()
        )
        return
    if spec.target == "closed_blocking_override":
        at(day, 30)
        services.finding_override(
            trip=Trip.objects.get(pk=trip.pk),
            by=leader,
            rule_id="days_abroad",
            subject="",
            justification="会期安排需要，经主任办公会研究同意延长一天。",
        )
    # the unit's notice inside the unit, its result after the period, the signatory's signature
    # (posted on the unit's board three weeks before the application was entered)
    at(day, 10)
    services.unit_notice_publish(
        trip=Trip.objects.get(pk=trip.pk),
        by=clerk,
        place="单位内网公示栏",
        start=_today() - dt.timedelta(days=21),
    )
    trip = Trip.objects.get(pk=trip.pk)
    at(day, 20)
    services.unit_notice_result_record(trip=trip, by=clerk, outcome="none")
    at(day, 30)
    fire("sign_unit", staff[f"signatory:{spec.unit_name}"], comment="同意报批。")
    day += dt.timedelta(days=1)
    at(day)
    fire("submit", clerk)
    if spec.target == "submitted":
        return
    if spec.target == "withdrawn":
        at(day + dt.timedelta(days=1))
        fire("withdraw", clerk, comment="邀请方调整活动日期，本次出访取消。")
        return
    day += dt.timedelta(days=1)
    at(day)
    fire("claim", reviewer)
    if spec.send_back or spec.target == "returned":
        at(day, 60)
        fire("send_back", reviewer, comment="请补充邀请单位简介及以往交往情况，并核对日程安排。")
        if spec.target == "returned":
            return
        day += dt.timedelta(days=2)
        at(day)
        fire("resubmit", clerk, comment="已补充相关材料。")  # the signature stands: nothing was edited
    if spec.warnings_overridden:
        at(day, 120)
        _override_warnings(trip, reviewer)
    if spec.target == "in_review":
        return
    day += dt.timedelta(days=1)
    at(day)
    fire("propose", reviewer, comment="经审核，出访任务明确，建议同意。")
    at(day, 120)
    fire("head_review", staff[HEAD], comment="同意，报领导审批。")
    if spec.target == "pending_approval":
        return
    day += dt.timedelta(days=2)
    at(day)
    if spec.target == "rejected":
        fire("reject", leader, comment="出访必要性不足，建议与对方通过视频会议沟通。")
        if spec.n % 2:
            at(day + dt.timedelta(days=1))
            fire("close", reviewer)
        return
    route = services.route_for(trip)
    if route is not None and route.external:
        fire("leader_review", leader, comment="拟同意，报市分管领导审批。")
        at(day, 60)
        services.external_approval_record(
            trip=Trip.objects.get(pk=trip.pk),
            by=reviewer,
            approver=CITY_APPROVER,
            number=f"徐政外批〔{day.year}〕{spec.n}号",
            date=_today(),
        )
        at(day, 90)
    fire("approve", leader, comment="同意。")
    if spec.target == "approved":
        return
    day += dt.timedelta(days=1)
    at(day)
    if spec.target in ("cancelled", "cancelled_closed"):
        at(day, 90)
        fire("cancel_trip", clerk, comment="邀请方临时调整活动安排，本次出访取消。")
        if spec.target == "cancelled_closed":
            at(day + dt.timedelta(days=1))
            fire("close", reviewer)
        return
    release_day = max(day, dep - dt.timedelta(days=3))
    if spec.target == "documents" and not spec.release:
        return
    at(release_day)
    trip = Trip.objects.get(pk=trip.pk)
    for m in trip.members.all():
        services.passport_release(trip=trip, member=m, by=reviewer)
    if spec.target == "documents":
        return
    at(dep, 420)
    fire("depart", clerk, actual_departure_date=dep)
    if spec.target == "departed":
        return
    at(ret, 600)
    fire("record_return", clerk, actual_return_date=ret)
    if spec.target == "overdue_passports":
        return
    at(ret + dt.timedelta(days=2))
    trip = Trip.objects.get(pk=trip.pk)
    for m in trip.members.all():
        services.passport_return(trip=trip, member=m, by=reviewer)
    fire("confirm_passports_back", reviewer)
    if spec.target in ("passports_back", "overdue_report"):
        return
    at(ret + dt.timedelta(days=10))
    services.report_save(
        trip=Trip.objects.get(pk=trip.pk),
        by=clerk,
        data={
            "report_schedule": "按批准的日程完成全部活动，未增加停留国家（地区）和天数。",
            "report_results": f"{purpose}，与对方签署合作备忘录一份，商定下一步交流计划。",
            "report_actual_cost": sum((b.amount for b in draft.budget if b.currency == "CNY"), Decimal(0)),
            "report_follow_up": "跟进落实合作备忘录各项内容。",
        },
    )
    trip = Trip.objects.get(pk=trip.pk)
    for i in range(3):
        _attach(trip, clerk, "other", f"photo-{i + 1}.png", PNG, "image/png")
    fire("file_report", clerk)
    if spec.target == "report_filed":
        return
    day = ret + dt.timedelta(days=12)
    at(day)
    fire("publish_post_notice", clerk)
    if spec.target == "post_notice":
        return
    end = trip.post_notice_end or add_working_days(day, 5)
    at(end + dt.timedelta(days=1))
    services.post_notice_result_record(trip=Trip.objects.get(pk=trip.pk), by=clerk, outcome="none")
    at(end + dt.timedelta(days=1), 30)
    fire("close", reviewer)


def _today() -> dt.date:
    """Today on the simulated clock (never later than the real today)."""
    from django.utils import timezone

    return timezone.localdate()


def _override_warnings(trip, reviewer):
    """The reviewer decides to proceed despite the warnings the check raised (with a justification)."""
    from . import services
    from .models import Trip

    trip = Trip.objects.get(pk=trip.pk)
    services.trip_check(trip=trip)
    reasons = {
        "lead_time": "任务临时确定，对方会期已定，同意提前量不足时受理。",
        "one_continent": "两国活动衔接紧密，经处室研究同意跨洲安排。",
        "invitation_attached": "邀请函原件已当面核验，扫描件随后补传。",
    }
    for f in trip.last_check.get("findings", []):
        if f.get("passed") or f.get("severity") != "warning" or f.get("rule_id") not in reasons:
            continue
        services.finding_override(
            trip=trip,
            by=reviewer,
            rule_id=f["rule_id"],
            subject=f.get("subject") or "",
            justification=reasons[f["rule_id"]],
        )
