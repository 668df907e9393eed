"""Seating plans against the protocol rules (domain.md §11), at their boundaries: equal ranks,
diplomatic ranks, odd and even counts, the door's position. Pictures are seen from the door: a person
seated facing the door has their right on the viewer's left (smaller x)."""

import datetime as dt
import itertools

import pytest

from apps.visits import protocol as pr
from apps.visits.protocol import GUEST, HOST, INTERPRETER, P

D = dt.date


def hosts(n, rank=40):
    return [P(f"h{i}", f"主{i}", HOST, rank=rank + i) for i in range(1, n + 1)]


def guests(n, rank=40):
    return [P(f"g{i}", f"客{i}", GUEST, rank=rank + i) for i in range(1, n + 1)]


def seat(plan, key):
    s = plan.seat_of(key)
    assert s is not None, key
    return s


# --- precedence --------------------------------------------------------------------------------------
def test_rank_first_then_notification_then_english_country_name():
    a = P("a", "甲", GUEST, rank=20, notified_on=D(2026, 5, 2), country_en="Austria")
    b = P("b", "乙", GUEST, rank=20, notified_on=D(2026, 5, 1), country_en="Zambia")
    c = P("c", "丙", GUEST, rank=20, notified_on=D(2026, 5, 1), country_en="Brazil")
    d = P("d", "丁", GUEST, rank=10, notified_on=D(2026, 6, 1), country_en="Zambia")
    assert [p.key for p in pr.by_precedence([a, b, c, d])] == ["d", "c", "b", "a"]


def test_equal_ranks_same_day_are_ordered_alphabetically_by_english_country_name():
    fr = P("fr", "法", GUEST, rank=30, notified_on=D(2026, 5, 1), country_en="France")
    fi = P("fi", "芬", GUEST, rank=30, notified_on=D(2026, 5, 1), country_en="Finland")
    de = P(
        "de", "德", GUEST, rank=30, notified_on=D(2026, 5, 1), country_en="germany"
    )  # case does not matter
    assert [p.key for p in pr.by_precedence([fr, de, fi])] == ["fi", "fr", "de"]


def test_diplomatic_ranks_in_their_order_and_same_rank_by_assumption_of_duty():
    amb_late = P(
        "amb2",
        "大使乙",
        GUEST,
        rank=20,
        diplomatic="ambassador",
        duty_since=D(2024, 3, 1),
        country_en="Austria",
    )
    amb_early = P(
        "amb1",
        "大使甲",
        GUEST,
        rank=20,
        diplomatic="ambassador",
        duty_since=D(2021, 9, 1),
        country_en="Zambia",
    )
    charge = P("ch", "代办", GUEST, rank=20, diplomatic="charge", duty_since=D(2010, 1, 1))
    charge_ai = P("chai", "临时代办", GUEST, rank=20, diplomatic="charge_ai", duty_since=D(2001, 1, 1))
    counsellor = P("co", "参赞", GUEST, rank=20, diplomatic="counsellor")
    attache = P("at", "随员", GUEST, rank=20, diplomatic="attache")
    third = P("3s", "三秘", GUEST, rank=20, diplomatic="third_secretary")
    order = pr.by_precedence([attache, charge_ai, third, amb_late, counsellor, charge, amb_early])
    # the earlier assumption of duty wins over the alphabet at the same diplomatic rank
    assert [p.key for p in order] == ["amb1", "amb2", "ch", "chai", "co", "3s", "at"]


def test_a_diplomat_and_a_non_diplomat_of_the_same_rank():
    envoy = P("e", "公使", GUEST, rank=30, diplomatic="envoy")
    mayor = P("m", "市长", GUEST, rank=30, notified_on=D(2020, 1, 1), country_en="Austria")
    assert [p.key for p in pr.by_precedence([mayor, envoy])] == ["e", "m"]


# --- meeting -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_hosts,n_guests", [(1, 1), (2, 3), (3, 2), (4, 4)])
def test_meeting_principal_guest_on_the_hosts_right_and_each_side_on_its_own(n_hosts, n_guests):
    plan = pr.meeting(hosts(n_hosts) + guests(n_guests))
    h1, g1 = seat(plan, "h1"), seat(plan, "g1")
    assert g1.x < h1.x and g1.y == h1.y  # host's right = viewer's left
    assert all(seat(plan, g.key).x < h1.x for g in guests(n_guests))
    assert all(seat(plan, h.key).x > g1.x for h in hosts(n_hosts))
    # members continue down their side in precedence
    ys = [seat(plan, f"g{i}").y for i in range(2, n_guests + 1)]
    assert ys == sorted(ys)
    assert pr.check_plan(plan) == []


def test_meeting_interpreters_sit_behind_the_principals():
    interp = P("i", "译员", HOST, role=INTERPRETER)
    plan = pr.meeting(hosts(2) + guests(2) + [interp])
    assert seat(plan, "i").y < seat(plan, "h1").y
    assert seat(plan, "i").role == INTERPRETER


# --- talks ---------------------------------------------------------------------------------------------
def offsets_right_first(n):
    return [o for o, _k in pr.side_offsets(n)]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7])
