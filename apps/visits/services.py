"""Every write to visits, their programme and seating, gifts and the leaders' calendar. Each function is
one transaction, checks who acts, and is audited. Case transitions go through
``apps.casework.services.transition``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.services import record
from apps.casework import services as cw
from apps.casework.models import Case, CaseType
from apps.casework.permissions import can_apply
from apps.casework.selectors import applicant_can_edit
from apps.core.dates import add_months
from apps.core.errors import ConflictError, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import conf, protocol
from . import permissions as vp
from .actions import VisitAction
from .models import (
    CalendarEntry,
    Event,
    FeedToken,
    FlagLayout,
    Gift,
    Leader,
    Participant,
    Visit,
)
from .photos import check_photo, sniff

CASE_TYPE_CODE = "visit"

VISIT_FIELDS = (
    "title",
    "level",
    "guest_country",
    "guest_organisation",
    "head_name",
    "head_title",
    "arrival_date",
    "departure_date",
    "purpose",
    "hosts_note",
    "invitation_note",
    "partner",
    "security_note",
    "press_note",
)
PARTICIPANT_FIELDS = (
    "side",
    "name",
    "name_en",
    "title",
    "title_en",
    "organisation",
    "rank",
    "diplomatic_rank",
    "duty_since",
    "notified_on",
    "country_en",
    "role",
    "leader",
    "dietary",
)
EVENT_FIELDS = (
    "kind",
    "title",
    "title_en",
    "date",
    "start",
    "end",
    "venue",
    "venue_en",
    "interpreters",
    "vehicles",
    "dietary",
    "dress",
    "press",
    "door",
    "table_size",
    "hosted_by_guest",
    "flag_layout",
)
SUMMARY_FIELDS = ("summary_outcomes", "summary_agreements", "summary_follow_up")


def case_type() -> CaseType:
    from .migrations_data import ensure_case_type

    return ensure_case_type()


def _bump_case(visit: Visit, version) -> None:
    expected = visit.version
    if version not in (None, ""):
        try:
            expected = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if not Case.objects.filter(pk=visit.pk, version=expected).update(version=expected + 1):
        raise ConflictError(_("该来访刚被其他人修改，请刷新后重试。"))
    visit.version = expected + 1


def _check_dates(visit: Visit) -> None:
    if visit.arrival_date and visit.departure_date and visit.departure_date < visit.arrival_date:
        raise ServiceError(_("离开日期不能早于抵达日期。"))


# --- the case ------------------------------------------------------------------------------------------
def visit_create(*, by, unit, data: dict) -> Visit:
    data = {k: v for k, v in data.items() if k in VISIT_FIELDS}
    title = (data.pop("title", "") or "").strip()
    probe = Visit(**data)
    _check_dates(probe)
    with transaction.atomic():
        visit = cw.case_create(
            model=Visit, case_type=case_type(), by=by, applicant_unit=unit, title=title, **data
        )
        record(
            action=VisitAction.VISIT_CREATE,
            target=visit,
            actor=by,
            changes={"level": [None, visit.get_level_display()]},
        )
    return visit


def visit_update(*, visit: Visit, by, data: dict, version=None) -> dict:
    if not (applicant_can_edit(visit, by) or (vp.may_plan(visit, by) and visit.state != "approved")):
        raise PermissionDenied(_("当前状态下您不能修改本来访的基本信息。"))
    title = (data.get("title") or "").strip()
    if not title:
        raise ServiceError(_("请填写标题。"))
    with transaction.atomic():
        _bump_case(visit, version)
        return model_update(
            instance=visit,
            fields=VISIT_FIELDS,
            data={**data, "title": title},
            by=by,
            action=VisitAction.VISIT_UPDATE,
            before_save=_check_dates,
            record_unchanged=True,
        )


def check_summary_before_close(visit, *, by, **context) -> None:
    """Validate hook of ``close``: an approved visit is closed with its summary (纪要)."""
    if visit.state == "approved" and not visit.summary_filed_at:
        raise ServiceError(_("请先填写来访纪要，再办结。"))


def summary_save(*, visit: Visit, by, data: dict, version=None) -> Visit:
    if not vp.may_write_summary(visit, by):
        raise PermissionDenied(_("只有接待单位或承办处室可以在来访获批后填写纪要。"))
    if not (data.get("summary_outcomes") or "").strip():
        raise ServiceError(_("请填写来访成果。"))
    with transaction.atomic():
        _bump_case(visit, version)
        model_update(
            instance=visit,
            fields=SUMMARY_FIELDS,
            data=data,
            by=by,
            action=VisitAction.SUMMARY_SAVE,
            touch={"summary_filed_at": visit.summary_filed_at or timezone.now()},
            record_unchanged=True,
        )
        if not visit.summary_filed_at:
            visit.summary_filed_at = timezone.now()
            Visit.objects.filter(pk=visit.pk).update(summary_filed_at=visit.summary_filed_at)
        log_partner_activity(visit=visit, by=by)
    return visit


def log_partner_activity(*, visit: Visit, by):
    """The partner city's activity log gets the visit by reference (a link to the case, never a copy):
    one entry per partner and visit, its text following the summary when the summary is edited again."""
    if not visit.partner_id:
        return None
    from apps.partners.actions import PartnersAction
    from apps.partners.models import PartnerActivity

    text = f"{visit.title}：{visit.summary_outcomes.strip()}"[:300]
    activity = PartnerActivity.objects.filter(partner_id=visit.partner_id, case_id=visit.pk).first()
    if activity is not None:
        if activity.summary != text:
            before = activity.summary
            activity.summary = text
            activity.save(update_fields=["summary"])
            record(
                action=PartnersAction.ACTIVITY_LINK,
                target=visit.partner,
                actor=by,
                changes={"summary": [before, text]},
            )
        return activity
    activity = PartnerActivity.objects.create(
        partner_id=visit.partner_id,
        case=visit,
        kind=PartnerActivity.Kind.VISIT_IN,
        date=visit.arrival_date or timezone.localdate(),
        summary=text,
        created_by=by,
    )
    record(
        action=PartnersAction.ACTIVITY_LINK,
        target=visit.partner,
        actor=by,
        changes={
            "case": [None, visit.reference or visit.title],
            "kind": [None, str(activity.get_kind_display())],
        },
    )
    return activity


# --- follow-ups ------------------------------------------------------------------------------------------
def follow_up_add(*, visit: Visit, by, data: dict):
    from .models import FollowUp

    if not vp.may_write_summary(visit, by):
        raise PermissionDenied(_("只有接待单位或承办处室可以在来访获批后布置后续任务。"))
    if not (data.get("task") or "").strip() or not (data.get("responsible") or "").strip():
        raise ServiceError(_("请填写事项和责任单位。"))
    if data.get("due_date") and data["due_date"] < timezone.localdate():
        raise ServiceError(_("完成期限不能早于今天。"))
    with transaction.atomic():
        f = FollowUp(visit=visit, created_by=by)
        model_update(
            instance=f,
            fields=("task", "responsible", "due_date"),
            data=data,
            by=by,
            action=VisitAction.FOLLOW_UP_ADD,
        )
    return f


def follow_up_done(*, visit: Visit, by, follow_up):
    if not (
        vp.may_write_summary(visit, by) or (visit.state == "closed" and vp.may_close_follow_up(visit, by))
    ):
        raise PermissionDenied(_("您无权办结该后续任务。"))
    if follow_up.done_at:
        raise ServiceError(_("该任务已完成。"))
    with transaction.atomic():
        model_update(
            instance=follow_up, data={"done_at": timezone.now()}, by=by, action=VisitAction.FOLLOW_UP_DONE
        )
    return follow_up


# --- the programme as an official document -------------------------------------------------------------
def issue_programme_on_approval(visit, *, by, **context) -> None:
    """Follow-up of ``approve``: the approved programme is issued (numbered, version 1)."""
    from .documents import issue_programme

    issue_programme(visit=visit, by=by)


def programme_issue(*, visit: Visit, by):
    """Issue the current programme again (a new version of the same document, same number)."""
    from .documents import issue_programme

    if visit.state != "approved":
        raise ServiceError(_("来访获批后才能印发日程。"))
    _require_plan(visit, by)
    visit.refresh_from_db()
    with transaction.atomic():
        return issue_programme(visit=visit, by=by)


# --- participants --------------------------------------------------------------------------------------
def _require_plan(visit, by):
    if not vp.may_plan(visit, by):
        raise PermissionDenied(_("只有接待单位或承办处室可以安排本来访的人员和日程。"))


def participant_save(*, visit: Visit, by, data: dict, participant: Participant | None = None) -> Participant:
    _require_plan(visit, by)
    if not (data.get("name") or "").strip():
        raise ServiceError(_("请填写姓名。"))
    if data.get("diplomatic_rank") and data.get("side") == Participant.Side.HOST:
        raise ServiceError(_("外交衔级只适用于外方外交官。"))
    with transaction.atomic():
        p = participant or Participant(visit=visit)
        model_update(
            instance=p, fields=PARTICIPANT_FIELDS, data=data, by=by, action=VisitAction.PARTICIPANT_SAVE
        )
        Visit.objects.filter(pk=visit.pk).update(programme_version=F("programme_version") + 1)
    return p


def participant_remove(*, visit: Visit, by, participant: Participant) -> None:
    _require_plan(visit, by)
    with transaction.atomic():
        record(
            action=VisitAction.PARTICIPANT_REMOVE,
            target=visit,
            actor=by,
            changes={"name": [participant.name, None]},
        )
        for event in participant.events.all():
            if event.seating:
                event.seating = {}
                event.save(update_fields=["seating"])
        participant.delete()
        Visit.objects.filter(pk=visit.pk).update(programme_version=F("programme_version") + 1)


# --- the programme ---------------------------------------------------------------------------------------
def _check_event(e: Event) -> None:
    if e.flag_layout not in FlagLayout.values:
        raise ServiceError(_("国旗排列方式无效。"))
    if e.start and e.end and e.end <= e.start:
        raise ServiceError(_("结束时间应晚于开始时间。"))
    visit = e.visit
    if (
        visit.arrival_date
        and visit.departure_date
        and not (visit.arrival_date <= e.date <= visit.departure_date)
    ):
        raise ServiceError(
            _("活动日期应在来访期间（%(a)s 至 %(d)s）。")
            % {"a": visit.arrival_date, "d": visit.departure_date}
        )
    if e.table_size is not None and not (2 <= e.table_size <= 30):
        raise ServiceError(_("每桌人数应在 2 到 30 之间。"))


def event_save(
    *, visit: Visit, by, data: dict, participants=None, event: Event | None = None, version=None
) -> Event:
    """Create or change a programme item; the visit's programme version goes up, the leaders' calendar
    follows. Conflicts are not refused (a leader may leave one event for another): the page shows them."""
    _require_plan(visit, by)
    if data.get("flag_layout") and "flag_countries" in data and not data["flag_countries"]:
        raise ServiceError(_("多边活动的国旗排列，请选择参加国。"))
    with transaction.atomic():
        e = event or Event(visit=visit)
        if event is not None:
            expected = e.version if version in (None, "") else _as_int(version)
            if not Event.objects.filter(pk=e.pk, version=expected).update(version=expected + 1):
                raise ConflictError(_("该活动刚被其他人修改，请刷新后重试。"))
            e.version = expected + 1
        data = dict(data)
        if participants is not None:
            data["participants"] = [p for p in participants if p.visit_id == visit.pk]
        old_ids = set(e.participants.values_list("pk", flat=True)) if e.pk else set()
        model_update(
            instance=e,
            fields=(*EVENT_FIELDS, "participants", "flag_countries"),
            data=data,
            by=by,
            action=VisitAction.EVENT_SAVE,
            before_save=_check_event,
        )
        if participants is not None and {p.pk for p in data["participants"]} != old_ids and e.seating:
            e.seating = {}  # the people changed: the plan is generated again
            e.save(update_fields=["seating"])
        Visit.objects.filter(pk=visit.pk).update(programme_version=F("programme_version") + 1)
        sync_calendar(event=e)
    return e


def _as_int(v) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        raise ServiceError(_("版本号无效，请刷新后重试。")) from None


def event_cancel(*, visit: Visit, by, event: Event) -> Event:
    _require_plan(visit, by)
    with transaction.atomic():
        model_update(
            instance=event, data={"cancelled_at": timezone.now()}, by=by, action=VisitAction.EVENT_CANCEL
        )
        event.calendar_entries.update(cancelled_at=timezone.now())
        Visit.objects.filter(pk=visit.pk).update(programme_version=F("programme_version") + 1)
    return event


def sync_calendar(*, event: Event) -> None:
    """Every city leader taking part in ``event`` has it in their calendar (and no one else)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(event.date, event.start), tz)
    end = timezone.make_aware(dt.datetime.combine(event.date, event.end), tz)
    leaders = {p.leader_id for p in event.participants.all() if p.leader_id}
    event.calendar_entries.exclude(leader_id__in=leaders).update(cancelled_at=timezone.now())
    title = f"{event.get_kind_display()}：{event.title}（{event.visit.guest_label() or event.visit.title}）"
    for leader_id in leaders:
        CalendarEntry.objects.update_or_create(
            event=event,
            leader_id=leader_id,
            defaults={
                "title": title[:200],
                "starts_at": start,
                "ends_at": end,
                "location": event.venue,
                "source": CalendarEntry.Source.VISIT,
                "cancelled_at": event.cancelled_at,
            },
        )


