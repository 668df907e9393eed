"""The pages: what each side sees, forms that keep what was typed, print views, the seating editor."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.visits import selectors, services
from apps.visits.models import Visit

from .conftest import add_people
from .test_flow import event_data, walk_to_approval

pytestmark = pytest.mark.django_db


def test_file_a_visit_through_the_form(login, people, unit, france):
    c = login(people["clerk"])
    r = c.get(reverse("visits:new"))
    assert r.status_code == 200 and "登记来访" in r.content.decode()
    arrival = dt.date.today() + dt.timedelta(days=30)
    data = {
        "title": "法国代表团",
        "unit": unit.pk,
        "level": "important",
        "guest_country": france.pk,
        "arrival_date": arrival.isoformat(),
        "departure_date": (arrival - dt.timedelta(days=1)).isoformat(),
    }
    r = c.post(reverse("visits:new"), data)
    assert r.status_code == 200
    body = r.content.decode()
    assert "离开日期不能早于抵达日期" in body and "法国代表团" in body  # kept what was typed
    data["departure_date"] = (arrival + dt.timedelta(days=2)).isoformat()
    r = c.post(reverse("visits:new"), data)
    assert r.status_code == 302
    visit = Visit.objects.get(title="法国代表团")
    r = c.get(r["Location"])
    assert "重要外宾" in r.content.decode() and "提交" in r.content.decode()
    assert visit.state == "draft"


def test_detail_programme_and_prints(login, make_visit, people):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    e = services.event_save(
        visit=visit,
        by=people["clerk"],
        data=event_data(visit, kind="banquet", title="欢迎宴会", title_en="Welcome banquet"),
        participants=list(p.values()),
    )
    c = login(people["clerk"])
    body = c.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "欢迎宴会" in body and "座次图" in body and "马丁" in body
    r = c.get(reverse("visits:seating", args=[visit.pk, e.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and "<svg" in body and "主宾在主人右侧" in body and "座次符合礼宾规则" in body
    assert "主桌" in body
    body = c.get(reverse("visits:seating_print", args=[visit.pk, e.pk])).content.decode()
    assert "宴请座次图" in body and "Jean Martin" in body
    body = c.get(reverse("visits:programme_print", args=[visit.pk])).content.decode()
    assert "日程表" in body and "欢迎宴会" in body
    body = c.get(reverse("visits:programme_print", args=[visit.pk]) + "?lang=en").content.decode()
    assert "Welcome banquet" in body and "Programme" in body
    body = c.get(reverse("visits:name_cards", args=[visit.pk])).content.decode()
    assert "Claire Dupont" in body


def test_seating_swap_warns_and_bad_input_is_a_message(login, make_visit, people):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    e = services.event_save(
        visit=visit, by=people["clerk"], data=event_data(visit, kind="meeting"), participants=list(p.values())
    )
    c = login(people["clerk"])
    url = reverse("visits:seating", args=[visit.pk, e.pk])
    r = c.post(url, {"seat_a": "G1", "seat_b": "G1", "version": e.version})
    assert r.status_code == 400 and "请选择两个不同的座位" in r.content.decode()
    r = c.post(url, {"seat_a": "G1", "seat_b": "nonsense", "version": e.version})
    assert r.status_code == 400
    r = c.post(url, {"seat_a": "G1", "seat_b": "G2", "version": e.version})
    assert r.status_code == 302
    body = c.get(url).content.decode()
    assert "与礼宾次序不符" in body and "已人工调整" in body


def test_other_unit_gets_404(login, make_visit, people):
    visit = make_visit()
    c = login(people["other_clerk"])
    assert c.get(reverse("visits:detail", args=[visit.pk])).status_code == 404
    assert c.get(reverse("visits:programme_print", args=[visit.pk])).status_code == 404


def test_summary_then_close_by_clicking_the_forms(login, make_visit, people):
    visit = walk_to_approval(make_visit(), people)
    c = login(people["clerk"])
    r = c.post(reverse("visits:summary", args=[visit.pk]), {"summary_outcomes": "", "version": visit.version})
    assert r.status_code == 200 and "This field is required" not in r.content.decode()
    r = c.post(
        reverse("visits:summary", args=[visit.pk]), {"summary_outcomes": "成果", "version": visit.version}
    )
    assert r.status_code == 302
    visit.refresh_from_db()
    staff = login(people["staff"])
    body = staff.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert 'data-action="close"' in body
    r = staff.post(reverse("casework:transition", args=[visit.pk, "close"]), {"version": visit.version})
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.state == "closed"
    assert selectors.visit_get(user=people["clerk"], pk=visit.pk).summary_outcomes == "成果"


def test_list_filters(login, make_visit, people):
    make_visit("甲来访")
    c = login(people["clerk"])
    body = c.get(reverse("visits:list") + "?level=important").content.decode()
    assert "甲来访" in body
    r = c.get(reverse("visits:list") + "?year=abc")
    assert r.status_code == 200 and "甲来访" not in r.content.decode()


def test_edit_a_participant_through_the_form(login, make_visit, people):
    visit = make_visit()
    p = add_people(visit, people["clerk"])
    c = login(people["clerk"])
    url = reverse("visits:participant_edit", args=[visit.pk, p["g2"].pk])
    r = c.get(url)
    assert r.status_code == 200 and "杜邦" in r.content.decode()
    data = {"side": "guest", "name": "杜邦", "name_en": "Claire Dupont", "title": "副议长", "rank": 50}
    r = c.post(url, data)
    assert r.status_code == 302
    p["g2"].refresh_from_db()
    assert p["g2"].title == "副议长" and p["g2"].rank == 50
    # a host with a diplomatic rank: refused on the form, what was typed kept
    r = c.post(url, {**data, "side": "host", "diplomatic_rank": "ambassador"})
    assert r.status_code == 200 and "外交衔级只适用于外方外交官" in r.content.decode()


def test_english_catalogue_is_loaded():
    from django.utils import translation

    from apps.visits.models import EventKind, Level
    from apps.visits.protocol import RULES

    with translation.override("en"):
        assert str(EventKind.BANQUET.label) == "Banquet"
        assert str(Level.STATE.label) == "State guests"
        assert str(RULES["banquet_guest_right"].text).startswith("Banquet: the principal guest")


def test_flags_bilateral_by_host_and_multilateral_through_the_event_form(login, make_visit, people):
    from apps.reference.models import Country

    visit = make_visit()
    p = add_people(visit, people["clerk"])
    c = login(people["clerk"])
    form = {
        "kind": "signing",
        "title": "签字仪式",
        "date": visit.arrival_date.isoformat(),
        "start": "11:00",
        "end": "11:30",
        "venue": "市政府大厅",
        "participants": [p["h1"].pk, p["g1"].pk],
        "door": "long_side",
    }
    r = c.post(reverse("visits:event_new", args=[visit.pk]), form)
    assert r.status_code == 302
    e = visit.events.get(title="签字仪式")
    seating = reverse("visits:seating", args=[visit.pk, e.pk])
    body = c.get(seating).content.decode()
    # hosted by the Chinese side: the foreign flag at the place of honour (first from the audience's left)
    assert 'data-testid="flags"' in body
    assert body.index("<li>法国</li>") < body.index("<li>中国</li>")
    assert "关于涉外升旗和使用国旗的规定" in body
    # a multilateral layout needs its countries: refused on the form, what was typed kept
    edit = reverse("visits:event_edit", args=[visit.pk, e.pk])
    r = c.post(edit, {**form, "flag_layout": "row", "version": e.version})
    assert r.status_code == 200 and "请选择参加国" in r.content.decode()  # the form again, with the message
    assert 'value="签字仪式"' in r.content.decode()
    ids = [Country.objects.get(iso2=x).pk for x in ("FR", "AT", "BR")]
    for layout, expected in (
        ("row", ["奥地利", "巴西", "法国", "中国"]),  # the others alphabetical in English, China rightmost
        ("column", ["中国", "奥地利", "巴西", "法国"]),  # China at the top
    ):
        e.refresh_from_db()
        r = c.post(edit, {**form, "flag_layout": layout, "flag_countries": ids, "version": e.version})
        assert r.status_code == 302, r.content.decode()[:500]
        body = c.get(seating).content.decode()
        order = body[body.index('data-testid="flag-order"') :]
        positions = [order.index(f"<li>{name}</li>") for name in expected]
        assert positions == sorted(positions), (layout, positions)
    e.refresh_from_db()
    c.post(edit, {**form, "flag_layout": "arc", "flag_countries": ids, "version": e.version})
    body = c.get(seating).content.decode()
    order = body[body.index('data-testid="flag-order"') :]
    names = [n for n in ("奥地利", "巴西", "法国", "中国") if f"<li>{n}</li>" in order]
    ranked = sorted(names, key=lambda n: order.index(f"<li>{n}</li>"))
    assert ranked.index("中国") in (1, 2)  # in the middle of four
    body = c.get(reverse("visits:seating_print", args=[visit.pk, e.pk])).content.decode()
    assert "多边·弧形排列" in body
