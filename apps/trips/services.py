"""Every write to a trip. Transitions (the engine's and the trip's own stages) go through
``apps.casework.services.transition``; the checks and follow-up work their declarations on ``Trip`` name
live here too. The trip adds its check, overrides, passports, visas, notices and the report. Each
function is one transaction, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import users_with_perm
from apps.audit.actions import AuditAction
from apps.audit.services import diff, record
from apps.casework import services as cw
from apps.casework.models import Case, CaseState, TimelineEntry
from apps.casework.permissions import can_apply
from apps.casework.selectors import applicant_can_edit
from apps.core.errors import ConflictError, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import checks
from . import permissions as tp
from .models import (
    ApprovalLevel,
    ApprovalTier,
    BudgetLine,
    FindingOverride,
    Leg,
    Objection,
    ScheduleDay,
    Stage,
    Trip,
    TripMember,
    Visa,
)
from .selectors import active_overrides

TRIP_FIELDS = (
    "title",
    "task",
    "delegation_type",
    "in_annual_plan",
    "plan_reference",
    "unplanned_justification",
    "inviter_name",
    "inviter_country",
    "inviter_is_counterpart",
    "inviter_description",
    "departure_date",
    "return_date",
    "poor_flight_connections",
    "host_transport",
    "funding_source",
)
REPORT_FIELDS = (
    "report_schedule",
    "report_results",
    "report_actual_cost",
    "report_cost_notes",
    "report_follow_up",
)


def trip_case_type():
    from .migrations_data import ensure_case_type

    return ensure_case_type()


def _bump(trip: Trip, version) -> None:
    expected = trip.version
    if version not in (None, ""):
        try:
            expected = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if not Case.objects.filter(pk=trip.pk, version=expected).update(version=expected + 1):
        raise ConflictError(_("该申请刚被其他人修改，请刷新后重试。"))
    trip.version = expected + 1


def _timeline(trip, *, by, text, kind=TimelineEntry.Kind.COMMENT, visible=True):
    TimelineEntry.objects.create(
        case_id=trip.pk, actor=by, kind=kind, text=text, visible_to_applicant=visible
    )


def _values(trip: Trip) -> dict:
    out = {f: getattr(trip, f) for f in TRIP_FIELDS}
    out["inviter_country"] = str(trip.inviter_country) if trip.inviter_country_id else None
    out["members"] = [f"{m.person_id}:{m.role}" for m in trip.members.all()]
    out["legs"] = [f"{leg.country_id}:{leg.city}:{leg.arrival}:{leg.departure}" for leg in trip.legs.all()]
    out["budget_lines"] = trip.budget.count()
    out["schedule_days"] = trip.schedule.count()
    return out


def _save_children(trip: Trip, draft: checks.TripDraft, schedule: list[tuple[dt.date, str, str]]) -> None:
    from apps.core.text import passport_name
    from apps.passports.models import Kind
    from apps.passports.selectors import valid_passport_for

    trip.members.all().delete()
    trip.legs.all().delete()
    trip.schedule.all().delete()
    trip.budget.all().delete()
    legs = [
        Leg(
            trip=trip,
            order=i,
            country=leg.country,
            city=leg.city,
            arrival=leg.arrival,
            departure=leg.departure,
            transit=leg.transit,
            airside=leg.airside,
        )
        for i, leg in enumerate(draft.legs)
    ]
    Leg.objects.bulk_create(legs)
    dests = [leg for leg in draft.legs if not leg.transit]
    hk = bool(dests) and all(leg.country.kind == "sar" for leg in dests)
    head = None
    for i, m in enumerate(draft.members):
        passport = m.passport
        if passport is None:
            passport = valid_passport_for(
                person=m.person, kind=Kind.HK_MACAO_PERMIT if hk else None, on=draft.return_date
            )
        TripMember.objects.create(
            trip=trip,
            person=m.person,
            role=m.role,
            passport=passport,
            order=i,
            passport_name=(
                m.passport_name or m.person.passport_name or passport_name(m.person.full_name)
            ).upper(),
        )
        if m.role == TripMember.Role.HEAD and head is None:
            head = m.person
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                trip=trip,
                category=b.category,
                country=b.country,
                city=b.city,
                currency=b.currency or "CNY",
                rate=b.rate,
                count=b.count or 0,
                persons=b.persons or 1,
                amount=b.amount or 0,
                computed=b.computed,
                note=b.note,
            )
            for b in draft.budget
        ]
    )
    ScheduleDay.objects.bulk_create(
        [ScheduleDay(trip=trip, date=d, plan=plan, half_day_detail=half) for d, plan, half in schedule]
    )
    trip.is_hk_macao = hk
    trip.head_of_delegation = head
    level = checks.approval_level_for([m.person for m in draft.members])
    trip.approval_level = level.level
    trip.approval_level_citation = level.citation
    users = [m.person.user_id for m in draft.members if m.person.user_id]
    trip.participants.set(users)
    trip.clear_caches()


def trip_create(*, by, unit, data: dict, draft: checks.TripDraft, schedule=()) -> Trip:
    """A new draft trip for ``unit`` with its members, legs, schedule and budget."""
    if unit is None:
        raise ServiceError(_("请选择申报单位。"))
    fields = {k: data.get(k) for k in TRIP_FIELDS if k != "title" and k in data}
    with transaction.atomic():
        trip = cw.case_create(
            model=Trip,
            case_type=trip_case_type(),
            by=by,
            applicant_unit=unit,
            title=data.get("title") or "",
            **fields,
        )
        _save_children(trip, draft, list(schedule))
        trip.save()
        record(action=AuditAction.TRIPS_CREATE, target=trip, actor=by, changes=diff({}, _values(trip)))
    return trip


def trip_update(*, trip: Trip, by, data: dict, draft: checks.TripDraft, schedule=(), version=None) -> Trip:
    """Save the applicant's changes (draft, or returned for correction / change request)."""
    if not applicant_can_edit(trip, by):
        raise PermissionDenied(_("当前状态下您不能修改本申请。"))
    title = (data.get("title") or "").strip()
    if not title:
        raise ServiceError(_("请填写标题。"))
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            fields=TRIP_FIELDS,
            data={**data, "title": title},
            audit=_values,
            by=by,
            action=AuditAction.TRIPS_UPDATE,
            before_save=lambda t: _save_children(t, draft, list(schedule)),
            record_unchanged=True,
        )
    return trip