# --- seating ---------------------------------------------------------------------------------------------
def seating_swap(*, visit: Visit, by, event: Event, seat_a: str, seat_b: str, version=None):
    """Swap the people of two seats of the event's plan; returns the warnings the edited plan has (the
    change is kept: protocol officers may have reasons, the page shows what rule it breaks)."""
    from .selectors import seating_plan

    _require_plan(visit, by)
    plan = seating_plan(event)
    if plan is None:
        raise ServiceError(_("该类活动没有座次安排。"))
    seats = {s.key: s for s in plan.seats}
    if seat_a not in seats or seat_b not in seats:
        raise ServiceError(_("请选择两个座位。"))
    if seat_a == seat_b:
        raise ServiceError(_("请选择两个不同的座位。"))
    a, b = seats[seat_a], seats[seat_b]
    a.person, b.person = b.person, a.person
    with transaction.atomic():
        expected = event.version if version in (None, "") else _as_int(version)
        if not Event.objects.filter(pk=event.pk, version=expected).update(version=expected + 1):
            raise ConflictError(_("该活动刚被其他人修改，请刷新后重试。"))
        event.version = expected + 1
        model_update(
            instance=event,
            data={"seating": plan.assignment()},
            by=by,
            action=VisitAction.SEATING_EDIT,
            extra={"swap": [seat_a, seat_b]},
            record_unchanged=True,
        )
    return protocol.check_plan(plan)


