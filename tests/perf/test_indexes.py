"""An index for every filter and sort the list pages offer (PostgreSQL only).

Two kinds of check:

* ``CATALOGUE``: for each filter or sort of a list page, the table and the leading key(s) an index must
  start with; read from ``pg_index`` (a trigram index's key is the ``upper(col::text)`` expression that
  Django's ``icontains`` compares, see ``apps/people/migrations/0003``).
* plans: for the lists that grow (trips 1m, audit 10m, people, passports, custody log, login log,
  exports), ``EXPLAIN (FORMAT JSON)`` of the selector's queryset as the list's FilterSet narrows it
  (what its page reads) with ``enable_seqscan = off`` must answer the filter through an index on that
  table (the column appears in an ``Index Cond`` or ``Recheck Cond``), never a sequential scan of it;
  where the index also gives the order, no sort.

Known gaps, not asserted (the query's shape prevents an index):

* trip list "标题" sort (``casework_case.title``) and "申报单位" sort (``org_unit.name`` through a join);
* trip list text search ``q``: one OR across ``casework_case`` (reference, title), ``trips_trip`` (task)
  and a members subquery; each arm has its trigram index, but an OR across two tables is checked row
  by row after the join;
* trip list unit/state filters (casework_case) with the sort on ``trips_trip.departure_date``: no
  single index spans the two tables;
* a one- or two-character name (张伟) gives no trigram: such a search reads the whole people table;
* the audit date range with only one end: ``audit_at_idx`` answers it, but the planner may walk the
  primary key backwards instead (with both ends the selector bounds the ids, see apps/audit/selectors).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TRGM = "gin_trgm_ops"
PATTERN = "varchar_pattern_ops"


def upper(col: str) -> str:
    """The key of a trigram index for ``col__icontains`` (as ``pg_get_indexdef`` prints it)."""
    return f"upper({col}::text)"


# (id, page — filter or sort, table, leading keys, text the index definition must contain)
CATALOGUE = [
    # --- trips: 出访团组 list, reports, public notices -------------------------------------------------
    (
        "trips-sort-departure",
        "出访团组: default sort 出境日期 (-departure), 出境月份/年度, 出访统计 year",
        "trips_trip",
        ("departure_date", "case_ptr_id"),
        "",
    ),
    (
        "trips-filter-stage",
        "出访团组: 出访阶段 filter with the default sort; public notices",
        "trips_trip",
        ("stage", "departure_date", "case_ptr_id"),
        "",
    ),
    ("trips-sort-stage", "出访团组: sort by 出访阶段", "trips_trip", ("stage", "case_ptr_id"), ""),
    (
        "trips-filter-country",
        "出访团组: 国家（地区） filter (trips with a leg there)",
        "trips_leg",
        ("country_id", "trip_id"),
        "",
    ),
    ("trips-filter-rank", "出访团组: 成员职级 filter (people of the rank)", "people_person", ("rank",), ""),
    (
        "trips-filter-rank-members",
        "出访团组: 成员职级 filter (their trips)",
        "trips_tripmember",
        ("person_id",),
        "",
    ),
    (
        "trips-q-member",
        "出访团组: 编号、标题或成员 — member name",
        "people_person",
        (upper("full_name"),),
        TRGM,
    ),
    ("trips-filter-unit", "出访团组: 申报单位 filter", "casework_case", ("applicant_unit_id",), ""),
    ("trips-filter-state", "出访团组: 状态 filter and sort", "casework_case", ("state",), ""),
    ("trips-sort-reference", "出访团组: sort by 编号", "casework_case", ("reference",), ""),
    (
        "trips-overdue-reports",
        "逾期未交出访报告: report_due < today, not filed, by report_due",
        "trips_trip",
        ("report_due", "case_ptr_id"),
        "WHERE (report_filed_at IS NULL)",
    ),
    ("trips-overrides", "检查结论的例外决定: newest first, 年度", "trips_findingoverride", ("at", "id"), ""),
    (
        "trips-overrides-scope",
        "检查结论的例外决定: trips in scope",
        "trips_findingoverride",
        ("trip_id",),
        "",
    ),
    # --- casework: 案件 list (every case type) and the data scope ---------------------------------------
    (
        "cases-unit-sorted",
        "案件: 申报单位 filter, and a unit clerk's scope, newest first",
        "casework_case",
        ("applicant_unit_id", "created_at", "id"),
        "",
    ),
    (
        "cases-unit-state-sorted",
        "案件: 申报单位 + 状态 filters (or a clerk with 状态), newest first",
        "casework_case",
        ("applicant_unit_id", "state", "created_at", "id"),
        "",
    ),
    (
        "cases-state-sorted",
        "案件: 状态 filter, newest first",
        "casework_case",
        ("state", "created_at", "id"),
        "",
    ),
    (
        "cases-division-sorted",
        "案件: 承办处室 filter, newest first",
        "casework_case",
        ("division_id", "created_at", "id"),
        "",
    ),
    ("cases-sorted", "案件: default order (newest first)", "casework_case", ("created_at", "id"), ""),
    (
        "cases-queue",
        "我的待办: the division's queue",
        "casework_case",
        ("division_id", "state", "due_date"),
        "",
    ),
    (
        "cases-mine-outside",
        "data scope: cases I created outside my units (accounts.selectors._mine_outside)",
        "casework_case",
        ("created_by_id", "applicant_unit_id", "division_id"),
        "",
    ),
    ("cases-q-reference", "案件: 编号或标题 — reference", "casework_case", (upper("reference"),), TRGM),
    ("cases-q-title", "案件: 编号或标题 — title", "casework_case", (upper("title"),), TRGM),
    # --- passports: 证照登记簿, 到期, 借出, 逾期, 保管记录 ------------------------------------------
    (
        "passports-number",
        "证照登记簿: 证照号码 (keyed hash of the encrypted number)",
        "passports_passport",
        ("number_hash",),
        "",
    ),
    ("passports-kind", "证照登记簿: 证照类型", "passports_passport", ("kind",), ""),
    (
        "passports-status",
        "证照登记簿: 状态; 借出未还; 逾期未还",
        "passports_passport",
        ("status", "expiry_date"),
        "",
    ),
    (
        "passports-expiring",
        "6个月内到期: expiry range, by expiry",
        "passports_passport",
        ("expiry_date", "id"),
        "",
    ),
    (
        "passports-holder",
        "证照登记簿: 持照人 (id); a person's passports",
        "passports_passport",
        ("holder_id",),
        "",
    ),
    (
        "passports-unit",
        "证照登记簿: 单位 (the holder's), sorted by holder pinyin",
        "people_person",
        ("unit_id", "pinyin", "id"),
        "",
    ),
    (
        "passports-custody-log",
        "保管记录: a passport's log, newest first",
        "passports_custodyevent",
        ("passport_id", "at", "id"),
        "",
    ),
    # --- people: 人员信息库 ------------------------------------------------------------------------------
    (
        "people-sort",
        "人员信息库: default sort (pinyin); 证照登记簿 sort by holder",
        "people_person",
        ("pinyin",),
        "",
    ),
    (
        "people-unit",
        "人员信息库: 单位 filter, sorted by pinyin",
        "people_person",
        ("unit_id", "pinyin", "id"),
        "",
    ),
    (
        "people-archived",
        "人员信息库: archived people, sorted by pinyin",
        "people_person",
        ("pinyin", "id"),
        "WHERE (archived_at IS NOT NULL)",
    ),
    (
        "people-id-number",
        "人员信息库: 身份证号码 (keyed hash of the encrypted number)",
        "people_person",
        ("id_number_hash",),
        "",
    ),
    ("people-q-name", "人员信息库: 姓名", "people_person", (upper("full_name"),), TRGM),
    ("people-q-pinyin", "人员信息库: 拼音 (zhangwei / zw)", "people_person", (upper("name_search"),), TRGM),
    ("people-q-passport-name", "人员信息库: 护照姓名", "people_person", (upper("passport_name"),), TRGM),
    ("people-self", "人员信息库: own record (scope self)", "people_person", ("user_id",), ""),
    # --- audit: 审计日志 (10m rows) -----------------------------------------------------------------------
    ("audit-actor", "审计日志: 用户, newest first", "audit_auditevent", ("actor_id", "id"), ""),
    (
        "audit-target-type",
        "审计日志: 对象类型 alone, newest first",
        "audit_auditevent",
        ("target_type", "id"),
        "",
    ),
    (
        "audit-target",
        "审计日志: 对象类型 + 对象编号; object history",
        "audit_auditevent",
        ("target_type", "target_id", "id"),
        "",
    ),
    ("audit-action", "审计日志: 操作（前缀） — LIKE 'x%'", "audit_auditevent", ("action",), PATTERN),
    ("audit-dates", "审计日志: 开始/结束日期", "audit_auditevent", ("at",), ""),
    ("audit-user-name", "审计日志: 用户 by name", "accounts_user", (upper("full_name"),), TRGM),
    (
        "audit-user-username",
        "审计日志: 用户 by username (iexact)",
        "accounts_user",
        (upper("username"),),
        TRGM,
    ),
    # --- exports: 我的导出 -------------------------------------------------------------------------------
    (
        "exports-list",
        "我的导出: own jobs, newest first",
        "exports_exportjob",
        ("user_id", "created_at", "id"),
        "",
    ),
    # --- accounts: 用户, 登录日志 --------------------------------------------------------------------
    ("users-sort", "用户: sort by username", "accounts_user", ("username",), ""),
    ("users-q-username", "用户: 搜索 username", "accounts_user", (upper("username"),), TRGM),
    ("users-q-name", "用户: 搜索 姓名", "accounts_user", (upper("full_name"),), TRGM),
    ("users-q-pinyin", "用户: 搜索 拼音", "accounts_user", (upper("name_pinyin"),), TRGM),
    ("users-role", "用户: 角色", "accounts_user_roles", ("role_id",), ""),
    ("users-division", "用户: 处室", "accounts_user", ("division_id",), ""),
    ("users-unit", "用户: 单位 (and below: unit path prefix)", "org_unit", ("path",), PATTERN),
    ("logins-sort", "登录日志: newest first; 开始/结束日期", "accounts_loginlog", ("at",), ""),
    ("logins-outcome", "登录日志: 结果, newest first", "accounts_loginlog", ("outcome", "at", "id"), ""),
    ("logins-username", "登录日志: 用户名", "accounts_loginlog", (upper("username"),), TRGM),
    # --- org: 申报单位 (a few hundred rows; the tree page reads them all) ----------------------------------
    ("units-parent", "申报单位: 上级单位", "org_unit", ("parent_id",), ""),
    ("units-sort", "申报单位: sorted by pinyin", "org_unit", ("pinyin",), ""),
]


def _indexes(table: str) -> list[tuple[str, str, list[str]]]:
    """(name, definition, key columns or expressions in order) of every valid index on ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid),
                   array(SELECT pg_get_indexdef(i.indexrelid, k, true)
                         FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE t.relname = %s AND n.nspname = current_schema() AND i.indisvalid
            """,
            [table],
        )
        return [(name, definition, list(keys)) for name, definition, keys in cursor.fetchall()]


@pytest.mark.parametrize(
    ("page", "table", "leading", "contains"),
    [pytest.param(*row[1:], id=row[0]) for row in CATALOGUE],
)
def test_an_index_serves_the_filter(postgres_only, page, table, leading, contains):
    indexes = _indexes(table)
    matching = [
        name
        for name, definition, keys in indexes
        if keys[: len(leading)] == list(leading) and contains in definition
    ]
    assert matching, (
        f"{page}: no index on {table} starting with {leading}"
        + (f" ({contains})" if contains else "")
        + "; indexes: "
        + "; ".join(f"{name} {keys}" for name, _d, keys in indexes)
    )


# --- plans of the selectors' own querysets --------------------------------------------------------------
def _plan(qs, *, no_sort: bool = False, incremental: bool = False) -> dict:
    """The JSON plan of ``qs`` with sequential scans priced out, so that a missing index shows up as one;
    ``no_sort``: sorts priced out too, so that the plan sorts only when no index gives the order
    (``incremental``: except an incremental sort on top of an index giving the leading key)."""
    settings = ["enable_seqscan"]
    if no_sort:
        settings += ["enable_sort"] if incremental else ["enable_sort", "enable_incremental_sort"]
    with connection.cursor() as cursor:
        for name in settings:
            cursor.execute(f"SET LOCAL {name} = off")
    try:
        return json.loads(qs.explain(format="json"))[0]["Plan"]
    finally:
        with connection.cursor() as cursor:
            for name in settings:
                cursor.execute(f"SET LOCAL {name} = on")


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _scans(plan: dict, table: str) -> list[tuple[dict, str, set]]:
    """(scan node, its index/recheck conditions, its index names) for each scan of ``table``; a bitmap
    heap scan includes the conditions and names of its bitmap index scans."""
    out = []
    for node in _nodes(plan):
        if node.get("Relation Name") != table:
            continue
        conds = [node.get("Index Cond", ""), node.get("Recheck Cond", "")]
        names = {node.get("Index Name")}
        for child in _nodes(node):
            if child["Node Type"] == "Bitmap Index Scan":
                conds.append(child.get("Index Cond", ""))
                names.add(child.get("Index Name"))
        out.append((node, " ".join(conds), names - {None}))
    return out


def _describe(plan: dict) -> str:
    def line(node):
        parts = [node["Node Type"]]
        for key in ("Relation Name", "Index Name", "Index Cond", "Recheck Cond", "Filter", "Sort Key"):
            if key in node:
                parts.append(f"{key}={node[key]}")
        return " ".join(str(p) for p in parts)

    return "\n".join(line(n) for n in _nodes(plan))


def _no_seq_scan(plan: dict, table: str) -> None:
    seq = [node for node, _c, _n in _scans(plan, table) if node["Node Type"] == "Seq Scan"]
    assert not seq, f"sequential scan of {table}:\n{_describe(plan)}"


def assert_filtered(
    qs, table: str, column: str, *, index: str | set[str] | None = None, page: int = 25
) -> None:
    """The filter on ``table.column`` is answered by an index (``index``, or one of a set, if named).

    Checked on the rows the filter selects without the page's order (what the paginator's COUNT reads):
    with the order, the planner may rightly prefer to walk the sort's index and filter when the value is
    common. The page's own query (the first ``page`` rows) must not scan ``table`` sequentially either."""
    _no_seq_scan(_plan(qs[:page]), table)
    plan = _plan(qs.order_by())
    _no_seq_scan(plan, table)
    used = [(conds, names) for _node, conds, names in _scans(plan, table) if column in conds]
    assert used, f"no index condition on {table}.{column}:\n{_describe(plan)}"
    if index:
        wanted = {index} if isinstance(index, str) else set(index)
        assert any(names & wanted for _c, names in used), f"{index} not used:\n{_describe(plan)}"