# --- the regulation check ---------------------------------------------------------------------------
def trip_recheck(*, trip: Trip, by) -> Trip:
    """Re-run the check on a trip still being decided, for its applicant or a reviewer (audited).

    A decided trip keeps the result and rule-pack version it was decided on."""
    from apps.casework.models import OPEN_STATES

    require(by, "casework.apply", "casework.review", "casework.approve", any_of=True)
    if trip.state not in OPEN_STATES:
        raise ServiceError(_("已作出决定的申请保留决定时的检查结果，不能重新检查。"))
    with transaction.atomic():
        trip_check(trip=trip)
        record(
            action=AuditAction.TRIPS_RECHECK,
            target=trip,
            actor=by,
            extra={"pack_version": trip.rule_pack_version},
        )
    return trip


def trip_check(*, trip: Trip, save: bool = True):
    """Run the check on the saved trip; store the findings and pack version on the trip."""
    result = checks.run(checks.draft_from_trip(trip))
    if result is None:
        data = {"pack_version": None, "findings": [], "incomplete": True, "blocking_count": 0}
    else:
        data = result.to_dict()
    trip.last_check = data
    trip.rule_pack_version = data.get("pack_version")
    trip.checked_at = timezone.now()
    if save:
        Trip.objects.filter(pk=trip.pk).update(
            last_check=data, rule_pack_version=trip.rule_pack_version, checked_at=trip.checked_at
        )
    return result