def seating_reset(*, visit: Visit, by, event: Event) -> Event:
    _require_plan(visit, by)
    with transaction.atomic():
        model_update(instance=event, data={"seating": {}}, by=by, action=VisitAction.SEATING_RESET)
    return event


# --- gifts -----------------------------------------------------------------------------------------------
GIFT_FIELDS = (
    "direction",
    "visit",
    "event",
    "description",
    "counterpart",
    "counterpart_country",
    "person",
    "on_date",
    "returned_on",
    "value",
    "is_cash",
    "photo",
    "budget",
    "notes",
)


def declaration_due(*, on_date: dt.date, returned_on: dt.date | None, value, is_cash: bool) -> dt.date | None:
    """The last day to declare a received gift: one month from receipt (or from the return home when it
    was received abroad), moved to the next working day when it falls on a day off (the holiday
    calendar); ``None`` when no declaration is needed (below the threshold and not cash)."""
    from apps.reference.calendar import add_working_days, is_working_day

    if not is_cash and value < conf.GIFT_DECLARE_THRESHOLD.value:
        return None
    due = add_months(returned_on or on_date, int(conf.GIFT_DECLARE_MONTHS.value))
    if not is_working_day(due):
        due = add_working_days(due, 1)
    return due


def reminder_days(due: dt.date) -> list[dt.date]:
    """The working days on which a reminder goes out before ``due`` (N working days before it)."""
    from apps.reference.calendar import subtract_working_days

    return sorted(
        {subtract_working_days(due, int(n)) for n in conf.GIFT_REMINDER_WORKING_DAYS.value if int(n) > 0}
    )


