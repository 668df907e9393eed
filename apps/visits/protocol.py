"""Protocol by rule (礼宾): order of precedence, seating plans per event type, flags, introductions.

Pure functions over plain data (no database): the visit's pages, the print views and the tests call
them alike. The rules are data (:data:`RULES`, each with its citation); every seat a plan makes carries
the rule that put it there, and :func:`check_plan` re-checks an edited plan against the same rules.

Geometry: every picture is drawn as seen **from the door / the audience / the camera** (the door at the
bottom). A person seated at the top facing the door has their right on the viewer's LEFT. "Right is
senior" (以右为尊) is always the right of the person who sits there.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import conf

HOST, GUEST = "host", "guest"
INTERPRETER = "interpreter"


@dataclass(frozen=True)
class ProtocolRule:
    code: str
    text: str
    citation: str


def _rule(code, text, citation=conf.PROTOCOL_SOURCE):
    return ProtocolRule(code, text, citation)


RULES: dict[str, ProtocolRule] = {
    r.code: r
    for r in [
        _rule("right_senior", _("涉外活动以右为尊（国内活动以左为尊）")),
        _rule("precedence", _("礼宾次序：先按职级，再按通知（抵达、答复）日期先后，再按国名英文字母顺序")),
        _rule("diplomatic", conf.DIPLOMATIC_ORDER.citation, conf.DIPLOMATIC_ORDER.citation),
        _rule(
            "meeting_guest_right", _("会见：主人在左，主宾在主人右侧；双方其他人员按礼宾次序在各自一侧就座")
        ),
        _rule("meeting_staff_behind", _("会见：译员、记录员坐在主人和主宾后面")),
        _rule("talks_door_long", _("会谈（长桌横放）：宾客面向正门，主人背门而坐")),
        _rule("talks_door_end", _("会谈（长桌一端向门）：以进门方向为准，宾客居右，主人居左")),
        _rule("talks_center", _("会谈：主谈人居中，其他人员按礼宾次序先右后左依次排列")),
        _rule("talks_interpreter", _("会谈：中方译员坐在主谈人右侧")),
        _rule("signing_guest_right", _("签字：客方签字人在主方签字人右侧，双方其他人员站在各自签字人之后")),
        _rule("banquet_guest_right", _("宴请：主宾在主人右侧，第二宾在主人左侧")),
        _rule("banquet_second_host", _("宴请：第二主人坐在主人对面，第三、第四宾分坐第二主人右侧和左侧")),
        _rule("banquet_tables", _("宴请：主桌为上；其他桌次离主桌近者为上，同等距离右高左低")),
        _rule("photo_alternate", _("合影：主人居中，主人右侧为上，主客双方间隔排列")),
        _rule(
            "flag_bilateral",
            _("双边活动：我方主办时外国国旗居上（旗之右侧），外方主办时中国国旗居上"),
            conf.FLAG_SOURCE,
        ),
        _rule(
            "flag_multilateral",
            _("多边活动：一列排列中国国旗居右（面向观众），纵列居首，弧形或从中间向两旁排列居中"),
            conf.FLAG_SOURCE,
        ),
        _rule("side", _("主客双方各坐本方一侧")),
    ]
}


# --- people and precedence ------------------------------------------------------------------------------
@dataclass(frozen=True)
class P:
    """A participant as the engine sees them."""

    key: str
    name: str
    side: str  # HOST or GUEST
    rank: int = 90  # lower is more senior (RankLevel)
    diplomatic: str = ""  # a code of conf.DIPLOMATIC_ORDER, or ""
    duty_since: dt.date | None = None  # diplomats: assumption of duty
    notified_on: dt.date | None = None
    country_en: str = ""
    name_en: str = ""
    role: str = ""  # "" or INTERPRETER
    title: str = ""


def precedence_key(p: P) -> tuple:
    """Rank first; diplomats by diplomatic rank, the same rank by earlier assumption of duty; then the
    date of notification; then the country's English name (domain.md §11)."""
    order = list(conf.DIPLOMATIC_ORDER.value)
    dip = order.index(p.diplomatic) if p.diplomatic in order else len(order)
    far = dt.date.max
    return (
        p.rank,
        dip,
        (p.duty_since or far) if p.diplomatic else far,
        p.notified_on or far,
        p.country_en.casefold(),
        p.name_en.casefold(),
        p.name,
        p.key,
    )


def by_precedence(people) -> list[P]:
    return sorted(people, key=precedence_key)


