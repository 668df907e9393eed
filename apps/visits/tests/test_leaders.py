"""市领导名单: the secretariat keeps the list of leaders on a page and through the API (no delete)."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.visits.models import Leader

J = "application/json"
pytestmark = pytest.mark.django_db


def _audits(leader):
    return AuditEvent.objects.filter(
        action="visits.calendar_save", target_id=str(leader.pk), target_type__icontains="leader"
    )


def test_secretariat_creates_edits_and_deactivates_a_leader_on_the_page(login, people, make_user):
    sec = login(people["staff"])
    body = sec.get(reverse("visits:calendar")).content.decode()
    assert reverse("visits:leader_list") in body  # reached from the calendar
    mayor_user = make_user("mayor_account")
    r = sec.post(
        reverse("visits:leader_new"),
        {
            "title": "市长",
            "name": "赵一",
            "rank": "40",
            "user": mayor_user.pk,
            "order": "1",
            "is_active": "on",
        },
    )
    assert r.status_code == 302 and r["Location"] == reverse("visits:leader_list")
    leader = Leader.objects.get(name="赵一")
    assert (leader.title, leader.rank, leader.user, leader.order, leader.is_active) == (
        "市长",
        40,
        mayor_user,
        1,
        True,
    )
    assert _audits(leader).count() == 1
    # edit, then deactivate (unticked box): the row stays, listed as not serving, out of the calendar
    url = reverse("visits:leader_edit", args=[leader.pk])
    assert "赵一" in sec.get(url).content.decode()
    data = {"title": "市长", "name": "赵一", "rank": "30", "user": "", "order": "2", "is_active": "on"}
    assert sec.post(url, data).status_code == 302
    leader.refresh_from_db()
    assert (leader.rank, leader.user, leader.order) == (30, None, 2)
    assert _audits(leader).count() == 2
    assert _audits(leader).latest("id").changes  # the diff is recorded
    assert sec.post(url, {**data, "is_active": ""}).status_code == 302
    leader.refresh_from_db()
    assert leader.is_active is False and _audits(leader).count() == 3
    listing = sec.get(reverse("visits:leader_list")).content.decode()
    assert "赵一" in listing and "不在任" in listing and "副部长级" in listing
    api_names = [x["name"] for x in sec.get("/api/visits/calendar/leaders").json()]
    assert "赵一" not in api_names  # the calendar reads serving leaders only


def test_invalid_leader_form_keeps_the_input(login, people, make_user):
    sec = login(people["staff"])
    r = sec.post(reverse("visits:leader_new"), {"title": "副市长", "name": "", "rank": "50", "order": "x"})
    body = r.content.decode()
    assert r.status_code == 200 and 'value="副市长"' in body and not Leader.objects.exists()
    # an account already linked to another leader: refused on the form, what was typed kept
    account = make_user("linked")
    Leader.objects.create(name="钱二", title="市长", user=account)
    r = sec.post(
        reverse("visits:leader_new"),
        {
            "title": "副市长",
            "name": "孙三",
            "rank": "50",
            "user": account.pk,
            "order": "5",
            "is_active": "on",
        },
    )
    body = r.content.decode()
    assert r.status_code == 400 and "该账号已关联其他市领导" in body and 'value="孙三"' in body
    assert not Leader.objects.filter(name="孙三").exists()


def test_a_unit_clerk_may_not_keep_the_list(login, people):
    leader = Leader.objects.create(name="钱二", title="市长")
    cl = login(people["clerk"])
    assert cl.get(reverse("visits:leader_list")).status_code == 403
    assert cl.get(reverse("visits:leader_edit", args=[leader.pk])).status_code == 403
    r = cl.post(reverse("visits:leader_new"), {"title": "市长", "name": "李四", "rank": "40", "order": "1"})
    assert r.status_code == 403 and not Leader.objects.filter(name="李四").exists()
    assert (
        cl.post("/api/visits/calendar/leaders", {"name": "李四", "title": "市长"}, content_type=J).status_code
        == 403
    )
    r = cl.put(f"/api/visits/calendar/leaders/{leader.pk}", {"name": "改名", "title": "市长"}, content_type=J)
    assert r.status_code == 403
    leader.refresh_from_db()
    assert leader.name == "钱二"


def test_secretariat_keeps_the_list_through_the_api(login, people, make_user):
    sec = login(people["staff"])
    account = make_user("vice_account")
    r = sec.post(
        "/api/visits/calendar/leaders",
        {"name": "周五", "title": "副市长", "rank": 50, "user_id": account.pk, "order": 3},
        content_type=J,
    )
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["rank_label"] == "副厅局级" and out["user_id"] == account.pk and out["is_active"] is True
    leader = Leader.objects.get(pk=out["id"])
    assert _audits(leader).count() == 1
    r = sec.put(
        f"/api/visits/calendar/leaders/{leader.pk}",
        {
            "name": "周五",
            "title": "常务副市长",
            "rank": 50,
            "user_id": account.pk,
            "order": 2,
            "is_active": False,
        },
        content_type=J,
    )
    assert r.status_code == 200 and r.json()["title"] == "常务副市长" and r.json()["is_active"] is False
    leader.refresh_from_db()
    assert leader.is_active is False and _audits(leader).count() == 2
    # still editable (reactivated) though no longer in the calendar's list
    again = {"name": "周五", "title": "副市长", "user_id": account.pk}
    r = sec.put(f"/api/visits/calendar/leaders/{leader.pk}", again, content_type=J)
    assert r.status_code == 200 and r.json()["is_active"] is True
    # refusals: an unknown rank, an unknown account, an account linked to another leader, a missing leader
    bad = {"name": "吴六", "title": "副市长"}
    r = sec.post("/api/visits/calendar/leaders", {**bad, "rank": 999}, content_type=J)
    assert r.status_code == 400 and "职级无效" in r.json()["detail"]
    r = sec.post("/api/visits/calendar/leaders", {**bad, "user_id": 999999}, content_type=J)
    assert r.status_code == 400
    r = sec.post("/api/visits/calendar/leaders", {**bad, "user_id": account.pk}, content_type=J)
    assert r.status_code == 400 and "已关联" in r.json()["detail"]
    assert not Leader.objects.filter(name="吴六").exists()
    assert sec.put("/api/visits/calendar/leaders/999999", bad, content_type=J).status_code == 404