def _gift_before_save(g: Gift) -> None:
    if g.value is None or g.value < 0:
        raise ServiceError(_("请填写礼品估价（不能为负数）。"))
    if g.returned_on and g.returned_on < g.on_date:
        raise ServiceError(_("回国日期不能早于受礼日期。"))
    if g.on_date > timezone.localdate() + dt.timedelta(days=366):
        raise ServiceError(_("日期不合理，请检查。"))
    if g.direction == Gift.Direction.RECEIVED:
        g.declaration_due = declaration_due(
            on_date=g.on_date, returned_on=g.returned_on, value=g.value, is_cash=g.is_cash
        )
    else:
        g.declaration_due = None


def gift_create(*, by, unit, data: dict) -> Gift:
    if not vp.may_record_gift(by):
        raise PermissionDenied(_("您无权登记礼品。"))
    from apps.accounts.scope import scope_for

    if by.unit_id != unit.pk and not scope_for(by).allows(unit_id=unit.pk):
        raise PermissionDenied(_("您不能为该单位登记礼品。"))
    visit = data.get("visit")
    if visit is not None and not by.has_perm("casework.view_case", visit):
        raise ServiceError(_("所选来访不存在。"))
    if data.get("photo"):
        check_photo(data["photo"])
    with transaction.atomic():
        g = Gift(unit=unit, created_by=by, division=(visit.division if visit else by.division))
        model_update(
            instance=g,
            fields=GIFT_FIELDS,
            data=data,
            by=by,
            action=VisitAction.GIFT_CREATE,
            before_save=_gift_before_save,
        )
    return g