def introduction_order(hosts, guests) -> list[P]:
    """The host introduces the host side first, then the guests are introduced, each in precedence."""
    return by_precedence([h for h in hosts if h.role != INTERPRETER]) + by_precedence(
        [g for g in guests if g.role != INTERPRETER]
    )


# --- plans ---------------------------------------------------------------------------------------------
@dataclass
class Seat:
    key: str
    side: str  # HOST / GUEST: whose seat it is
    seniority: int  # 1 = the most senior seat of its side (within its group)
    x: float
    y: float
    rule: str  # code in RULES
    label: str = ""
    group: str = ""  # a table, a row: seniority is compared inside one group
    role: str = ""  # INTERPRETER for an interpreter's seat
    person: P | None = None

    @property
    def short(self) -> str:
        """The label inside the seat's circle: 客1, 主2, 译 (banquet and photo: the seat's number)."""
        if self.key.startswith(("T", "R")):
            return self.key.split("-")[1]
        if self.role == INTERPRETER:
            return str(_("译"))
        return f"{_('客') if self.side == GUEST else _('主')}{self.key[1:]}"

    @property
    def display(self) -> str:
        """The seat's name for people: 客方1 / 主方2 / 译员1, 1号桌3座, 第1排2位."""
        if self.key.startswith("T"):
            table, seat = self.key[1:].split("-")
            return _("%(t)s号桌%(s)s座") % {"t": table, "s": seat}
        if self.key.startswith("R"):
            row, pos = self.key[1:].split("-")
            return _("第%(r)s排%(p)s位") % {"r": row, "p": pos}
        if self.role == INTERPRETER:
            return _("%(side)s译员%(n)s") % {
                "side": _("客方") if self.side == GUEST else _("主方"),
                "n": self.key[2:],
            }
        return (_("客方%(n)s") if self.side == GUEST else _("主方%(n)s")) % {"n": self.key[1:]}


@dataclass
class Table:
    number: int
    x: float
    y: float
    r: float = 0
    w: float = 0
    h: float = 0
    shape: str = "round"


@dataclass
class Plan:
    kind: str
    seats: list[Seat]
    tables: list[Table] = field(default_factory=list)
    door: tuple[float, float] = (400, 560)
    flags: list[tuple[float, float, str]] = field(default_factory=list)
    width: int = 800
    height: int = 600
    options: dict = field(default_factory=dict)

    def seat_of(self, key: str) -> Seat | None:
        for s in self.seats:
            if s.person and s.person.key == key:
                return s
        return None

    def rules(self) -> list[ProtocolRule]:
        seen = []
        for code in ["right_senior", "precedence", *[s.rule for s in self.seats]]:
            if code not in seen:
                seen.append(code)
        return [RULES[c] for c in seen]

    def assignment(self) -> dict[str, str]:
        return {s.key: s.person.key for s in self.seats if s.person}


def _fill(seats: list[Seat], people: list[P]) -> None:
    """Fill each group's seats of each side with that side's people in precedence (most senior seat
    first); seats are listed by group in the order the people go to them."""
    queues = {
        (side, role): by_precedence(
            [p for p in people if p.side == side and (p.role == INTERPRETER) == bool(role)]
        )
        for side in (HOST, GUEST)
        for role in ("", INTERPRETER)
    }
    for seat in sorted(seats, key=lambda s: (s.group, s.seniority)):
        q = queues[(seat.side, seat.role)]
        seat.person = q.pop(0) if q else None


def _split(people):
    hosts = [p for p in people if p.side == HOST and p.role != INTERPRETER]
    guests = [p for p in people if p.side == GUEST and p.role != INTERPRETER]
    interp = {s: [p for p in people if p.side == s and p.role == INTERPRETER] for s in (HOST, GUEST)}
    return hosts, guests, interp


def side_offsets(n: int, *, interpreter: bool = False) -> list[tuple[int, str]]:
    """Offsets (in the sitter's own frame: + = their right) of ``n`` seats in one row, in seniority:
    the principal in the middle (0), then right before left going outward (+1, -1, +2, -2 …). With an
    interpreter the first seat after the principal (+1, the principal's right) is the interpreter's.
    Returns ``(offset, kind)`` with kind "principal", "interpreter" or "member"."""
    out = []
    k = 0
    while len(out) < n:
        if k == 0:
            out.append((0, "principal"))
        else:
            out.append((k, "member"))
            if len(out) < n:
                out.append((-k, "member"))
        k += 1
    if interpreter and n > 1:
        out[1] = (out[1][0], "interpreter")
    return out[:n]