def finding_override(*, trip: Trip, by, rule_id: str, subject: str, justification: str) -> FindingOverride:
    """Proceed despite a finding: warnings by reviewers or leaders, blocking findings by leaders only."""
    from apps.regulations import engine
    from apps.regulations.permissions import check_override

    require(by, "casework.view_case", obj=trip)
    if trip.state in (CaseState.CLOSED, CaseState.WITHDRAWN, CaseState.REJECTED):
        raise ServiceError(_("本申请已结束，不能再作例外决定。"))
    trip_check(trip=trip)
    key = (rule_id or "", checks.subject_key(subject))
    match = next(
        (
            f
            for f in trip.last_check.get("findings", [])
            if checks.finding_key(f) == key and not f.get("passed")
        ),
        None,
    )
    if match is None:
        raise ServiceError(_("该检查结论已不存在（可能已被修正），请刷新后查看。"))
    finding = engine.Finding(
        rule_id=match["rule_id"],
        severity=match["severity"],
        passed=False,
        message_zh=match.get("message_zh", ""),
        message_en=match.get("message_en", ""),
    )
    try:
        text = check_override(by, finding, justification)
    except PermissionDenied:
        if finding.severity == engine.BLOCKING:
            raise PermissionDenied(_("阻断性检查结论只能由外办领导作出例外决定。")) from None
        raise PermissionDenied(_("您无权对该检查结论作出例外决定。")) from None
    if trip.overrides.filter(is_active=True, rule_id=key[0], subject=key[1]).exists():
        raise ServiceError(_("该检查结论已有例外决定。"))
    with transaction.atomic():
        ov = FindingOverride.objects.create(
            trip=trip,
            rule_id=key[0],
            subject=key[1],
            severity=finding.severity,
            message=match.get("message_zh", ""),
            justification=text,
            by=by,
            pack_version=trip.rule_pack_version,
        )
        _timeline(
            trip,
            by=by,
            visible=False,
            text=_("对检查结论“%(msg)s”作出例外决定：%(why)s")
            % {"msg": match.get("message_zh", ""), "why": text},
        )
        record(
            action=AuditAction.TRIPS_FINDING_OVERRIDE,
            target=trip,
            actor=by,
            extra={
                "rule_id": key[0],
                "subject": key[1],
                "severity": finding.severity,
                "justification": text,
                "pack_version": trip.rule_pack_version,
                "reference": trip.reference or "",
            },
        )
    return ov


# --- the trip's checks and follow-up work, declared on its transitions (apps.trips.models.Trip) --------
def _require_complete(trip: Trip) -> None:
    if (
        trip.departure_date is None
        or trip.return_date is None
        or not trip.members.exists()
        or not trip.legs.exists()
    ):
        raise ServiceError(_("请先填写出入境日期、团组成员和行程。"))


def _pending_blocking(trip: Trip) -> tuple[int, str]:
    """Re-run the check (stored with the trip's save): how many blocking findings have no override."""
    trip_check(trip=trip, save=False)
    pending = checks.unresolved_blocking(trip.last_check, active_overrides(trip))
    return len(pending), "；".join(v.message for v in pending[:5])


def check_before_submit(trip: Trip, **context) -> None:
    """Submission (and resubmission): a complete application without unresolved blocking findings."""
    _require_complete(trip)
    n, names = _pending_blocking(trip)
    if n:
        raise ServiceError(
            _("尚有 %(n)d 项阻断性检查结论，不能提交（可修改申请，或由外办领导作出例外决定）：%(list)s")
            % {"n": n, "list": names}
        )


def check_before_approval(trip: Trip, **context) -> None:
    """Approval: the check passes (or is overridden), the approving level is known and, above the city,
    the higher authority's approval is on record."""
    _require_complete(trip)
    n, names = _pending_blocking(trip)
    if n:
        raise ServiceError(
            _("尚有 %(n)d 项阻断性检查结论未作例外决定，不能批准：%(list)s") % {"n": n, "list": names}
        )
    if not trip.approval_level:
        raise ServiceError(_("成员职级的审批权限未配置，不能确定审批层级；请系统管理员配置审批权限。"))
    if trip.approval_level != ApprovalLevel.CITY_LEADER and not (
        trip.external_approval_number and trip.external_approval_date
    ):
        raise ServiceError(
            _("本团组须报%(level)s，请先登记上级批件文号和批准日期。")
            % {"level": trip.get_approval_level_display()}
        )


