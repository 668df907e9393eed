"""Codes shared across apps, timeline labels, approval-tier admin, cancellation with passports out,
notifications of every step and the deadline reminders."""

import datetime as dt
import importlib

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.casework.models import Notification, TimelineEntry
from apps.core.errors import ServiceError
from apps.trips import services
from apps.trips.models import ApprovalTier, ReminderSent, Stage, Trip

pytestmark = pytest.mark.django_db


# --- 1. one set of codes -----------------------------------------------------------------------------
def _passport_findings(trip):
    services.trip_check(trip=trip)
    trip.refresh_from_db()
    return [f for f in trip.last_check["findings"] if f["rule_id"] == "passport_valid" and not f["passed"]]


def test_dictionary_rank_and_passports_kind_reach_the_passport_rule(make_trip, persons):
    from apps.passports.models import Kind, Passport
    from apps.reference.selectors import dict_choices

    ranks = {code for code, _ in dict_choices("official_rank")}
    from apps.regulations.packs import load_active_pack

    params = load_active_pack().rules["passport_valid"].params
    assert set(params["kind_by_rank"]) <= ranks  # the pack speaks the dictionary's codes
    assert params["other_kind"] == Kind.PUBLIC_AFFAIRS_ORDINARY

    trip = make_trip()
    assert _passport_findings(trip) == []  # division rank + official passport: fine
    # 省部级 must hold a diplomatic passport; an official one is the wrong kind
    persons[0].rank = "provincial"
    persons[0].save()
    failures = _passport_findings(trip)
    assert len(failures) == 1 and "外交护照" in failures[0]["message_zh"]
    # 乡科级 with a 公务普通护照 (passports' code public_affairs_ordinary) passes
    persons[1].rank = "section"
    persons[1].save()
    Passport.objects.filter(holder=persons[1]).update(kind=Kind.PUBLIC_AFFAIRS_ORDINARY)
    assert [f["subject"] for f in _passport_findings(trip)] == [persons[0].pk]


def test_migration_rewrites_only_untouched_default_parameters():
    from django.apps import apps as django_apps

    from apps.regulations.models import RuleSetting

    mig = importlib.import_module("apps.regulations.migrations.0003_dictionary_codes")
    setting = RuleSetting.objects.get(pack__status="active", rule_id="passport_valid")
    setting.params = {
        **setting.params,
        "kind_by_rank": mig.OLD_KIND_BY_RANK,
        "other_kind": "official_ordinary",
    }
    setting.save()
    mig.forwards(django_apps, None)
    setting.refresh_from_db()
    assert setting.params["kind_by_rank"] == mig.NEW_KIND_BY_RANK
    assert setting.params["other_kind"] == "public_affairs_ordinary"
    custom = {"section": "official"}
    setting.params = {**setting.params, "kind_by_rank": custom}
    setting.save()
    mig.forwards(django_apps, None)
    setting.refresh_from_db()
    assert setting.params["kind_by_rank"] == custom  # an administrator's own setting is kept


# --- 2. timeline labels of stage transitions ------------------------------------------------------
def test_timeline_reads_the_stage_step_not_the_unchanged_state(approved_trip, people, fire, login):
    from apps.trips import services

    trip = approved_trip
    for m in trip.members.all():
        services.passport_release(trip=trip, member=m, by=people["staff"])
    trip = fire(trip, "depart", people["clerk"])
    entry = TimelineEntry.objects.filter(case_id=trip.pk, transition="depart").get()
    assert entry.to_state == "approved" and entry.to_state_label == "已出境"
    approve = TimelineEntry.objects.filter(case_id=trip.pk, transition="approve").get()
    assert approve.to_state_label == "已批准"  # engine transitions keep the state's label
    html = login(people["clerk"]).get(f"/trips/{trip.pk}/").content.decode()
    assert "状态变更：已出境" in html


# --- 3. approval tiers page ----------------------------------------------------------------------
@pytest.fixture
def admin(make_user):
    return make_user("sysadmin", roles=["sysadmin"])