def meeting(people) -> Plan:
    """会见: principals side by side facing the door, the principal guest on the host's right
    (the viewer's left); each side continues down its own side of the room."""
    hosts, guests, interp = _split(people)
    seats = []
    cx, top = 400, 110
    for i in range(len(guests)):
        if i == 0:
            x, y = cx - 45, top
        else:
            x, y = 180, top + 40 + 55 * i
        seats.append(
            Seat(
                f"G{i + 1}",
                GUEST,
                i + 1,
                x,
                y,
                "meeting_guest_right" if i == 0 else "side",
                _("主宾") if i == 0 else "",
            )
        )
    for i in range(len(hosts)):
        if i == 0:
            x, y = cx + 45, top
        else:
            x, y = 620, top + 40 + 55 * i
        seats.append(
            Seat(
                f"H{i + 1}",
                HOST,
                i + 1,
                x,
                y,
                "meeting_guest_right" if i == 0 else "side",
                _("主人") if i == 0 else "",
            )
        )
    for side, x0 in ((GUEST, cx - 45), (HOST, cx + 45)):
        for j, _p in enumerate(interp[side]):
            seats.append(
                Seat(
                    f"{side[0].upper()}I{j + 1}",
                    side,
                    j + 1,
                    x0 + (j * 30 if side == HOST else -j * 30),
                    top - 60,
                    "meeting_staff_behind",
                    _("译员"),
                    group="staff",
                    role=INTERPRETER,
                )
            )
    plan = Plan("meeting", seats)
    _fill(plan.seats, people)
    return plan


def talks(people, *, door: str = "long_side") -> Plan:
    """会谈 at a long table. ``door="long_side"``: the door faces a long side — guests sit facing the
    door (the far side), hosts with their backs to it. ``door="end"``: the table's end points at the door —
    the guests take the right side as one enters. Principals face each other in the middle; the others
    right before left going outward; the Chinese interpreter on the host principal's right."""
    hosts, guests, interp = _split(people)
    seats: list[Seat] = []
    step = 70
    for side, members, interps in ((GUEST, guests, interp[GUEST]), (HOST, hosts, interp[HOST])):
        has_interp = bool(interps) and side == HOST
        n = len(members) + (1 if has_interp else 0)
        extra = interps if side == GUEST else interps[1:]  # further interpreters sit behind
        member_i = interp_i = 0
        for offset, kind in side_offsets(n, interpreter=has_interp):
            # a "+" offset is the sitter's right; map it to the room
            if door == "end":
                # guests on the viewer's right column facing left: their right is up (-y);
                # hosts on the left column facing right: their right is down (+y)
                x = 560 if side == GUEST else 240
                y = 300 + (-offset if side == GUEST else offset) * step
            else:
                # guests on the far side facing the door: their right is the viewer's left (-x);
                # hosts on the near side facing away from the door: their right is the viewer's right
                y = 170 if side == GUEST else 390
                x = 400 + (-offset if side == GUEST else offset) * step
            if kind == "interpreter":
                interp_i += 1
                seats.append(
                    Seat(
                        f"{side[0].upper()}I{interp_i}",
                        side,
                        interp_i,
                        x,
                        y,
                        "talks_interpreter",
                        _("译员"),
                        group="interp",
                        role=INTERPRETER,
                    )
                )
                continue
            member_i += 1
            rule = (
                ("talks_door_end" if door == "end" else "talks_door_long")
                if member_i == 1
                else "talks_center"
            )
            label = _("主谈人") if member_i == 1 else ""
            seats.append(Seat(f"{side[0].upper()}{member_i}", side, member_i, x, y, rule, label))
        for _j, _p in enumerate(extra):
            interp_i += 1
            if door == "end":
                x, y = (640 if side == GUEST else 160), 300
            else:
                x, y = 400, (100 if side == GUEST else 460)
            seats.append(
                Seat(
                    f"{side[0].upper()}I{interp_i}",
                    side,
                    interp_i,
                    x,
                    y,
                    "meeting_staff_behind",
                    _("译员"),
                    group="interp",
                    role=INTERPRETER,
                )
            )
    xs = [s.x for s in seats if s.group != "interp" or s.rule == "talks_interpreter"] or [400]
    ys = [s.y for s in seats if s.group != "interp" or s.rule == "talks_interpreter"] or [300]
    if door == "end":
        table = Table(1, 400, (min(ys) + max(ys)) / 2, w=200, h=max(ys) - min(ys) + 80, shape="rect")
    else:
        table = Table(1, (min(xs) + max(xs)) / 2, 280, w=max(xs) - min(xs) + 80, h=120, shape="rect")
    plan = Plan("talks", seats, tables=[table], options={"door": door})
    plan.width = int(max(800, max(xs) + 120))
    plan.height = int(max(600, max(ys) + 140))
    plan.door = (plan.width / 2, plan.height - 30)
    _fill(plan.seats, people)
    return plan