def index_for(table: str, *keys: str) -> set[str]:
    """The names of the indexes on ``table`` whose keys are exactly ``keys`` (Django names a field's
    ``db_index`` with a hash)."""
    return {name for name, _d, found in _indexes(table) if found == list(keys)}


def assert_ordered(
    qs,
    table: str,
    index: str | set[str],
    *,
    column: str | None = None,
    tiebreak: bool = False,
    page: int = 25,
    or_filter: bool = False,
) -> None:
    """The page's order (and the filter on ``column``, if given) comes from ``index`` (a name, or one of
    a set of names) on ``table``: with sorts priced out, the plan reads the first ``page`` rows of
    ``table`` through it and sorts nothing. ``tiebreak``: the index gives the sort's leading key and only
    rows with equal keys are sorted on the tie-break (an incremental sort; names sharing a pinyin).
    ``or_filter``: ``column`` may also be filtered row by row on the index walk (a small table's plan)."""
    wanted = {index} if isinstance(index, str) else set(index)
    plan = _plan(qs[:page], no_sort=True, incremental=tiebreak)
    text = _describe(plan)
    _no_seq_scan(plan, table)
    scans = [(node, conds) for node, conds, names in _scans(plan, table) if names & wanted]
    assert scans, f"{index} not used:\n{text}"
    if column:
        assert any(
            column in conds or (or_filter and column in node.get("Filter", "")) for node, conds in scans
        ), f"{index} does not filter on {column}:\n{text}"
    sorts = [
        n
        for n in _nodes(plan)
        if n["Node Type"] == "Sort" or (n["Node Type"] == "Incremental Sort" and not tiebreak)
    ]
    assert not sorts, f"no index gives the order, the plan sorts:\n{text}"