def deactivate_overrides(trip: Trip, **context) -> None:
    """A change request: decisions taken on the old application no longer hold; it is reviewed again."""
    trip.overrides.filter(is_active=True).update(is_active=False)


def recall_passports(trip: Trip, *, by, **context) -> None:
    """A cancelled trip: every passport released for it and not yet back is due back in custody within
    ``CANCEL_PASSPORT_RETURN_DAYS`` days (through the passports services; the check-in is the custody
    staff's "交回" on the trip page). The trip cannot be closed until they are back."""
    from apps.passports import services as ps

    from .conf import CANCEL_PASSPORT_RETURN_DAYS

    out = [m for m in trip.members.select_related("passport", "person") if m.passport_released_at]
    out = [m for m in out if not m.passport_returned_at and m.passport_id]
    if not out:
        return
    due = timezone.localdate() + dt.timedelta(days=int(CANCEL_PASSPORT_RETURN_DAYS.value))
    for m in out:
        ps.recall(
            passport=m.passport,
            by=by,
            due_back=due,
            reason=_("出访 %(ref)s 已取消，证照应交回") % {"ref": trip.reference},
        )
    trip.passports_due = min(d for d in (trip.passports_due, due) if d)
    _timeline(
        trip,
        by=by,
        kind=TimelineEntry.Kind.DEADLINE,
        text=_("出访已取消：已借出的 %(n)d 本证照应于 %(due)s 前交回（%(names)s）。")
        % {"n": len(out), "due": due, "names": "、".join(str(m.person) for m in out)},
    )


def check_actual_dates(trip: Trip, *, actual_departure_date=None, actual_return_date=None, **context) -> None:
    """Departure and return as recorded: not in the future, and no return before the departure."""
    if actual_return_date and trip.actual_departure_date and actual_return_date < trip.actual_departure_date:
        raise ServiceError(_("实际入境日期不能早于实际出境日期。"))
    for value in (actual_departure_date, actual_return_date):
        if value and value > timezone.localdate():
            raise ServiceError(_("日期不能晚于今天。"))


def require_report_photos(trip: Trip, **context) -> None:
    """Filing the report: at least ``REPORT_MIN_PHOTOS`` photos among the trip's attachments."""
    from apps.casework.models import Attachment

    from .conf import REPORT_MIN_PHOTOS

    need = int(REPORT_MIN_PHOTOS.value)
    have = Attachment.objects.filter(
        case_id=trip.pk, archived_at__isnull=True, content_type__startswith="image/"
    ).count()
    if have < need:
        raise ServiceError(
            _("出访报告应附不少于 %(n)d 张照片（已上传 %(have)d 张），请在“附件”中上传照片。")
            % {"n": need, "have": have}
        )


def trip_transition(*, trip: Trip, name: str, by, comment: str = "", version=None, **kwargs) -> Trip:
    """Fire any transition of the trip (engine or stage) through the casework engine; what each one
    checks and does is declared on ``Trip``."""
    return cw.transition(case=trip, name=name, by=by, comment=comment, version=version, **kwargs)


# --- after approval: external approval, passports, visas, report -------------------------------------
def _require_reviewer(trip, by):
    if not tp.may_handle_approved_trip(trip, by):
        raise PermissionDenied(_("只有承办处室或外办领导可以办理此事项。"))


def external_approval_record(*, trip: Trip, by, number: str, date: dt.date | None, version=None) -> Trip:
    _require_reviewer(trip, by)
    number = (number or "").strip()
    if not number or date is None:
        raise ServiceError(_("请填写上级批件文号和批准日期。"))
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            data={"external_approval_number": number[:100], "external_approval_date": date},
            by=by,
            action=AuditAction.TRIPS_EXTERNAL_APPROVAL,
            record_unchanged=True,
        )
    return trip


