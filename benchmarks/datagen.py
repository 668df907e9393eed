"""A province-scale synthetic data set, loaded with PostgreSQL COPY (``make bench-data SCALE=1m``).

Scale ``N`` (``10k``, ``100k``, ``1m``) is the number of trips; everything else follows it:

=================  ==============  ==========================================================
table              rows at 1m      what
=================  ==============  ==========================================================
casework_case      1,000,000       every state, 5 years of history, open ones recent
trips_trip         1,000,000       stages consistent with the state
trips_tripmember   4,000,000       2–6 members (avg. 4) from the applicant unit's people
trips_leg          ~1,500,000      1–2 destinations
timeline           ~950,000        the submission entry of every submitted trip
people_person      200,000         real Fernet-encrypted ID numbers with their keyed hash
passports          300,000         every person an official passport, half a HK/Macao permit
custody events     ~306,000        registration + current check-outs (some overdue)
audit_auditevent   10,000,000      valid hash chain (``apps.audit.chain.compute_hash``)
=================  ==============  ==========================================================

How it stays fast: rows are produced by Python generators and streamed with ``COPY … FROM STDIN``
(psycopg 3); secondary indexes are dropped before the load and recreated after it; foreign-key
triggers are off during the load (``session_replication_role = replica``, rows are consistent by
construction); ids are assigned here so relations need no round trip. Users, roles, units and
divisions are few and made with the ORM (they go through the same code as production).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

BENCH_PASSWORD = "Bench-Waiban-2026!"
REVIEWER = "bench_reviewer"
CLERK = "bench_clerk"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌宇浩然子轩欣怡梓涵"
CITIES = ["柏林", "巴黎", "东京", "首尔", "纽约", "伦敦", "罗马", "悉尼", "开罗", "圣保罗", "新加坡", "曼谷"]
TITLES = ["经贸考察", "友好城市交流", "学术会议", "招商推介", "文化交流", "培训", "技术合作洽谈"]


def parse_scale(text: str) -> int:
    t = str(text).strip().lower().replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    n = int(float(t) * mult)
    if n < 100:
        raise ValueError("scale must be at least 100 trips")
    return n


# --- COPY text format ------------------------------------------------------------------------------
_ESC = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def fmt(v) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, str):
        return v.translate(_ESC)
    if isinstance(v, int | Decimal):
        return str(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":")).translate(_ESC)
    return str(v).translate(_ESC)


class Table:
    """A model's table: its columns, each column's default already in COPY text, and a fast row()."""

    def __init__(self, model):
        self.model = model
        self.name = model._meta.db_table
        fields = list(model._meta.local_concrete_fields)
        self.columns = [f.column for f in fields]
        self.index = {}
        base = []
        for i, f in enumerate(fields):
            self.index[f.attname] = i
            self.index.setdefault(f.name, i)
            if f.has_default():
                d = f.get_default()
            elif f.null:
                d = None
            else:
                d = ""
            base.append(fmt(d))
        self.base = base

    def row(self, values: dict) -> str:
        r = list(self.base)
        idx = self.index
        for k, v in values.items():
            r[idx[k]] = fmt(v)
        return "\t".join(r) + "\n"


def copy_lines(table_name: str, columns: list[str], lines: Iterable[str], chunk: int = 2000) -> int:
    n = 0
    cols = ", ".join(f'"{c}"' for c in columns)
    raw = connection.connection
    with raw.cursor() as cur, cur.copy(f'COPY "{table_name}" ({cols}) FROM STDIN') as cp:
        buf: list[str] = []
        for line in lines:
            buf.append(line)
            if len(buf) >= chunk:
                cp.write("".join(buf).encode())
                n += len(buf)
                buf.clear()
        if buf:
            cp.write("".join(buf).encode())
            n += len(buf)
    return n


def copy_model(model, rows: Iterable[dict]) -> int:
    t = Table(model)
    return copy_lines(t.name, t.columns, (t.row(r) for r in rows))


# --- plan --------------------------------------------------------------------------------------------
@dataclass
class Plan:
    trips: int
    people: int = 0
    passports_target: int = 0
    audit: int = 0
    units: int = 0
    seed: int = 20260401
    timings: dict = field(default_factory=dict)

    @classmethod
    def for_scale(cls, n: int, *, audit: int | None = None) -> Plan:
        return cls(
            trips=n,
            people=max(200, n // 5),
            passports_target=max(300, n * 3 // 10),
            audit=audit if audit is not None else n * 10,
            units=max(20, min(400, n // 2500)),
        )


class Timer:
    def __init__(self, plan: Plan, log):
        self.plan, self.log = plan, log

    def __call__(self, name):
        timer = self

        class _Ctx:
            def __enter__(self):
                self.t = time.perf_counter()
                timer.log(f"… {name}")

            def __exit__(self, *exc):
                s = time.perf_counter() - self.t
                timer.plan.timings[name] = round(s, 2)
                timer.log(f"  {name}: {s:.1f} s")

        return _Ctx()


LOADED_TABLES = (
    "casework_case",
    "trips_trip",
    "trips_tripmember",
    "trips_leg",
    "casework_timelineentry",
    "people_person",
    "passports_passport",
    "passports_custodyevent",
    "audit_auditevent",
)


def _next_id(model) -> int:
    with connection.cursor() as cur:
        cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')  # noqa: S608
        return cur.fetchone()[0] + 1


def _pk_next(model) -> int:
    pk = model._meta.pk.column
    with connection.cursor() as cur:
        cur.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{model._meta.db_table}"')  # noqa: S608
        return cur.fetchone()[0] + 1


def drop_secondary_indexes(tables: Iterable[str]) -> list[str]:
    """Drop every index that does not back a constraint (PK/unique/FK stay); return their definitions."""
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [list(tables)],
        )
        rows = cur.fetchall()
        for name, _ in rows:
            cur.execute(f"DROP INDEX {name}")
    return [d for _, d in rows]


def create_indexes(defs: list[str]) -> None:
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        for d in defs:
            cur.execute(d)


# --- reference rows made with the ORM ------------------------------------------------------------------
def setup_org_and_users(plan: Plan):
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import DataScope, Role, User
    from apps.accounts.roles import DIVISION_STAFF, UNIT_CLERK
    from apps.org import demo as org_demo
    from apps.org.models import Division, Unit

    org_demo.load_office()
    org_demo.load_units()
    rng = random.Random(plan.seed)
    # More units, province-like: bureaus with sub-units (paths are set by Unit.save()).
    have = Unit.objects.count()
    parents = []
    i = 0
    while have < plan.units:
        i += 1
        if not parents or rng.random() < 0.2:
            u = Unit.objects.create(kind=Unit.Kind.CITY_DEPT, name=f"模拟局{i:04d}")
            parents.append(u)
        else:
            Unit.objects.create(
                kind=Unit.Kind.INSTITUTION, name=f"模拟单位{i:04d}", parent=rng.choice(parents)
            )
        have += 1
    units = list(Unit.objects.order_by("id"))
    outbound = Division.objects.get(code="outbound")

    staff_perms = Role.objects.get(code=DIVISION_STAFF).permissions
    reviewer_role, _ = Role.objects.get_or_create(
        code="bench_all_trips_reviewer",
        defaults={
            "name": "基准测试：处室审核（全部数据）",
            "permissions": staff_perms,
            "data_scope": DataScope.ALL,
        },
    )
    password = make_password(BENCH_PASSWORD)
    reviewer, _ = User.objects.get_or_create(
        username=REVIEWER,
        defaults={"full_name": "基准审核员", "division": outbound, "password": password},
    )
    reviewer.roles.set([reviewer_role])
    # a few more reviewers in the division (assignees), and one clerk per unit (creators)
    extra_reviewers = []
    for k in range(4):
        u, _ = User.objects.get_or_create(
            username=f"bench_staff{k}",
            defaults={"full_name": f"审核员{k}", "division": outbound, "password": password},
        )
        u.roles.set([Role.objects.get(code=DIVISION_STAFF)])
        extra_reviewers.append(u)
    clerk_role = Role.objects.get(code=UNIT_CLERK)
    existing = set(
        User.objects.filter(username__startswith="bench_clerk_u").values_list("username", flat=True)
    )
    new = [
        User(username=f"bench_clerk_u{u.pk}", full_name=f"专办员{u.pk}", unit=u, password=password)
        for u in units
        if f"bench_clerk_u{u.pk}" not in existing
    ]
    User.objects.bulk_create(new, batch_size=1000)
    clerks = {c.unit_id: c for c in User.objects.filter(username__startswith="bench_clerk_u")}
    through = User.roles.through
    through.objects.bulk_create(
        [through(user_id=c.pk, role_id=clerk_role.pk) for c in clerks.values()], ignore_conflicts=True
    )
    # The benchmark's narrow clerk: the clerk of the unit with the most trips is chosen after the load.
    return units, outbound, reviewer, extra_reviewers, clerks


# --- people and passports ---------------------------------------------------------------------------
def _names(rng, n=3000):
    from apps.accounts.models import name_pinyin
    from apps.core.text import pinyin_key

    out = []
    seen = set()
    while len(out) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name in seen:
            continue
        seen.add(name)
        pk = pinyin_key(name)
        out.append((name, pk, name_pinyin(name), pk.upper()[:100]))
    return out


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number(i: int) -> tuple[str, dt.date, str]:
    # (birth day, sequence) is unique per i: 500 people share a birth day, days 29 apart
    born = dt.date(1960, 1, 1) + dt.timedelta(days=(i // 500) * 29)
    seq = i % 500
    sex = "M" if seq % 2 else "F"
    body = f"320302{born:%Y%m%d}{(seq * 2 + (1 if sex == 'M' else 0)) % 1000:03d}"
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check, born, sex


def load_people(plan: Plan, units, rng) -> dict:
    from apps.core.crypto import lookup_hash
    from apps.people.models import Person

    enc = Person._meta.get_field("id_number")
    names = _names(rng)
    first = _pk_next(Person)
    now = dt.datetime.now(dt.UTC)
    by_unit: dict[int, list[int]] = {}
    unit_ids = [u.pk for u in units]
    # weight units: a few big ones (Zipf-ish), so scopes differ in size like reality
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(unit_ids))]
    person_unit = rng.choices(unit_ids, weights=weights, k=plan.people)
    seen: set[str] = set()

    def rows():
        for k in range(plan.people):
            pid = first + k
            name, pinyin, search, ppn = names[k % len(names)]
            number, born, sex = id_number(k)
            if number in seen:  # cannot happen with the scheme above, but never break uniqueness
                raise RuntimeError(f"duplicate synthetic ID number {number}")
            seen.add(number)
            uid = person_unit[k]
            by_unit.setdefault(uid, []).append(pid)
            yield {
                "id": pid,
                "created_at": now,
                "updated_at": now,
                "full_name": name,
                "passport_name": ppn,
                "sex": sex,
                "date_of_birth": born,
                "unit_id": uid,
                "title": "科员" if k % 7 else "处长",
                "rank": "section_member" if k % 7 else "division_chief",
                "id_number": enc.get_db_prep_save(number, connection),
                "id_number_hash": lookup_hash(number),
                "pinyin": pinyin,
                "name_search": search,
                "is_leader_of_unit": k % 50 == 0,
            }

    copy_model(Person, rows())
    return {"first": first, "by_unit": by_unit}


def load_passports(plan: Plan, people: dict, reviewer, rng) -> dict:
    from apps.core.crypto import lookup_hash
    from apps.passports.models import CustodyEvent, Kind, Passport, Status

    enc = Passport._meta.get_field("number")
    first = _pk_next(Passport)
    first_ev = _pk_next(CustodyEvent)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    official: dict[int, int] = {}  # person id → official passport id
    passports, events = [], []
    pid = first
    ev = first_ev
    extra_permits = max(0, plan.passports_target - plan.people)
    for k in range(plan.people):
        person = people["first"] + k
        kinds = [Kind.OFFICIAL if k % 3 else Kind.PUBLIC_AFFAIRS_ORDINARY]
        if k < extra_permits:
            kinds.append(Kind.HK_MACAO_PERMIT)
        for kind in kinds:
            number = ("C" if kind == Kind.HK_MACAO_PERMIT else "E") + f"{k:08d}"
            issue = today - dt.timedelta(days=rng.randrange(30, 3600))
            expiry = issue + dt.timedelta(days=3650 if kind != Kind.HK_MACAO_PERMIT else 1825)
            status = Status.IN_CUSTODY
            checkout = None
            due = None
            registered_at = dt.datetime.combine(issue, dt.time(10), tzinfo=dt.UTC)
            events.append(
                {
                    "id": ev,
                    "passport_id": pid,
                    "kind": CustodyEvent.Kind.REGISTERED,
                    "at": registered_at,
                    "by_id": reviewer.pk,
                    "purpose": "登记入库",
                }
            )
            ev += 1
            r = rng.random()
            if r < 0.02 and expiry > today:
                status = Status.OUT
                due = today + dt.timedelta(days=rng.randrange(-60, 30))  # about two thirds overdue
                events.append(
                    {
                        "id": ev,
                        "passport_id": pid,
                        "kind": CustodyEvent.Kind.CHECK_OUT,
                        "at": now - dt.timedelta(days=rng.randrange(20, 90)),
                        "by_id": reviewer.pk,
                        "purpose": "因公出访",
                        "due_back": due,
                    }
                )
                checkout = ev
                ev += 1
            if kind != Kind.HK_MACAO_PERMIT:
                official[person] = pid
            passports.append(
                {
                    "id": pid,
                    "created_at": now,
                    "updated_at": now,
                    "holder_id": person,
                    "kind": kind,
                    "number": enc.get_db_prep_save(number, connection),
                    "number_hash": lookup_hash(number),
                    "issue_date": issue,
                    "expiry_date": expiry,
                    "issuing_authority": "中华人民共和国外交部",
                    "status": status,
                    "current_checkout_id": checkout,
                    "due_back": due,
                }
            )
            pid += 1
    n = copy_model(Passport, passports)
    m = copy_model(CustodyEvent, events)
    return {"official": official, "passports": n, "events": m}


# --- trips --------------------------------------------------------------------------------------------
STATE_MIX_OLD = (("closed", 0.86), ("rejected", 0.04), ("withdrawn", 0.05), ("approved", 0.05))
APPROVED_STAGES_OLD = ("post_notice", "report_filed", "cancelled")
STATE_MIX_RECENT = (
    ("draft", 0.10),
    ("submitted", 0.14),
    ("in_review", 0.16),
    ("returned", 0.06),
    ("pending_approval", 0.08),
    ("approved", 0.40),
    ("rejected", 0.03),
    ("withdrawn", 0.03),
)
APPROVED_STAGES_RECENT = (  # "documents" three times: the former "approved" and "notice" stages (trips 0008)
    "documents",
    "documents",
    "documents",
    "departed",
    "returned",
    "passports_back",
    "report_filed",
    "post_notice",
)


def _pick(rng, mix):
    r = rng.random()
    acc = 0.0
    for v, w in mix:
        acc += w
        if r < acc:
            return v
    return mix[-1][0]


def load_trips(plan: Plan, units, outbound, reviewers, clerks, people, passports, rng, timer) -> dict:
    from apps.casework.models import Case, CaseType, TimelineEntry
    from apps.reference.models import Country
    from apps.trips.models import Leg, Trip, TripMember

    ct = CaseType.objects.get(code="trip")
    countries = list(Country.objects.exclude(iso2="CN").values_list("id", "iso2", "kind"))
    hkmo = [c for c in countries if c[1] in ("HK", "MO")]
    abroad = [c for c in countries if c[1] not in ("HK", "MO", "TW")]
    first_case = _pk_next(Case)
    first_member = _pk_next(TripMember)
    first_leg = _pk_next(Leg)
    first_tl = _pk_next(TimelineEntry)
    now = dt.datetime.now(dt.UTC)
    span_days = 5 * 365
    recent_days = 120
    unit_ids = [u.pk for u in units if u.pk in people["by_unit"]]
    weights = [len(people["by_unit"][u]) for u in unit_ids]
    trip_units = rng.choices(unit_ids, weights=weights, k=plan.trips)
    reviewer_ids = [r.pk for r in reviewers]
    seq_by_year: dict[int, int] = {}
    stats = {"states": {}, "members": 0, "legs": 0, "timeline": 0}
    ctab, ttab = Table(Case), Table(Trip)
    mtab, ltab, etab = Table(TripMember), Table(Leg), Table(TimelineEntry)
    member_lines, leg_lines, tl_lines = [], [], []

    def trips_iter():
        mid, lid, tid = first_member, first_leg, first_tl
        for k in range(plan.trips):
            cid = first_case + k
            # oldest first: created_at grows with the id, the last ~recent_days hold the open cases
            frac = k / plan.trips
            created = now - dt.timedelta(days=span_days * (1 - frac), seconds=rng.randrange(0, 3600))
            recent = (now - created).days <= recent_days
            state = _pick(rng, STATE_MIX_RECENT if recent else STATE_MIX_OLD)
            stage = "application"
            if state == "approved":
                stage = rng.choice(APPROVED_STAGES_RECENT if recent else APPROVED_STAGES_OLD)
            elif state == "closed":
                stage = "closed"
            stats["states"][state] = stats["states"].get(state, 0) + 1
            unit = trip_units[k]
            year = created.astimezone(dt.UTC).year
            reference = None
            submitted_at = due = None
            division = assignee = None
            if state != "draft":
                seq_by_year[year] = seq_by_year.get(year, 0) + 1
                reference = f"{ct.reference_prefix}〔{year}〕{seq_by_year[year]:06d}"
                submitted_at = created + dt.timedelta(hours=2)
                due = (submitted_at + dt.timedelta(days=14)).date()
                division = outbound.pk
                if state not in ("submitted", "withdrawn") and not (
                    state == "returned" and rng.random() < 0.5
                ):
                    assignee = reviewer_ids[k % len(reviewer_ids)]
                if state == "submitted" and rng.random() < 0.1:
                    assignee = None
            decided = created + dt.timedelta(days=7) if state in ("approved", "rejected", "closed") else None
            departure = (created + dt.timedelta(days=rng.randrange(30, 75))).date()
            ret = departure + dt.timedelta(days=rng.randrange(3, 10))
            go_hkmo = rng.random() < 0.2
            dest = [rng.choice(hkmo)] if go_hkmo else rng.sample(abroad, rng.choice((1, 1, 2)))
            title = f"赴{'港澳' if go_hkmo else '国外'}{rng.choice(TITLES)}"
            clerk = clerks.get(unit)
            members = people["by_unit"][unit]
            n_members = min(len(members), 2 + (k % 5))
            start = rng.randrange(len(members))
            step = 1 + rng.randrange(max(1, len(members) // max(1, n_members)))
            chosen = []
            seen = set()
            j = 0
            while len(chosen) < n_members and j < n_members * 4:
                p = members[(start + j * step) % len(members)]
                j += 1
                if p not in seen:
                    seen.add(p)
                    chosen.append(p)
            ctime = created
            case_line = ctab.row(
                {
                    "id": cid,
                    "created_at": ctime,
                    "updated_at": ctime,
                    "case_type_id": ct.pk,
                    "model_label": "trips.Trip",
                    "reference": reference,
                    "title": title,
                    "state": state,
                    "applicant_unit_id": unit,
                    "created_by_id": clerk.pk,
                    "division_id": division,
                    "assignee_id": assignee,
                    "submitted_at": submitted_at,
                    "due_date": due,
                    "decided_at": decided,
                    "closed_at": decided + dt.timedelta(days=60) if state == "closed" else None,
                    "version": 3,
                }
            )
            # the unit's pre-trip notice (出访前公示) runs in the week before it applies
            notice_start = (created.date() - dt.timedelta(days=8)) if submitted_at else None
            trip_line = ttab.row(
                {
                    "case_ptr_id": cid,
                    "task": "与对口单位会谈，考察相关项目，推动务实合作。",
                    "delegation_type": "government",
                    "head_of_delegation_id": chosen[0] if chosen else None,
                    "inviter_name": "Partner Organisation",
                    "inviter_country_id": dest[0][0],
                    "departure_date": departure,
                    "return_date": ret,
                    "funding_source": "budget",
                    "is_hk_macao": go_hkmo,
                    "approval_level": "city_leader",
                    "stage": stage,
                    "unit_notice_start": notice_start,
                    "unit_notice_end": notice_start + dt.timedelta(days=7) if notice_start else None,
                    "actual_departure_date": departure if stage not in ("application", "documents") else None,
                }
            )
            for order, p in enumerate(chosen):
                member_lines.append(
                    mtab.row(
                        {
                            "id": mid,
                            "trip_id": cid,
                            "person_id": p,
                            "role": "head" if order == 0 else "member",
                            "passport_id": passports["official"].get(p),
                            "order": order,
                        }
                    )
                )
                mid += 1
            for order, c in enumerate(dest):
                leg_lines.append(
                    ltab.row(
                        {
                            "id": lid,
                            "trip_id": cid,
                            "order": order,
                            "country_id": c[0],
                            "city": rng.choice(CITIES),
                            "arrival": departure,
                            "departure": ret,
                        }
                    )
                )
                lid += 1
            if submitted_at:
                tl_lines.append(
                    etab.row(
                        {
                            "id": tid,
                            "case_id": cid,
                            "at": submitted_at,
                            "actor_id": clerk.pk,
                            "kind": "state",
                            "from_state": "draft",
                            "to_state": "submitted",
                            "transition": "submit",
                        }
                    )
                )
                tid += 1
            yield case_line, trip_line
        stats["members"] = mid - first_member
        stats["legs"] = lid - first_leg
        stats["timeline"] = tid - first_tl

    # Case and trip rows are written in lock step through two COPY streams on two connections would
    # be complex; instead buffer trips in chunks: case lines into COPY, trip lines kept for the 2nd pass.
    trip_buffer: list[str] = []

    def cases():
        for case_line, trip_line in trips_iter():
            trip_buffer.append(trip_line)
            yield case_line

    with timer("trips: casework_case"):
        copy_lines(ctab.name, ctab.columns, cases())
    with timer("trips: trips_trip"):
        copy_lines(ttab.name, ttab.columns, trip_buffer)
    trip_buffer.clear()
    with timer("trips: members"):
        copy_lines(mtab.name, mtab.columns, member_lines)
    member_lines.clear()
    with timer("trips: legs + timeline"):
        copy_lines(ltab.name, ltab.columns, leg_lines)
        copy_lines(etab.name, etab.columns, tl_lines)
    leg_lines.clear()
    tl_lines.clear()
    stats["first_case"] = first_case
    return stats


# --- audit ---------------------------------------------------------------------------------------------
AUDIT_ACTIONS = (
    ("trips.create", "trips.trip"),
    ("trips.update", "trips.trip"),
    ("casework.submit", "trips.trip"),
    ("casework.claim", "trips.trip"),
    ("casework.forward_for_approval", "trips.trip"),
    ("casework.approve", "trips.trip"),
    ("trips.check", "trips.trip"),
    ("sensitive.view", "people.person"),
    ("passports.check_out", "passports.passport"),
    ("accounts.login", "accounts.user"),
)


def load_audit(plan: Plan, users, stats, rng) -> dict:
    """10 events per trip, chained in id order with apps.audit.chain.compute_hash (one pass)."""
    from apps.audit.chain import CONTENT_FIELDS, compute_hash
    from apps.audit.models import AuditEvent

    first = _next_id(AuditEvent)
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    columns = ["id", *[AuditEvent._meta.get_field(f).column for f in CONTENT_FIELDS], "prev_hash", "hash"]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = now - dt.timedelta(days=5 * 365)
    step_us = int((now - start).total_seconds() * 1_000_000 // max(1, plan.audit))
    actors = [(u.pk, u.username, u.full_name) for u in users]
    ips = [f"10.{a}.{b}.{c}" for a in range(1, 4) for b in range(0, 8) for c in (11, 23, 57, 101)]
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0 Safari/537.36"
    first_case = stats["first_case"]
    n_trips = plan.trips
    esc = _ESC

    def lines():
        prev = last
        at = start
        delta = dt.timedelta(microseconds=step_us)
        for k in range(plan.audit):
            at = at + delta
            action, ttype = AUDIT_ACTIONS[k % len(AUDIT_ACTIONS)]
            actor_id, username, name = actors[k % len(actors)]
            target = first_case + (k * 7919) % n_trips if ttype == "trips.trip" else (k % 5000) + 1
            changes = {"state": ["submitted", "in_review"]} if k % 3 == 0 else {}
            content = {
                "at": at,
                "actor_id": actor_id,
                "actor_username": username,
                "actor_name": name,
                "action": action,
                "target_type": ttype,
                "target_id": str(target),
                "target_repr": f"#{target}",
                "changes": changes,
                "extra": {},
                "ip": ips[k % len(ips)],
                "user_agent": ua,
                "request_id": hashlib.md5(str(k).encode(), usedforsecurity=False).hexdigest(),
            }
            h = compute_hash(prev, content)
            yield (
                f"{first + k}\t{at.isoformat()}\t{actor_id}\t{username}\t{name.translate(esc)}\t{action}\t"
                f"{ttype}\t{target}\t#{target}\t{fmt(changes)}\t{{}}\t{content['ip']}\t{ua}\t"
                f"{content['request_id']}\t{prev}\t{h}\n"
            )
            prev = h

    n = copy_lines(AuditEvent._meta.db_table, columns, lines(), chunk=5000)
    return {"audit": n, "first_id": first}


# --- driver --------------------------------------------------------------------------------------------
def reset_sequences(tables: Iterable[str]) -> None:
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(
                "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                "WHERE c.relname = %s AND a.attidentity <> ''",
                [t],
            )
            for (col,) in cur.fetchall():
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                    f'GREATEST((SELECT MAX("{col}") FROM "{t}"), 1))',
                    [t, col],
                )


def run(scale: str | int, *, audit: int | None = None, log=print) -> Plan:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench data needs PostgreSQL (set DATABASE_URL=postgres://…)")
    n = scale if isinstance(scale, int) else parse_scale(scale)
    plan = Plan.for_scale(n, audit=audit)
    rng = random.Random(plan.seed)
    timer = Timer(plan, log)
    total = time.perf_counter()
    log(
        f"bench data: {plan.trips:,} trips, ~{plan.trips * 4:,} members, {plan.people:,} people, "
        f"~{plan.passports_target:,} passports, {plan.audit:,} audit events, {plan.units} units"
    )
    with timer("setup: org, roles, users (ORM)"):
        units, outbound, reviewer, staff, clerks = setup_org_and_users(plan)
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no FK/user triggers during the load
        cur.execute("SET synchronous_commit = off")
    try:
        with timer("drop secondary indexes"):
            defs = drop_secondary_indexes(LOADED_TABLES)
        with timer("people (Fernet-encrypted ID numbers)"):
            people = load_people(plan, units, rng)
        with timer("passports + custody events"):
            passports = load_passports(plan, people, reviewer, rng)
        stats = load_trips(plan, units, outbound, [reviewer, *staff], clerks, people, passports, rng, timer)
        with timer("audit events (hash chain)"):
            users = [reviewer, *staff, *list(clerks.values())[:50]]
            audit_stats = load_audit(plan, users, stats, rng)
        with timer("recreate indexes"):
            create_indexes(defs)
    finally:
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = origin")
    with timer("sequences + ANALYZE"):
        reset_sequences(LOADED_TABLES)
        with connection.cursor() as cur:
            for t in LOADED_TABLES:
                cur.execute(f'VACUUM ANALYZE "{t}"')
            # and every other table (units, users, roles…, written by the ORM above): without
            # statistics the planner takes the 400 units for 30 rows and nests loops over them
            cur.execute("ANALYZE")
    from benchmarks import datagen_more

    with timer("other case types (services: conferences, journalists, incidents, honours, visits)"):
        more = datagen_more.load(max(40, plan.trips // 1000), log=log)
    plan.timings["total"] = round(time.perf_counter() - total, 1)
    plan.stats = {
        **stats,
        **{k: v for k, v in audit_stats.items()},
        "passports": passports["passports"],
        "custody_events": passports["events"],
        **more,
    }
    log(f"done in {plan.timings['total']:.0f} s: {json.dumps(plan.stats, ensure_ascii=False)}")
    return plan