def test_sysadmin_lists_and_edits_tiers_audited(admin, login, setup):
    c = login(admin)
    page = c.get("/trips/approval-tiers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "县处级" in html and "市外办审核、市分管领导审批" in html
    tier = ApprovalTier.objects.get(rank="division")
    form = c.get(f"/trips/approval-tiers/{tier.pk}/")
    assert form.status_code == 200
    bad = c.post(f"/trips/approval-tiers/{tier.pk}/", {"level": "province", "citation": ""})
    assert bad.status_code == 400 and "province" in bad.content.decode()  # keeps what was typed
    r = c.post(
        f"/trips/approval-tiers/{tier.pk}/",
        {"level": "province", "citation": "苏办发〔2026〕1号", "notes": "试行"},
    )
    assert r.status_code == 302
    tier.refresh_from_db()
    assert tier.level == "province" and tier.citation == "苏办发〔2026〕1号" and tier.rank == "division"
    event = AuditEvent.objects.get(action="trips.approval_tier")
    assert event.actor_id == admin.pk and event.changes["level"] == ["city_leader", "province"]
    assert "苏办发〔2026〕1号" in c.get("/trips/approval-tiers/").content.decode()


def test_new_tier_for_a_rank_already_configured_is_refused(admin, login, setup):
    c = login(admin)
    ApprovalTier.objects.filter(rank="other").delete()
    r = c.post("/trips/approval-tiers/new/", {"rank": "section", "level": "city_leader", "citation": "x"})
    assert r.status_code == 400 and "该职级已配置审批权限" in r.content.decode()
    r = c.post("/trips/approval-tiers/new/", {"rank": "other", "level": "city_leader", "citation": "依据"})
    assert r.status_code == 302 and ApprovalTier.objects.filter(rank="other").exists()


def test_tier_pages_are_for_administrators_only(people, login):
    for who in ("clerk", "staff", "leader"):
        c = login(people[who])
        assert c.get("/trips/approval-tiers/").status_code == 403
        tier = ApprovalTier.objects.first()
        assert (
            c.post(f"/trips/approval-tiers/{tier.pk}/", {"level": "province", "citation": "x"}).status_code
            == 403
        )


# --- 4. cancellation with passports out ------------------------------------------------------------
def test_cancel_in_documents_stage_recalls_released_passports(approved_trip, people, fire):
    from apps.passports.models import Passport

    clerk, staff = people["clerk"], people["staff"]
    trip = approved_trip
    first = trip.members.order_by("order").first()
    services.passport_release(trip=trip, member=first, by=staff)
    mail.outbox.clear()
    trip = fire(trip, "cancel_trip", clerk, comment="邀请方取消活动")
    assert trip.stage == Stage.CANCELLED
    passport = Passport.objects.get(pk=first.passport_id)
    due = timezone.localdate() + dt.timedelta(days=3)
    assert passport.status == "out" and passport.current_checkout.due_back == due
    assert trip.passports_due == due
    assert AuditEvent.objects.filter(action="passports.recall", target_id=str(passport.pk)).exists()
    assert TimelineEntry.objects.filter(case_id=trip.pk, text__contains="应于").exists()
    assert Notification.objects.filter(recipient=staff, case_id=trip.pk, verb="cancel_trip").exists()
    with pytest.raises(ServiceError):  # not closed while the passport is out
        fire(trip, "close", staff)
    services.passport_return(trip=trip, member=first, by=staff)
    passport.refresh_from_db()
    assert passport.status == "in_custody"
    assert fire(trip, "close", staff).state == "closed"


# --- 5. notifications and reminders --------------------------------------------------------------
@pytest.fixture
def traveller(persons, make_user, unit):
    user = make_user("zhangwei", roles=["traveller"], unit=unit, email="zhangwei@example.org")
    persons[0].user = user
    persons[0].save()
    return user


def _told(user, trip, verb):
    return Notification.objects.filter(recipient=user, case_id=trip.pk, verb=verb).exists()


def test_every_step_tells_the_people_concerned(
    make_trip, people, fire, traveller, django_capture_on_commit_callbacks
):
    clerk, staff, leader = people["clerk"], people["staff"], people["leader"]
    for u in (clerk, staff, leader):
        u.email = f"{u.username}@example.org"
        u.save()
    trip = make_trip()
    trip = fire(trip, "submit", clerk)
    assert _told(staff, trip, "submit") and not _told(clerk, trip, "submit")
    trip = fire(trip, "claim", staff)
    trip = fire(trip, "send_back", staff, comment="请补充日程")
    assert _told(clerk, trip, "send_back") and _told(traveller, trip, "send_back")
    trip = fire(trip, "resubmit", clerk)
    assert _told(staff, trip, "resubmit")
    trip = fire(trip, "forward_for_approval", staff)  # the division head reviews (conftest.fire)
    assert _told(leader, trip, "head_review")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        trip = fire(trip, "approve", leader)
    assert all(_told(u, trip, "approve") for u in (clerk, staff, traveller))
    assert {m.to[0] for m in mail.outbox} >= {
        "clerk@example.org",
        "staff@example.org",
        "zhangwei@example.org",
    }
    for m in trip.members.all():
        services.passport_release(trip=trip, member=m, by=staff)
    trip = fire(trip, "depart", clerk, actual_departure_date=timezone.localdate())
    assert _told(staff, trip, "depart")
    trip = fire(trip, "record_return", clerk, actual_return_date=timezone.localdate())
    assert all(_told(u, trip, "record_return") for u in (staff, traveller))
    assert not _told(clerk, trip, "record_return")  # the actor is not told of their own step


def _returned_trip(approved_trip, people, fire, returned_on):
    clerk, staff = people["clerk"], people["staff"]
    trip = approved_trip
    for m in trip.members.all():
        services.passport_release(trip=trip, member=m, by=staff)
    trip = fire(trip, "depart", clerk, actual_departure_date=returned_on - dt.timedelta(days=3))
    return fire(trip, "record_return", clerk, actual_return_date=returned_on)


def test_reminders_before_and_after_each_deadline_never_twice(
    approved_trip, people, fire, traveller, django_capture_on_commit_callbacks
):
    from apps.reference.calendar import subtract_working_days
    from apps.trips.tasks import send_due_reminders

    today = timezone.localdate()
    trip = _returned_trip(approved_trip, people, fire, today)
    due = trip.passports_due
    assert due == today + dt.timedelta(days=7)
    Notification.objects.all().delete()
    mail.outbox.clear()

    # nothing yet a week before the passport deadline
    assert send_due_reminders(due - dt.timedelta(days=7)) == 0
    before = subtract_working_days(due, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(before) == 1
    n = Notification.objects.get(recipient=traveller, verb="reminder_passport_return")
    assert str(due) in n.text and "期限" in n.text
    assert Notification.objects.filter(recipient=people["staff"], verb="reminder_passport_return").exists()
    assert any(m.to == ["zhangwei@example.org"] for m in mail.outbox)
    assert send_due_reminders(before) == 0  # same day again: nothing
    assert send_due_reminders(due) == 0  # the "before" reminder was already sent for this deadline
    # after the deadline: once on each day
    assert send_due_reminders(due + dt.timedelta(days=1)) == 1
    assert send_due_reminders(due + dt.timedelta(days=1)) == 0
    call_command("trip_reminders", date=str(due + dt.timedelta(days=2)))
    overdue = ReminderSent.objects.filter(trip=trip, kind="passport_return", phase="overdue")
    assert sorted(overdue.values_list("day", flat=True)) == [
        due + dt.timedelta(days=1),
        due + dt.timedelta(days=2),
    ]
    texts = Notification.objects.filter(recipient=traveller, verb="reminder_passport_return").values_list(
        "text", flat=True
    )
    assert any("已逾期 2 天" in t for t in texts)

    # back in custody → no more passport reminders
    for m in trip.members.all():
        services.passport_return(trip=Trip.objects.get(pk=trip.pk), member=m, by=people["staff"])
    assert send_due_reminders(due + dt.timedelta(days=3)) == 0


def test_report_and_notice_reminders(approved_trip, people, fire, traveller):
    from apps.trips.tasks import send_due_reminders, trip_reminders

    clerk = people["clerk"]
    trip = approved_trip
    # the post-trip notice ends soon: one working day before its end the division is reminded to record
    # its result (closing waits for it)
    from apps.reference.calendar import subtract_working_days

    today = timezone.localdate()
    Trip.objects.filter(pk=trip.pk).update(
        stage=Stage.POST_NOTICE, post_notice_start=today, post_notice_end=today + dt.timedelta(days=7)
    )
    trip.refresh_from_db()
    day = subtract_working_days(trip.post_notice_end, 1)
    assert send_due_reminders(day) == 1
    assert ReminderSent.objects.get(kind="notice_end").recipients >= 2
    assert Notification.objects.filter(recipient=people["staff"], verb="reminder_notice_end").exists()
    # missed: the notice ended and nobody recorded its result
    result = trip_reminders.enqueue((trip.post_notice_end + dt.timedelta(days=1)).isoformat())
    assert result.return_value == 1

    Trip.objects.filter(pk=trip.pk).update(
        stage=Stage.PASSPORTS_BACK, report_due=timezone.localdate() + dt.timedelta(days=30)
    )
    trip.refresh_from_db()
    report_day = trip.report_due + dt.timedelta(days=1)
    assert send_due_reminders(report_day) == 1
    assert Notification.objects.filter(
        recipient=clerk, verb="reminder_report", text__contains="已逾期"
    ).exists()
    Trip.objects.filter(pk=trip.pk).update(report_filed_at=timezone.now())
    assert send_due_reminders(report_day + dt.timedelta(days=1)) == 0