def passport_release(*, trip: Trip, member: TripMember, by) -> TripMember:
    """Check the member's passport out of custody for this trip (due back: return date + 7 days)."""
    from apps.passports import services as ps

    from .models import passports_due_for

    if trip.stage != Stage.DOCUMENTS:
        raise ServiceError(_("公示期满、进入证照办理阶段后才能借出证照。"))
    if member.passport_id is None:
        raise ServiceError(
            _("%(name)s 没有可用的证照，请先登记证照并在申请中选择。") % {"name": member.person}
        )
    if member.passport_released_at:
        raise ServiceError(_("该成员的证照已借出。"))
    with transaction.atomic():
        ps.check_out(
            passport=member.passport,
            case=trip,
            due_back=passports_due_for(trip.return_date),
            by=by,
            purpose=_("出访 %(ref)s") % {"ref": trip.reference},
        )
        member.passport_released_at = timezone.now()
        member.save(update_fields=["passport_released_at"])
        record(
            action=AuditAction.TRIPS_PASSPORT_RELEASE,
            target=trip,
            actor=by,
            extra={"member": member.person_id},
        )
    return member


def passport_return(*, trip: Trip, member: TripMember, by) -> TripMember:
    from apps.passports import services as ps

    if not member.passport_released_at or member.passport_returned_at:
        raise ServiceError(_("该成员的证照不在借出状态。"))
    with transaction.atomic():
        ps.check_in(
            passport=member.passport, by=by, note=_("出访 %(ref)s 回国交回") % {"ref": trip.reference}
        )
        member.passport_returned_at = timezone.now()
        member.save(update_fields=["passport_returned_at"])
        record(
            action=AuditAction.TRIPS_PASSPORT_RETURN,
            target=trip,
            actor=by,
            extra={"member": member.person_id},
        )
    return member


def visa_record(
    *,
    trip: Trip,
    by,
    country,
    status: str,
    kind: str = Visa.Kind.VISA,
    member=None,
    on: dt.date | None = None,
    note: str = "",
) -> Visa:
    if not tp.may_record_visa(trip, by):
        raise PermissionDenied
    if trip.stage not in (Stage.APPROVED, Stage.NOTICE, Stage.DOCUMENTS):
        raise ServiceError(_("出境前才能登记签证。"))
    if country is None or not trip.legs.filter(country=country).exists():
        raise ServiceError(_("请选择本团组行程中的国家（地区）。"))
    if status not in Visa.Status.values or kind not in Visa.Kind.values:
        raise ServiceError(_("请选择签证状态。"))
    with transaction.atomic():
        visa = Visa.objects.create(
            trip=trip,
            member=member,
            country=country,
            kind=kind,
            status=status,
            on=on or timezone.localdate(),
            note=(note or "")[:300],
            recorded_by=by,
        )
        record(
            action=AuditAction.TRIPS_VISA,
            target=trip,
            actor=by,
            extra={
                "country": country.iso2,
                "status": status,
                "kind": kind,
                "member": getattr(member, "person_id", None),
            },
        )
    return visa


def report_save(*, trip: Trip, by, data: dict, version=None) -> Trip:
    if not can_apply(trip, by):
        raise PermissionDenied(_("只有申报单位可以填写出访报告。"))
    if trip.stage not in (Stage.RETURNED, Stage.PASSPORTS_BACK):
        raise ServiceError(_("回国后才能填写出访报告。"))
    # An empty value clears the text; the cost stays empty (None) rather than 0.
    values = {f: "" if v is None and f != "report_actual_cost" else v for f, v in data.items()}
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            fields=REPORT_FIELDS,
            data=values,
            by=by,
            action=AuditAction.TRIPS_REPORT_SAVE,
            record_unchanged=True,
        )
    return trip