def gift_approve(*, gift: Gift, by) -> Gift:
    """A gift to be given needs approval before it is given (art. 6), by an office leader."""
    require(by, "casework.approve", message=_("赠送礼品须由外办领导批准。"))
    if gift.direction != Gift.Direction.GIVEN:
        raise ServiceError(_("只有赠送的礼品需要批准。"))
    if gift.approved_at:
        raise ServiceError(_("该礼品已经批准。"))
    if gift.created_by_id == by.pk:
        raise PermissionDenied(_("不能批准自己登记的礼品。"))
    from .selectors import gift_budget

    with transaction.atomic():
        # one approval at a time per unit, so that two approvals cannot both fit the same remainder
        from apps.org.models import Unit

        Unit.objects.select_for_update().filter(pk=gift.unit_id).first()
        check = gift_budget(gift)
        if check["configured"] and not check["fits"]:
            raise ServiceError(
                _(
                    "超出预算：%(unit)s %(year)s 年赠礼预算 %(budget)s 元，"
                    "已批准 %(spent)s 元，本件 %(value)s 元（%(src)s）。"
                )
                % {
                    "unit": gift.unit,
                    "year": check["year"],
                    "budget": check["budget"],
                    "spent": check["spent"],
                    "value": gift.value,
                    "src": check["citation"],
                }
            )
        model_update(
            instance=gift,
            data={"approved_by": by, "approved_at": timezone.now()},
            by=by,
            action=VisitAction.GIFT_APPROVE,
        )
    return gift