def signing(people, *, guest_country: str = "", host_country: str = "中国", hosted_by: str = HOST) -> Plan:
    """签字: the signatories behind the table facing the audience, the guest signatory on the host's right
    (the viewer's left); the others stand behind their own signatory, the senior nearest the middle."""
    hosts, guests, _interp = _split(people)
    seats = [
        Seat("G1", GUEST, 1, 340, 200, "signing_guest_right", _("客方签字人")) if guests else None,
        Seat("H1", HOST, 1, 460, 200, "signing_guest_right", _("主方签字人")) if hosts else None,
    ]
    seats = [s for s in seats if s]
    for side, members in ((GUEST, guests), (HOST, hosts)):
        for i in range(1, len(members)):
            row, col = divmod(i - 1, 5)
            x = (340 - col * 60) if side == GUEST else (460 + col * 60)
            seats.append(
                Seat(f"{side[0].upper()}{i + 1}", side, i + 1, x, 110 - row * 55, "signing_guest_right")
            )
    plan = Plan("signing", seats, tables=[Table(1, 400, 240, w=360, h=50, shape="rect")])
    plan.flags = bilateral_flags(
        host_country=host_country,
        guest_country=guest_country,
        hosted_by=hosted_by,
        x_left=300,
        x_right=500,
        y=265,
    )
    _fill(plan.seats, people)
    return plan


def _round_positions(k: int) -> list[int]:
    """Seat indices of a round table of ``k`` seats in seniority after the host (index 0): the host's
    right before the left going round (1, k-1, 2, k-2, …)."""
    order, i = [], 1
    while len(order) < k - 1:
        order.append(i)
        if len(order) < k - 1 and k - i != i:
            order.append(k - i)
        i += 1
    return order


def _table_slots(k: int, n_hosts: int, n_guests: int) -> list[tuple[int, str, str, str]]:
    """(seat index, side, rule, label) for one round table: host at 0 facing the door, principal guest
    on the host's right (1), second guest on the host's left (k-1); the second host opposite with the
    third and fourth guests on his right and left; the other seats by closeness to the host, alternating
    guests and hosts while both remain."""
    slots: list[tuple[int, str, str, str]] = []
    used: set[int] = set()
    hosts_left, guests_left = n_hosts, n_guests

    def take(i, side, rule, label=""):
        nonlocal hosts_left, guests_left
        slots.append((i, side, rule, label))
        used.add(i)
        if side == HOST:
            hosts_left -= 1
        else:
            guests_left -= 1

    total = min(k, n_hosts + n_guests)
    if hosts_left:
        take(0, HOST, "banquet_guest_right", _("主人"))
    if guests_left:
        take(1 if hosts_left < n_hosts else 0, GUEST, "banquet_guest_right", _("主宾"))
    if guests_left and 0 in used and k > 2:
        take(k - 1, GUEST, "banquet_guest_right", _("第二宾"))
    opp = k // 2
    if hosts_left and k >= 4 and opp not in used:
        # the second host faces the host: his right is the host's left side of the table
        take(opp, HOST, "banquet_second_host", _("第二主人"))
        if guests_left and opp + 1 not in used:
            take(opp + 1, GUEST, "banquet_second_host", _("第三宾"))
        if guests_left and opp - 1 not in used:
            take(opp - 1, GUEST, "banquet_second_host", _("第四宾"))
    want_guest = True
    for i in [0, *_round_positions(k)]:
        if len(slots) >= total:
            break
        if i in used:
            continue
        side = GUEST if (want_guest and guests_left) or not hosts_left else HOST
        take(i, side, "side")
        want_guest = not want_guest
    return slots