def test_odd_and_even_counts_principal_in_the_middle_right_before_left(n):
    offs = offsets_right_first(n)
    assert offs[0] == 0
    assert sorted(offs) == list(range(-((n - 1) // 2), (n - 1) // 2 + (n - 1) % 2 + 1))
    # the right side gets the extra seat when the count is even
    right, left = sum(1 for o in offs if o > 0), sum(1 for o in offs if o < 0)
    assert right - left == (0 if n % 2 else 1)
    # seniority: +1, -1, +2, -2 …
    for k in range(1, len(offs)):
        assert abs(offs[k]) == (k + 1) // 2
        assert (offs[k] > 0) == (k % 2 == 1)


@pytest.mark.parametrize("n_hosts,n_guests", [(3, 3), (4, 4), (3, 4), (2, 5), (1, 1)])
def test_talks_door_facing_a_long_side_guests_face_the_door(n_hosts, n_guests):
    plan = pr.talks(hosts(n_hosts) + guests(n_guests), door="long_side")
    door_y = plan.door[1]
    g_rows = {seat(plan, g.key).y for g in guests(n_guests)}
    h_rows = {seat(plan, h.key).y for h in hosts(n_hosts)}
    assert len(g_rows) == len(h_rows) == 1
    # guests on the far side (facing the door), hosts with their backs to it
    assert abs(door_y - g_rows.pop()) > abs(door_y - h_rows.pop())
    # principals face each other in the middle
    assert seat(plan, "g1").x == seat(plan, "h1").x
    # guest no. 2 on the guest principal's right: the guest faces the door, so the viewer's left
    if n_guests >= 2:
        assert seat(plan, "g2").x < seat(plan, "g1").x
    if n_guests >= 3:
        assert seat(plan, "g3").x > seat(plan, "g1").x
    # host no. 2 on the host principal's right: the host faces away from the door, the viewer's right
    if n_hosts >= 2:
        assert seat(plan, "h2").x > seat(plan, "h1").x
    assert pr.check_plan(plan) == []


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_talks_table_end_towards_the_door_guests_take_the_right_as_one_enters(n):
    plan = pr.talks(hosts(n) + guests(n), door="end")
    # entering from the bottom, the right is the viewer's right (larger x)
    assert all(seat(plan, g.key).x > seat(plan, h.key).x for g in guests(n) for h in hosts(n))
    assert seat(plan, "g1").y == seat(plan, "h1").y  # principals face each other in the middle
    # the guest faces left: his right is up (smaller y); the host faces right: his right is down
    assert seat(plan, "g2").y < seat(plan, "g1").y
    assert seat(plan, "h2").y > seat(plan, "h1").y
    assert pr.check_plan(plan) == []


@pytest.mark.parametrize("door", ["long_side", "end"])
def test_talks_chinese_interpreter_on_the_host_principals_right(door):
    interp = P("i", "译员", HOST, role=INTERPRETER)
    plan = pr.talks(hosts(3) + guests(3) + [interp], door=door)
    i, h1, h2, h3 = seat(plan, "i"), seat(plan, "h1"), seat(plan, "h2"), seat(plan, "h3")
    if door == "long_side":
        assert i.y == h1.y and i.x - h1.x == 70  # one seat to the host's right (viewer's right)
        assert h2.x < h1.x < h3.x  # then left, then right again
    else:
        assert i.x == h1.x and i.y - h1.y == 70
    assert pr.check_plan(plan) == []


# --- signing -----------------------------------------------------------------------------------------
def test_signing_guest_signatory_on_the_hosts_right_and_flags_by_host():
    plan = pr.signing(hosts(3) + guests(2), guest_country="法国")
    assert seat(plan, "g1").x < seat(plan, "h1").x and seat(plan, "g1").y == seat(plan, "h1").y
    # others behind their own signatory
    assert seat(plan, "g2").y < seat(plan, "g1").y and seat(plan, "g2").x <= seat(plan, "g1").x
    assert seat(plan, "h3").x > seat(plan, "h1").x
    # hosted by the Chinese side: the foreign flag at the place of honour (the viewer's left)
    assert [f[2] for f in sorted(plan.flags)] == ["法国", "中国"]
    foreign_host = pr.signing(hosts(1) + guests(1), guest_country="法国", hosted_by=GUEST)
    assert [f[2] for f in sorted(foreign_host.flags)] == ["中国", "法国"]


def test_multilateral_flags_row_column_arc():
    countries = ["中国", "France", "Austria", "Brazil"]
    assert pr.multilateral_flags(countries, layout="row")[-1] == "中国"
    assert pr.multilateral_flags(countries, layout="column")[0] == "中国"
    arc = pr.multilateral_flags(countries, layout="arc")
    assert arc[len(arc) // 2] == "中国" or arc[(len(arc) - 1) // 2] == "中国"


# --- banquet -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [8, 9, 10, 11, 12])
def test_banquet_principal_guest_right_second_guest_left_second_host_opposite(size):
    plan = pr.banquet(hosts(3) + guests(5), table_size=size)
    h1, g1, g2 = seat(plan, "h1"), seat(plan, "g1"), seat(plan, "g2")
    t = plan.tables[0]
    assert h1.y < t.y  # the host at the top, facing the door
    assert g1.x < h1.x and g2.x > h1.x  # principal guest on the host's right, second on his left
    h2 = seat(plan, "h2")
    assert h2.y > t.y  # the second host opposite
    g3, g4 = seat(plan, "g3"), seat(plan, "g4")
    # the second host faces the host: his right is the viewer's right
    assert g3.x > h2.x and g4.x < h2.x
    assert abs(g3.y - h2.y) < 60 and abs(g4.y - h2.y) < 60
    assert pr.check_plan(plan) == []


def test_banquet_tables_numbered_by_distance_right_above_left():
    plan = pr.banquet(hosts(12) + guests(28), table_size=10)
    assert [t.number for t in plan.tables] == [1, 2, 3, 4]
    main = plan.tables[0]
    dist = [((t.x - main.x) ** 2 + (t.y - main.y) ** 2) ** 0.5 for t in plan.tables]
    assert dist == sorted(dist)
    t3, t4 = plan.tables[2], plan.tables[3]
    assert dist[2] == dist[3] and t3.x < t4.x  # equal distance: the host's right (viewer's left) first
    # the most senior people are at the main table
    main_people = {s.person.key for s in plan.seats if s.group == "T001" and s.person}
    assert {"h1", "h2", "g1", "g2", "g3", "g4"} <= main_people
    assert pr.check_plan(plan) == []


def test_banquet_even_and_odd_people_all_seated_once():
    for n_h, n_g in [(1, 1), (2, 3), (5, 6), (7, 14)]:
        plan = pr.banquet(hosts(n_h) + guests(n_g), table_size=10)
        seated = [s.person.key for s in plan.seats if s.person]
        assert sorted(seated) == sorted([p.key for p in hosts(n_h) + guests(n_g)])


# --- group photo -------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_hosts,n_guests", [(1, 1), (2, 2), (3, 4), (4, 3), (5, 5), (2, 6)])
def test_group_photo_host_in_the_middle_guest_on_his_right_alternating(n_hosts, n_guests):
    plan = pr.group_photo(hosts(n_hosts) + guests(n_guests), row_size=20)
    h1, g1 = seat(plan, "h1"), seat(plan, "g1")
    row = sorted((s for s in plan.seats if s.person), key=lambda s: s.x)
    xs = [s.x for s in row]
    assert h1.x == pytest.approx((min(xs) + max(xs)) / 2, abs=32)  # the middle (an even count: one off)
    assert g1.x == h1.x - 62  # on the host's right = the viewer's left
    if n_guests >= 2:
        assert seat(plan, "g2").x == h1.x + 62
    # the two neighbours of the host are guests (alternating from the centre)
    centre = [s.person.key for s in row].index("h1")
    neighbours = [row[i].person.side for i in (centre - 1, centre + 1) if 0 <= i < len(row)]
    assert neighbours[0] == GUEST
    assert pr.check_plan(plan) == []


def test_group_photo_alternates_exactly_when_both_sides_are_equal():
    plan = pr.group_photo(hosts(3) + guests(4), row_size=20)
    row = sorted(plan.seats, key=lambda s: s.x)
    sides = [s.person.side for s in row]
    assert all(a != b for a, b in itertools.pairwise(sides))


def test_group_photo_second_row_when_the_first_is_full():
    plan = pr.group_photo(hosts(6) + guests(8), row_size=11)
    rows = {s.y for s in plan.seats}
    assert len(rows) == 2
    front = max(rows)
    assert seat(plan, "h1").y == front and seat(plan, "g1").y == front


# --- editing -----------------------------------------------------------------------------------------
def test_check_plan_warns_when_an_edit_breaks_a_rule():
    plan = pr.talks(hosts(3) + guests(3), door="long_side")
    people = {p.key: p for p in plan_people(plan)}
    # swap the principal guest with guest no. 3
    a = {s.key: s.person.key for s in plan.seats}
    a["G1"], a["G3"] = a["G3"], a["G1"]
    pr.apply_assignment(plan, a, people)
    warnings = pr.check_plan(plan)
    assert warnings and "客3" in str(warnings[0].text)
    # a guest in a host's seat
    plan = pr.meeting(hosts(2) + guests(2))
    a = {s.key: s.person.key for s in plan.seats}
    a["H2"], a["G2"] = a["G2"], a["H2"]
    pr.apply_assignment(plan, a, {p.key: p for p in hosts(2) + guests(2)})
    texts = [str(w.text) for w in pr.check_plan(plan)]
    assert any("客2" in t for t in texts) and any("主2" in t for t in texts)


def plan_people(plan):
    return [s.person for s in plan.seats if s.person]


def test_every_rule_has_a_citation():
    assert all(r.citation for r in pr.RULES.values())
    plan = pr.banquet(hosts(2) + guests(2))
    assert {r.code for r in plan.rules()} >= {"right_senior", "precedence", "banquet_guest_right"}