def gift_declare(*, gift: Gift, by) -> Gift:
    if not vp.may_edit_gift(gift, by):
        raise PermissionDenied(_("您无权申报该礼品。"))
    if gift.direction != Gift.Direction.RECEIVED:
        raise ServiceError(_("只有受赠礼品需要申报。"))
    if gift.declared_at:
        raise ServiceError(_("该礼品已经申报。"))
    with transaction.atomic():
        model_update(
            instance=gift, data={"declared_at": timezone.now()}, by=by, action=VisitAction.GIFT_DECLARE
        )
    return gift


def gift_photo_set(*, gift: Gift, by, upload) -> Gift:
    """Attach (or replace) the gift's photo: who may declare it may; the file must be a JPEG, PNG or WebP
    image by its content (``photos.check_photo``). The previous file stays in storage (the audit trail
    names it)."""
    if not vp.may_edit_gift(gift, by):
        raise PermissionDenied(_("您无权修改该礼品的照片。"))
    content_type = check_photo(upload)
    with transaction.atomic():
        model_update(
            instance=gift,
            data={"photo": upload},
            by=by,
            action=VisitAction.GIFT_PHOTO,
            extra={"content_type": content_type, "size": upload.size},
        )
    return gift


def gift_photo_read(*, gift: Gift, by) -> tuple[bytes, str]:
    """The photo's bytes and its type (recognised from its content) for ``by``, who may see the gift
    (check with ``selectors.gift_get`` first); audited. ``NotFound`` when there is none, when the file is
    gone, or when what is stored is not an image we serve."""
    from apps.core.errors import NotFound

    missing = NotFound(_("该礼品没有照片。"))
    if not gift.photo:
        raise missing
    try:
        with gift.photo.storage.open(gift.photo.name, "rb") as fh:
            content = fh.read()
    except OSError:
        raise missing from None
    content_type = sniff(content[:16])
    if content_type is None:
        raise missing
    record(action=VisitAction.GIFT_PHOTO_VIEW, target=gift, actor=by, extra={"photo": gift.photo.name})
    return content, content_type


def gift_hand_in(*, gift: Gift, by, handed_in_on: dt.date, disposition: str, version=None) -> Gift:
    require(by, "visits.gifts", message=_("礼品上交和处理由外办礼品管理人员登记。"))
    if gift.direction != Gift.Direction.RECEIVED:
        raise ServiceError(_("只有受赠礼品需要上交。"))
    if not gift.declared_at:
        raise ServiceError(_("请先申报，再登记上交。"))
    if gift.is_cash and disposition != "treasury":
        raise ServiceError(_("现金和有价证券一律上缴国库（%(src)s）。") % {"src": conf.GIFT_CASH_SOURCE})
    if handed_in_on and handed_in_on > timezone.localdate():
        raise ServiceError(_("上交日期不能晚于今天。"))
    with transaction.atomic():
        expected = gift.version if version in (None, "") else _as_int(version)
        if not Gift.objects.filter(pk=gift.pk, version=expected).update(version=expected + 1):
            raise ConflictError(_("该礼品记录刚被其他人修改，请刷新后重试。"))
        gift.version = expected + 1
        model_update(
            instance=gift,
            data={"handed_in_on": handed_in_on, "disposition": disposition},
            by=by,
            action=VisitAction.GIFT_HAND_IN,
        )
    return gift


GIFT_REMINDER_KINDS = {"gift_declaration": gettext_lazy("礼品申报")}