def table_order(count: int) -> list[tuple[float, float]]:
    """Grid positions (column, row) of the tables after the main one, numbered by distance from the main
    table (at (0, 0)); at the same distance the host's right (the viewer's left, column < 0) first."""
    cells = [(c, r) for r in range(1, count + 2) for c in (-1, 0, 1)]
    cells.sort(
        key=lambda cr: (round(math.hypot(cr[0], cr[1]), 6), 0 if cr[0] < 0 else (1 if cr[0] == 0 else 2))
    )
    return cells[:count]


def banquet(people, *, table_size: int | None = None) -> Plan:
    """宴请 at round tables of ``table_size`` seats: the main table (1) at the top, the others numbered by
    distance from it, right above left; at each table the host faces the door (drawn at the top)."""
    k = int(table_size or conf.BANQUET_TABLE_SIZE.value)
    k = max(k, 2)
    hosts, guests, _interp = _split(people)
    hosts, guests = by_precedence(hosts), by_precedence(guests)
    # who sits at which table: the main table takes the senior people of both sides in proportion
    chunks = []
    n = len(hosts) + len(guests)
    n_tables = max(1, math.ceil(n / k))
    hi = gi = 0
    for t in range(n_tables):
        left = n - hi - gi
        size = min(k, left)
        tables_left = n_tables - t
        h = min(len(hosts) - hi, max(1 if len(hosts) - hi else 0, round((len(hosts) - hi) / tables_left)))
        g = min(len(guests) - gi, size - h)
        h = size - g
        chunks.append((hosts[hi : hi + h], guests[gi : gi + g]))
        hi, gi = hi + h, gi + g
    positions = [(0, 0), *table_order(n_tables - 1)]
    seats, tables = [], []
    radius = 70 if k <= 12 else 90
    wide = any(c for c, _r in positions[:n_tables])
    centre = 560 if wide else 400
    for number, ((th, tg), (c, r)) in enumerate(zip(chunks, positions, strict=False), start=1):
        tx, ty = centre + c * 320, 150 + r * 320
        tables.append(Table(number, tx, ty, r=radius))
        seniority = {HOST: 0, GUEST: 0}
        for i, side, rule, label in _table_slots(k, len(th), len(tg)):
            # seat 0 at the top (the host, facing the door); increasing i goes round to the viewer's left,
            # which is the host's right
            theta = 2 * math.pi * i / k
            sx = tx - (radius + 26) * math.sin(theta)
            sy = ty - (radius + 26) * math.cos(theta)
            seniority[side] += 1
            rule = "banquet_tables" if (rule == "side" and number > 1) else rule
            seats.append(
                Seat(
                    f"T{number}-{i + 1}",
                    side,
                    seniority[side],
                    round(sx, 1),
                    round(sy, 1),
                    rule,
                    label if number == 1 or label == _("主人") else "",
                    group=f"T{number:03d}",
                )
            )
        # the table's own people fill its seats
        _fill([s for s in seats if s.group == f"T{number:03d}"], [*th, *tg])
    plan = Plan("banquet", seats, tables=tables, options={"table_size": k})
    plan.width = 2 * centre
    plan.height = int(max(600, max((t.y for t in tables), default=0) + radius + 170))
    plan.door = (centre, plan.height - 30)
    return plan