def _analyze(*tables: str) -> None:
    """Statistics for the planner, as autovacuum would gather them: ANALYZE, and the trigram (GIN)
    indexes' pending lists merged (VACUUM's work, which cannot run inside the test's transaction)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
        cursor.execute(
            """
            SELECT gin_clean_pending_list(i.indexrelid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am am ON am.oid = c.relam
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE am.amname = 'gin' AND t.relname = ANY(%s)
            """,
            [list(tables)],
        )


@pytest.fixture
def world(postgres_only, perf_world):
    """30 trips over ten years (members, people, passports, some out and overdue) and, in bulk, what
    makes the other tables big enough to choose from: 3,000 people and passports with 9,000 custody
    events, 3,000 audit events over a year, 4,000 login log rows, 400 export jobs. The values the tests
    filter on are as rare as they are in real data (an audit object type, a locked login, a passport
    out), so the planner has a reason to use the filter's index; statistics are gathered first."""
    from apps.accounts.models import LoginLog
    from apps.audit.services import record_many
    from apps.core.crypto import lookup_hash
    from apps.exports.models import ExportJob
    from apps.passports.models import CustodyEvent, Kind, Passport
    from apps.people.models import Person
    from apps.trips.models import Trip

    perf_world.grow(30)
    today = timezone.localdate()
    for k, trip in enumerate(perf_world.trips):  # one trip every four months, back ten years
        day = today - dt.timedelta(days=120 * k)
        Trip.objects.filter(pk=trip.pk).update(departure_date=day, return_date=day + dt.timedelta(days=5))
    Person.objects.filter(pk__in=[t.members.first().person_id for t in perf_world.trips[::3]]).update(
        rank="bureau"  # a code of the 职级 dictionary (the filter offers only those)
    )
    units = perf_world.units
    people = Person.objects.bulk_create(
        Person(
            full_name=f"人员{k:04d}",
            passport_name=f"REN YUAN{k:04d}",
            pinyin=f"ren yuan {k:04d}",
            name_search=f"renyuan{k:04d} ry",
            sex="F",
            date_of_birth=dt.date(1980, 1, 1),
            unit=units[k % len(units)],
        )
        for k in range(3000)
    )
    bulk_passports = Passport.objects.bulk_create(
        Passport(
            holder=person,
            kind=Kind.OFFICIAL,
            number=f"E{k:08d}",
            number_hash=lookup_hash(f"E{k:08d}"),
            issue_date=dt.date(2020, 1, 1),
            expiry_date=dt.date(2030, 1, 1) + dt.timedelta(days=k),
            issuing_authority="外交部",
        )
        for k, person in enumerate(people)
    )
    users = [perf_world.reviewer, perf_world.clerk]
    start = timezone.now() - dt.timedelta(days=365)
    CustodyEvent.objects.bulk_create(  # each passport's history: registered, then out and back
        CustodyEvent(
            passport=passport,
            kind=kind,
            at=start + dt.timedelta(days=k % 300, hours=h),
            due_back=start.date() + dt.timedelta(days=k % 300 + 10)
            if kind == CustodyEvent.Kind.CHECK_OUT
            else None,
            returned_at=start + dt.timedelta(days=k % 300 + 9)
            if kind == CustodyEvent.Kind.CHECK_OUT
            else None,
        )
        for k, passport in enumerate(bulk_passports)
        for h, kind in enumerate(
            (CustodyEvent.Kind.REGISTERED, CustodyEvent.Kind.CHECK_OUT, CustodyEvent.Kind.CHECK_IN)
        )
    )
    record_many(
        {
            "action": "sensitive.view" if k % 100 == 0 else ("casework.submit", "trips.update")[k % 2],
            "target": (
                "people.person" if k % 100 == 0 else ("trips.trip", "casework.case")[k % 2],
                str(k % 97),
            ),
            "actor": perf_world.clerk if k % 100 == 1 else perf_world.reviewer,
            "at": start + dt.timedelta(hours=k * 3),
        }
        for k in range(3000)
    )
    LoginLog.objects.bulk_create(
        LoginLog(
            at=start + dt.timedelta(minutes=k * 20),
            username=f"user{k % 300}",
            outcome="locked" if k % 100 == 0 else ("success", "logout")[k % 2],
        )
        for k in range(4000)
    )
    ExportJob.objects.bulk_create(
        ExportJob(user=users[k % 2], kind="trips.list", title=f"导出{k}") for k in range(400)
    )
    _analyze(
        "trips_trip",
        "casework_case",
        "trips_leg",
        "trips_tripmember",
        "people_person",
        "passports_passport",
        "passports_custodyevent",
        "audit_auditevent",
        "accounts_user",
        "accounts_loginlog",
        "exports_exportjob",
    )
    return perf_world


def test_case_list_plans(world, make_user):
    """The case list's filters and its order (newest first) come from one index each: a page is an
    ordered index walk that stops after 25 rows, for a unit clerk's scope too."""
    from apps.casework.filters import CaseFilter

    clerk = make_user(roles=["unit_clerk"], unit=world.clerk.unit)  # nothing of theirs elsewhere
    reviewer = world.reviewer
    _analyze("casework_case")

    def cases(user, **filters):
        return CaseFilter({"case_type": "trip", **filters}, user=user).qs

    assert_ordered(cases(clerk), "casework_case", "casework_unit_created_idx", column="applicant_unit_id")
    # unit + state: (unit, state, created_at) or (state, created_at) filtering the unit both give the order
    both = {"casework_unit_idx", "casework_state_created_idx"}
    assert_ordered(cases(clerk, state="closed"), "casework_case", both, column="state")
    assert_ordered(cases(reviewer), "casework_case", "casework_created_idx")
    assert_ordered(
        cases(reviewer, state="closed"), "casework_case", "casework_state_created_idx", column="state"
    )
    # a division: its own (division, created_at) index, or — on this 30-row table, where the planner
    # may rightly walk the newest-first index and filter the division — the created_at walk; both are
    # ordered index walks that stop after the page (the full-scale plan is in benchmarks/RESULTS.md)
    assert_ordered(
        cases(reviewer, division=reviewer.division_id),
        "casework_case",
        {"casework_div_created_idx", "casework_created_idx"},
        column="division_id",
        or_filter=True,  # the created_at walk filters the division row by row, still stopping at the page
    )
    assert_ordered(
        cases(reviewer, unit=clerk.unit_id),
        "casework_case",
        "casework_unit_created_idx",
        column="applicant_unit_id",
    )
    # the search (编号或标题) has its trigram indexes (CATALOGUE); on 30 rows the planner rightly prefers
    # to read them all, so its plan is shown on the full-scale data set instead (benchmarks/RESULTS.md).


def test_trip_list_plans(world):
    from apps.trips import reports
    from apps.trips.filters import TripFilter

    user = world.reviewer

    def trips(**filters):
        return TripFilter(filters, user=user).qs

    assert_ordered(trips(), "trips_trip", "trips_departure_idx")  # 出境日期, newest first
    assert_ordered(trips(sort="departure"), "trips_trip", "trips_departure_idx")
    assert_ordered(trips(sort="-stage"), "trips_trip", "trips_stage_idx")
    assert_ordered(trips(stage="documents"), "trips_trip", "trips_stage_departure_idx", column="stage")
    month = f"{world.trips[3].departure_date:%Y-%m}"
    assert_filtered(trips(month=month), "trips_trip", "departure_date", index="trips_departure_idx")
    assert_filtered(trips(stage="documents"), "trips_trip", "stage")
    country = world.countries[0].iso2
    # either index leading with country_id serves it (the planner picks by statistics that vary run to run)
    by_country = {"trips_leg_country_trip_idx", *index_for("trips_leg", "country_id")}
    assert_filtered(trips(country=country), "trips_leg", "country_id", index=by_country)
    assert_filtered(trips(rank="bureau"), "people_person", "rank", index="people_rank_idx")
    assert_filtered(trips(q="成员12"), "people_person", "full_name", index="people_full_name_trgm")
    assert_filtered(
        reports.overdue_reports(user=user), "trips_trip", "report_due", index="trips_report_due_open_idx"
    )
    assert_ordered(reports.overdue_reports(user=user), "trips_trip", "trips_report_due_open_idx")
    year = world.trips[3].departure_date.year
    assert_filtered(reports.counted_trips(user=user, year=year), "trips_trip", "departure_date")
    assert_ordered(reports.overrides_list(user=user), "trips_findingoverride", "trips_override_at_idx")


def test_audit_list_plans(world):
    from apps.audit import selectors

    def events(**filters):
        return selectors.filtered(filters).select_related("actor").order_by("-id")

    page = 26  # keyset_page reads one row more than a page shows

    assert_filtered(events(target_type="people.person"), "audit_auditevent", "target_type", page=page)
    assert_ordered(
        events(target_type="people.person"),
        "audit_auditevent",
        "audit_target_type_idx",
        column="target_type",
        page=page,
    )
    assert_ordered(
        events(target_type="trips.trip", target_id="7"),
        "audit_auditevent",
        "audit_target_id_idx",
        column="target_id",
        page=page,
    )
    assert_filtered(events(user=world.clerk.username), "audit_auditevent", "actor_id", page=page)
    assert_ordered(
        events(user=world.clerk.username),
        "audit_auditevent",
        "audit_actor_id_idx",
        column="actor_id",
        page=page,
    )
    assert_filtered(events(action="sensitive."), "audit_auditevent", "action", page=page)
    today = timezone.localdate()
    day = today - dt.timedelta(days=300)
    assert_filtered(
        events(date_from=day, date_to=day), "audit_auditevent", "at", index="audit_at_idx", page=page
    )


def test_people_and_passport_plans(world):
    from apps.passports import selectors as passports
    from apps.passports.filters import PassportFilter
    from apps.passports.models import Passport
    from apps.people.filters import PersonFilter

    user = world.reviewer
    person = world.trips[0].members.first().person

    def persons(**filters):
        return PersonFilter(filters, user=user).qs

    assert_ordered(persons(), "people_person", index_for("people_person", "pinyin"), tiebreak=True)
    assert_ordered(
        persons(unit=str(person.unit_id)), "people_person", "people_unit_pinyin_idx", column="unit_id"
    )
    assert_ordered(persons(archived="1"), "people_person", "people_archived_pinyin_idx")
    assert_filtered(persons(q="人员0123"), "people_person", "full_name", index="people_full_name_trgm")
    assert_filtered(persons(q="renyuan0123"), "people_person", "name_search", index="people_name_search_trgm")
    assert_filtered(persons(q=person.id_number), "people_person", "id_number_hash")

    def register(**filters):
        return PassportFilter(filters, user=user).qs

    assert_filtered(register(number="E00000123"), "passports_passport", "number_hash")
    assert_filtered(
        register(status="out"), "passports_passport", "status", index="passports_status_expiry_idx"
    )
    # overdue: the due date copied onto the passport, in the partial index of passports out (status="out")
    assert_filtered(
        register(status="overdue"), "passports_passport", "due_back", index="passports_out_due_idx"
    )
    assert_filtered(register(holder="人员0123"), "people_person", "full_name", index="people_full_name_trgm")
    assert_filtered(register(unit=str(person.unit_id)), "people_person", "unit_id")
    assert_filtered(passports.out_list(user=user), "passports_passport", "status")
    assert_filtered(
        passports.overdue_list(user=user), "passports_passport", "due_back", index="passports_out_due_idx"
    )
    assert_ordered(
        passports.expiring_list(user=user),
        "passports_passport",
        "passports_expiry_idx",
        column="expiry_date",
    )
    passport = Passport.objects.filter(status="out").first()
    assert_ordered(
        passports.custody_log(passport=passport),
        "passports_custodyevent",
        "passports_event_log_idx",
        column="passport_id",
    )


def test_login_log_and_export_plans(world):
    from apps.accounts.filters import LoginLogFilter
    from apps.exports import selectors as exports

    user = world.reviewer  # the auditor role may read the login log

    def logins(**filters):
        return LoginLogFilter(filters, user=user).qs

    assert_ordered(logins(), "accounts_loginlog", index_for("accounts_loginlog", "at"), tiebreak=True)
    assert_ordered(
        logins(outcome="locked"), "accounts_loginlog", "accounts_login_outcome_idx", column="outcome"
    )
    assert_filtered(
        logins(username="user123"), "accounts_loginlog", "username", index="accounts_loginlog_username_trgm"
    )
    assert_ordered(
        exports.job_list(user=world.clerk),
        "exports_exportjob",
        "exports_user_created_idx",
        column="user_id",
    )