def gift_reminders_due(today: dt.date):
    """The reminders of undeclared gifts due ``today``: on the reminder days before the deadline and on
    every working day after it (the provider registered with ``apps.casework.reminders``)."""
    from apps.casework.reminders import BEFORE, OVERDUE, Reminder
    from apps.reference.calendar import is_working_day

    from .selectors import gifts_due

    if not is_working_day(today):
        return
    for gift in gifts_due(today=today):
        due = gift.declaration_due
        if today > due:
            phase = OVERDUE
            text = _("礼品“%(g)s”的申报期限 %(due)s 已过，请尽快申报上交。") % {
                "g": gift.description,
                "due": due,
            }
        elif today in reminder_days(due):
            phase = BEFORE
            text = _("礼品“%(g)s”须在 %(due)s 前申报上交。") % {"g": gift.description, "due": due}
        else:
            continue
        yield Reminder(
            target=gift,
            case=gift.visit,
            kind="gift_declaration",
            due=due,
            phase=phase,
            day=today,  # never twice a day
            recipients=[gift.created_by],
            message=text,
            verb="visits.gift_reminder",
            action=VisitAction.GIFT_REMIND,
            action_extra={"kind": phase, "due": str(due)},
        )


def gift_reminders(*, today: dt.date | None = None) -> int:
    """Send today's gift-declaration reminders (this app's part of ``apps.casework.reminders``); returns
    the number sent."""
    from apps.casework.reminders import send_source

    return send_source("visits", today)


# --- calendar ---------------------------------------------------------------------------------------------
ENTRY_FIELDS = ("leader", "title", "starts_at", "ends_at", "location", "source", "notes")


def _check_entry(e: CalendarEntry) -> None:
    if e.ends_at <= e.starts_at:
        raise ServiceError(_("结束时间应晚于开始时间。"))


def entry_save(*, by, data: dict, entry: CalendarEntry | None = None) -> CalendarEntry:
    require(by, "visits.calendar", message=_("只有秘书处可以维护市领导外事日程。"))
    if entry is not None and entry.event_id:
        raise ServiceError(_("来访活动的日程请在来访的日程安排中修改。"))
    with transaction.atomic():
        e = entry or CalendarEntry(created_by=by)
        model_update(
            instance=e,
            fields=ENTRY_FIELDS,
            data=data,
            by=by,
            action=VisitAction.CALENDAR_SAVE,
            before_save=_check_entry,
        )
    return e


def feed_token_create(*, by, leader: Leader) -> FeedToken:
    if not by.has_perm("visits.read_leader", leader):
        raise PermissionDenied(_("您无权订阅该领导的日程。"))
    with transaction.atomic():
        t = FeedToken.objects.create(user=by, leader=leader)
        record(action=VisitAction.FEED_CREATE, target=t, actor=by, changes={"leader": [None, str(leader)]})
    return t


def feed_token_revoke(*, by, token: FeedToken) -> FeedToken:
    if token.user_id != by.pk:
        raise PermissionDenied(_("只能撤销自己的订阅。"))
    if token.revoked_at:
        raise ServiceError(_("该订阅已撤销。"))
    with transaction.atomic():
        model_update(
            instance=token, data={"revoked_at": timezone.now()}, by=by, action=VisitAction.FEED_REVOKE
        )
    return token


def feed_read(*, token: FeedToken) -> None:
    """A calendar client read the feed: stamp it and audit it."""
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    record(action=VisitAction.FEED_READ, target=token, actor=token.user, extra={"leader": str(token.leader)})


def leader_save(*, by, data: dict, leader: Leader | None = None) -> Leader:
    require(by, "visits.calendar", message=_("只有秘书处可以维护市领导名单。"))
    from django.core.cache import cache

    from .permissions import leader_cache_key

    def account_free(obj):
        # one leader per account: the account signs in to read that leader's calendar
        if obj.user_id and Leader.objects.filter(user_id=obj.user_id).exclude(pk=obj.pk).exists():
            raise ServiceError(_("该账号已关联其他市领导。"))

    with transaction.atomic():
        obj = leader or Leader()
        before = obj.user_id
        model_update(
            instance=obj,
            fields=("name", "title", "rank", "user", "order", "is_active"),
            data=data,
            by=by,
            action=VisitAction.CALENDAR_SAVE,
            before_save=account_free,
        )
    cache.delete_many([leader_cache_key(u) for u in {before, obj.user_id} if u])
    return obj


def may_apply(visit, user) -> bool:
    return can_apply(visit, user)