# --- public notices and objections ---------------------------------------------------------------
def objection_submit(*, trip: Trip, text: str, name: str = "", contact: str = "", ip=None) -> Objection:
    """Anyone may object while a notice is published; recorded, audited and sent to the division."""
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("请填写异议内容。"))
    if len(text) > 5000:
        raise ServiceError(_("异议内容过长（最多 5000 字）。"))
    if trip.stage == Stage.NOTICE:
        notice = Objection.Notice.PRE
    elif trip.stage == Stage.POST_NOTICE:
        notice = Objection.Notice.POST
    else:
        raise ServiceError(_("该公示已结束，不再受理异议。"))
    with transaction.atomic():
        obj = Objection.objects.create(
            trip=trip,
            notice=notice,
            name=(name or "")[:50],
            contact=(contact or "")[:100],
            text=text,
            ip=ip or None,
        )
        _timeline(trip, by=None, visible=False, text=_("收到公示异议：%(text)s") % {"text": text[:500]})
        record(
            action=AuditAction.TRIPS_OBJECTION,
            target=trip,
            actor=None,
            extra={"objection": obj.pk, "notice": notice, "length": len(text)},
        )
        if trip.division_id:
            staff = users_with_perm("casework.review", division=trip.division_id)
            cw.notify(
                users=list(staff),
                case=trip,
                verb="objection",
                text=_("%(ref)s：收到公示异议") % {"ref": trip.reference or trip.title},
            )
    return obj


def objection_resolve(*, objection: Objection, by, resolution: str) -> Objection:
    trip = objection.trip
    _require_reviewer(trip, by)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ServiceError(_("请填写处理意见。"))
    if objection.resolved_at:
        raise ServiceError(_("该异议已处理。"))
    with transaction.atomic():
        objection.resolution, objection.resolved_by, objection.resolved_at = resolution, by, timezone.now()
        objection.save(update_fields=["resolution", "resolved_by", "resolved_at"])
        _timeline(trip, by=by, visible=False, text=_("公示异议处理意见：%(text)s") % {"text": resolution})
        record(
            action=AuditAction.TRIPS_OBJECTION_RESOLVE,
            target=trip,
            actor=by,
            extra={"objection": objection.pk, "resolution": resolution},
        )
    return objection


# --- configuration: approval tiers ---------------------------------------------------------------
TIER_FIELDS = ("rank", "level", "citation", "notes")


def approval_tier_save(*, tier: ApprovalTier, by, data: dict) -> ApprovalTier:
    """Create or change the approving level of a rank (system administrator); audited. Trips already
    saved keep their level until they are next saved."""
    require(by, "trips.configure_tiers", message=_("您无权配置审批权限。"))
    rank = (data.get("rank") or tier.rank or "").strip()
    level = data.get("level") or ""
    citation = (data.get("citation") or "").strip()
    if not rank:
        raise ServiceError(_("请选择职级。"))
    if level not in ApprovalLevel.values:
        raise ServiceError(_("请选择审批层级。"))
    if not citation:
        raise ServiceError(_("请填写依据。"))
    if ApprovalTier.objects.filter(rank=rank).exclude(pk=tier.pk).exists():
        raise ServiceError(_("该职级已配置审批权限，请编辑原有记录。"))
    with transaction.atomic():
        model_update(
            instance=tier,
            fields=TIER_FIELDS,
            data={
                "rank": rank,
                "level": level,
                "citation": citation[:300],
                "notes": (data.get("notes") or "").strip(),
            },
            by=by,
            action=AuditAction.TRIPS_APPROVAL_TIER,
            record_unchanged=True,
        )
    return tier


# --- tripux: a delegation's passports at once (issue 9, E19) -------------------------------------------
def passports_batch(*, trip: Trip, by, action: str) -> int:
    """Check out (``release``) or in (``return``) the passport of every member that is waiting for it,
    all or none (one refusal names the member and nothing is changed); each one is audited as when done
    one by one. Returns how many were moved."""
    if action not in ("release", "return"):
        raise ServiceError(_("未知的操作。"))
    with transaction.atomic():
        moved = 0
        for member in trip.members.select_related("passport", "person").order_by("order", "id"):
            if action == "release" and not member.passport_released_at:
                passport_release(trip=trip, member=member, by=by)
                moved += 1
            elif action == "return" and member.passport_released_at and not member.passport_returned_at:
                passport_return(trip=trip, member=member, by=by)
                moved += 1
        if not moved:
            raise ServiceError(_("没有待借出的证照。") if action == "release" else _("没有待交回的证照。"))
    return moved