def group_photo(people, *, row_size: int | None = None) -> Plan:
    """合影: the host in the middle, the principal guest on the host's right (the viewer's left), hosts
    and guests alternating outward; a second row when the first is full."""
    size = int(row_size or conf.PHOTO_ROW_SIZE.value)
    hosts, guests, _interp = _split(people)
    hq, gq = len(hosts), len(guests)
    n = hq + gq
    seats = []
    row, placed = 0, 0
    while placed < n:
        in_row = min(size, n - placed)
        offsets = side_offsets(in_row)
        for idx, (offset, _kind) in enumerate(offsets):
            k = abs(offset)
            want = HOST if k % 2 == 0 else GUEST  # centre host, then guest, host … outward
            side = want if (hq if want == HOST else gq) else (GUEST if want == HOST else HOST)
            if side == HOST:
                hq -= 1
            else:
                gq -= 1
            # the host faces the camera: their right (+offset) is the viewer's left (-x)
            seats.append(
                Seat(
                    f"R{row + 1}-{idx + 1}",
                    side,
                    0,
                    400 - offset * 62,
                    200 - row * 80,
                    "photo_alternate",
                    _("主人") if (row == 0 and idx == 0) else "",
                )
            )
        placed += in_row
        row += 1
    # seniority per side in the order the seats were made (row by row, centre outward, right first)
    counters = {HOST: 0, GUEST: 0}
    for s in seats:
        counters[s.side] += 1
        s.seniority = counters[s.side]
    plan = Plan("photo", seats)
    plan.width = max(800, int(2 * (min(size, n) // 2 + 1) * 62 + 100))
    for s in plan.seats:
        s.x += (plan.width - 800) / 2
    plan.height = 360
    plan.door = (plan.width / 2, 330)
    _fill(plan.seats, people)
    return plan


GENERATORS = {
    "meeting": meeting,
    "talks": talks,
    "signing": signing,
    "banquet": banquet,
    "photo": group_photo,
}


def generate(kind: str, people, **options) -> Plan | None:
    gen = GENERATORS.get(kind)
    if gen is None:
        return None
    allowed = {
        "talks": {"door"},
        "banquet": {"table_size"},
        "photo": {"row_size"},
        "signing": {"guest_country", "host_country", "hosted_by"},
    }.get(kind, set())
    return gen(people, **{k: v for k, v in options.items() if k in allowed})


# --- flags ---------------------------------------------------------------------------------------------
def bilateral_flags(
    *, host_country: str, guest_country: str, hosted_by: str = HOST, x_left=300, x_right=500, y=80
):
    """Two flags facing the audience. The place of honour is the flag's own right (the viewer's left):
    the foreign flag when the Chinese side hosts, the Chinese flag when the foreign side hosts."""
    if not guest_country:
        return []
    honour, other = (guest_country, host_country) if hosted_by == HOST else (host_country, guest_country)
    return [(x_left, y, honour), (x_right, y, other)]


def multilateral_flags(countries: list[str], *, layout: str = "row", china: str = "中国") -> list[str]:
    """Flags of a multilateral event in China, in the order they stand. ``row``: one row facing the
    audience, listed from the viewer's left to right — the Chinese flag rightmost, the others in
    English alphabetical order. ``column``: top to bottom, the Chinese flag first. ``arc``: left to right
    from the centre outward, the Chinese flag in the centre."""
    others = [c for c in countries if c != china]
    if layout == "column":
        return [china, *others]
    if layout == "arc":
        out = [china]
        for i, c in enumerate(others):
            # the centre's right (the viewer's left) first
            if i % 2 == 0:
                out.insert(0, c)
            else:
                out.append(c)
        return out
    return [*others, china]


# --- checking a plan (the editor's warnings) ---------------------------------------------------------
@dataclass(frozen=True)
class Warning_:
    text: str
    rule: ProtocolRule


def check_plan(plan: Plan) -> list[Warning_]:
    """The rules an (edited) plan breaks: a seat of one side taken by the other side, an interpreter's
    seat taken by someone else (or the reverse), and within each group a junior person in a seat senior
    to a more senior person of the same side."""
    out: list[Warning_] = []
    for s in plan.seats:
        if not s.person:
            continue
        if s.person.side != s.side:
            out.append(
                Warning_(
                    _("%(name)s 坐在了%(side)s的位置上")
                    % {"name": s.person.name, "side": _("客方") if s.side == GUEST else _("主方")},
                    RULES["side"],
                )
            )
        if (s.person.role == INTERPRETER) != (s.role == INTERPRETER):
            out.append(
                Warning_(
                    _("%(name)s 的位置与其身份（译员）不符") % {"name": s.person.name},
                    RULES.get(s.rule) or RULES["side"],
                )
            )
    groups: dict[tuple[str, str, str], list[Seat]] = {}
    for s in plan.seats:
        if s.person and s.person.side == s.side:
            groups.setdefault((s.group, s.side, s.role), []).append(s)
    for seats in groups.values():
        seats.sort(key=lambda s: s.seniority)
        for a, b in itertools.pairwise(seats):
            if precedence_key(a.person) > precedence_key(b.person):
                out.append(
                    Warning_(
                        _("%(junior)s 的座位高于 %(senior)s，与礼宾次序不符")
                        % {"junior": a.person.name, "senior": b.person.name},
                        RULES.get(a.rule) if a.rule != "side" else RULES["precedence"],
                    )
                )
    return out


def apply_assignment(plan: Plan, assignment: dict[str, str], people: dict[str, P]) -> Plan:
    """Seat people as an edited plan has them (seat key → person key); seats not in ``assignment`` keep
    the generated person; unknown keys are ignored."""
    for s in plan.seats:
        if s.key in assignment:
            s.person = people.get(assignment[s.key])
    return plan
