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
    ApprovalStep,
    ApprovalTier,
    BudgetLine,
    FindingOverride,
    Leg,
    Objection,
    ScheduleDay,
    Stage,
    Trip,
    TripMember,
    UnitSignoff,
    Visa,
    notice_end_for,
)
from .schemas import MAIN_FIELDS, Resolved, TripInput, resolve
from .selectors import active_overrides, route_for

TRIP_FIELDS = MAIN_FIELDS  # the one list, apps.trips.schemas
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


def _save_children(trip: Trip, resolved: Resolved) -> None:
    """Replace the trip's members, legs, schedule and budget with ``resolved``'s (queries do not grow
    with the number of rows)."""
    from apps.core.text import passport_name
    from apps.passports.models import Kind
    from apps.passports.selectors import valid_passports_for

    draft, schedule = resolved.draft, resolved.schedule
    getattr(trip, "_prefetched_objects_cache", {}).clear()  # rows read before are replaced
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
    automatic = valid_passports_for(
        persons=[m.person for m in draft.members if m.passport is None],
        kind=Kind.HK_MACAO_PERMIT if hk else None,
        on=draft.return_date,
    )
    head = None
    members = []
    for i, m in enumerate(draft.members):
        passport = m.passport if m.passport is not None else automatic.get(m.person.pk)
        members.append(
            TripMember(
                trip=trip,
                person=m.person,
                role=m.role,
                passport=passport,
                order=i,
                passport_name=(
                    m.passport_name or m.person.passport_name or passport_name(m.person.full_name)
                ).upper(),
            )
        )
        if m.role == TripMember.Role.HEAD and head is None:
            head = m.person
    TripMember.objects.bulk_create(members)
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


def trip_create(*, by, unit, input: TripInput, any_person: bool = False) -> Trip:
    """A new draft trip for ``unit`` with its members, legs, schedule and budget (``input`` as the form
    or the API gives it; resolved here, a refusal is a ``ServiceError``). Members are people ``by`` may
    see, unless a system caller (demo data) says ``any_person``."""
    if unit is None:
        raise ServiceError(_("请选择申报单位。"))
    resolved = resolve(input, user=by, unit=unit, any_person=any_person)
    data = resolved.fields
    if not data["title"]:
        raise ServiceError(_("请填写标题。"))
    fields = {k: data[k] for k in TRIP_FIELDS if k != "title"}
    with transaction.atomic():
        trip = cw.case_create(
            model=Trip,
            case_type=trip_case_type(),
            by=by,
            applicant_unit=unit,
            title=data["title"],
            **fields,
        )
        _save_children(trip, resolved)
        trip.save()
        record(action=AuditAction.TRIPS_CREATE, target=trip, actor=by, changes=diff({}, _values(trip)))
    return trip


def trip_update(*, trip: Trip, by, input: TripInput, version=None) -> Trip:
    """Save the applicant's changes (draft, or returned for correction / change request)."""
    if not applicant_can_edit(trip, by):
        raise PermissionDenied(_("当前状态下您不能修改本申请。"))
    resolved = resolve(input, user=by, trip=trip)
    if not resolved.fields["title"]:
        raise ServiceError(_("请填写标题。"))
    with transaction.atomic():
        _bump(trip, version if version is not None else input.version)
        changes = model_update(
            instance=trip,
            fields=TRIP_FIELDS,
            data=resolved.fields,
            audit=_values,
            by=by,
            action=AuditAction.TRIPS_UPDATE,
            before_save=lambda t: _save_children(t, resolved),
            record_unchanged=True,
        )
        if changes and trip.unit_signoff == UnitSignoff.SIGNED:
            _void_unit_signature(trip, by=by)
    return trip


def _void_unit_signature(trip: Trip, *, by) -> None:
    """The signed application changed: the unit's signature no longer covers it (signed again)."""
    trip._unsign()
    Trip.objects.filter(pk=trip.pk).update(unit_signoff=trip.unit_signoff)
    trip.steps.filter(is_active=True, kind=ApprovalStep.Kind.UNIT_SIGN).update(is_active=False)
    _timeline(trip, by=by, kind=TimelineEntry.Kind.STATE, text=_("申请内容已修改，须由单位签批人重新签批。"))


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
    """Approval: the check passes (or is overridden), the approving level and its route are known and,
    when the route's final approver is not the office (市分管领导, the province…), that approval is on
    record (who, when, document)."""
    _require_complete(trip)
    n, names = _pending_blocking(trip)
    if n:
        raise ServiceError(
            _("尚有 %(n)d 项阻断性检查结论未作例外决定，不能批准：%(list)s") % {"n": n, "list": names}
        )
    if not trip.approval_level:
        raise ServiceError(_("成员职级的审批权限未配置，不能确定审批层级；请系统管理员配置审批权限。"))
    route = route_for(trip)
    if route is None:
        raise ServiceError(
            _("“%(level)s”的审批流程未配置；请系统管理员配置审批流程。")
            % {"level": trip.get_approval_level_display()}
        )
    if route.external and not (
        trip.external_approval_number and trip.external_approval_date and trip.external_approver
    ):
        raise ServiceError(
            _("本团组由%(who)s审批，请先登记其批准情况（审批人、日期、批件文号）。")
            % {"who": route.external_approver_label or trip.get_approval_level_display()}
        )


# --- the approval chain: each step on record (ApprovalStep), read by selectors.approval_steps ----------
OFFICE_STEPS = (
    ApprovalStep.Kind.STAFF,
    ApprovalStep.Kind.DIVISION_HEAD,
    ApprovalStep.Kind.OFFICE_LEADER,
    ApprovalStep.Kind.FINAL,
)


def _step(trip: Trip, kind: str, *, by, opinion: str = "", capacity: str = "", **values) -> ApprovalStep:
    return ApprovalStep.objects.create(
        trip=trip,
        kind=kind,
        by=by,
        name=values.pop("name", None) or (str(by) if by else ""),
        capacity=capacity[:100],
        opinion=opinion or "",
        **values,
    )


def check_unit_steps(trip: Trip, **context) -> None:
    """Submission: the notice inside the unit ran its period and its result is recorded (the office does
    not review without it), and the unit's signatory signed the application (when the route asks)."""
    if not trip.unit_notice_start:
        raise ServiceError(_("请先在单位内公示（不少于规定的工作日），期满后登记公示结果，再报送外办。"))
    if not trip.unit_notice_done:
        raise ServiceError(
            _("单位内公示截止于 %(end)s，期满后请登记公示结果，再报送外办。")
            % {"end": trip.unit_notice_end.isoformat() if trip.unit_notice_end else "—"}
        )
    route = route_for(trip)
    if (route is None or route.unit_signature) and trip.unit_signoff != UnitSignoff.SIGNED:
        raise ServiceError(_("申请须由单位签批人签署意见后方可报送外办。"))


def check_before_unit_sign(trip: Trip, **context) -> None:
    """The signatory signs a complete application whose notice inside the unit is over with its result."""
    _require_complete(trip)
    if not trip.unit_notice_done:
        raise ServiceError(_("单位内公示期满并登记公示结果后，方可签批。"))


def record_unit_sign(trip: Trip, *, by, comment="", **context) -> None:
    _step(
        trip,
        ApprovalStep.Kind.UNIT_SIGN,
        by=by,
        opinion=comment,
        capacity=_("%(unit)s 单位签批人") % {"unit": trip.applicant_unit.name},
        decided_on=timezone.localdate(),
    )


def record_staff_review(trip: Trip, *, by, comment="", **context) -> None:
    _step(trip, ApprovalStep.Kind.STAFF, by=by, opinion=comment, capacity=_("承办人"))


def record_head_review(trip: Trip, *, by, comment="", **context) -> None:
    division = trip.division.name if trip.division_id else ""
    _step(
        trip,
        ApprovalStep.Kind.DIVISION_HEAD,
        by=by,
        opinion=comment,
        capacity=_("%(division)s处长") % {"division": division} if division else _("处长"),
        decided_on=timezone.localdate(),
    )


def record_leader_review(trip: Trip, *, by, comment="", **context) -> None:
    _step(
        trip,
        ApprovalStep.Kind.OFFICE_LEADER,
        by=by,
        opinion=comment,
        capacity=_("外办领导"),
        decided_on=timezone.localdate(),
    )


def record_final_approval(trip: Trip, *, by, comment="", **context) -> None:
    """Who approved: the office leader who fires the approval, or the higher approver on record (the
    office leader then issues the approval)."""
    route = route_for(trip)
    if route is not None and route.external:
        _step(
            trip,
            ApprovalStep.Kind.FINAL,
            by=by,
            name=trip.external_approver,
            capacity=route.external_approver_label,
            opinion=comment,
            decided_on=trip.external_approval_date,
            document=trip.external_approval_number,
        )
    else:
        _step(
            trip,
            ApprovalStep.Kind.FINAL,
            by=by,
            opinion=comment,
            capacity=_("外办领导"),
            decided_on=timezone.localdate(),
        )


def void_office_steps(trip: Trip, **context) -> None:
    """A send-back, change request or reopened case: the office reviews and decides again."""
    trip.steps.filter(is_active=True, kind__in=OFFICE_STEPS).update(is_active=False)


# --- the notices inside the unit (before applying, after return) ----------------------------------------
def notice_content(trip: Trip, *, post: bool = False) -> dict:
    """What the notice shows (Xiamen FAO 2013-09-29): each member's name, unit and title; countries,
    task, schedule and route; the inviting body; funding and budget — and after return the actual dates
    and the report. Confidential details (ID and passport numbers, dates of birth) are left out."""
    from apps.reference.selectors import dict_label

    members = [
        {
            "name": m.person.full_name,
            "unit": m.person.unit.name if m.person.unit_id else "",
            "title": m.person.title or "",
            "role": str(m.get_role_display()),
        }
        for m in trip.members.select_related("person", "person__unit").order_by("order", "id")
    ]
    legs = [
        {
            "country": str(leg.country),
            "city": leg.city,
            "arrival": leg.arrival.isoformat() if leg.arrival else "",
            "departure": leg.departure.isoformat() if leg.departure else "",
            "transit": leg.transit,
        }
        for leg in trip.legs.select_related("country")
    ]
    totals: dict[str, str] = {}
    for b in trip.budget.all():
        totals[b.currency] = str(sum(x.amount for x in trip.budget.all() if x.currency == b.currency))
    out = {
        "title": trip.title,
        "unit": trip.applicant_unit.name,
        "task": trip.task,
        "departure": trip.departure_date.isoformat() if trip.departure_date else "",
        "return": trip.return_date.isoformat() if trip.return_date else "",
        "members": members,
        "legs": legs,
        "schedule": [{"date": d.date.isoformat(), "plan": d.plan} for d in trip.schedule.all()],
        "inviter": trip.inviter_name,
        "inviter_description": trip.inviter_description,
        "funding": dict_label("funding_source", trip.funding_source) if trip.funding_source else "",
        "budget": totals,
    }
    if post:
        out.update(
            {
                "actual_departure": trip.actual_departure_date.isoformat()
                if trip.actual_departure_date
                else "",
                "actual_return": trip.actual_return_date.isoformat() if trip.actual_return_date else "",
                "report_schedule": trip.report_schedule,
                "report_results": trip.report_results,
                "actual_cost": str(trip.report_actual_cost) if trip.report_actual_cost is not None else "",
            }
        )
    return out


def snapshot_post_notice(trip: Trip, **context) -> None:
    trip.post_notice_content = notice_content(trip, post=True)


def _notice_start_day(start) -> dt.date:
    today = timezone.localdate()
    start = start or today
    if start > today:
        raise ServiceError(_("公示开始日期不能晚于今天。"))
    if start < today - dt.timedelta(days=60):
        raise ServiceError(_("公示开始日期不能早于 60 天前。"))
    return start


def unit_notice_publish(
    *, trip: Trip, by, start: dt.date | None = None, place: str = "", version=None
) -> Trip:
    """The unit publishes the pre-trip notice inside the unit (its notice board or intranet) for the
    configured working days; the system keeps what it shows. Published again (changed application), the
    period starts over and the result is recorded again."""
    if not can_apply(trip, by):
        raise PermissionDenied(_("只有申报单位可以发布单位内公示。"))
    if trip.state not in (CaseState.DRAFT, CaseState.RETURNED):
        raise ServiceError(_("单位内公示在报送外办之前进行。"))
    place = (place or "").strip()[:200]
    if not place:
        raise ServiceError(_("请填写公示地点（如单位公示栏、单位内网）。"))
    start = _notice_start_day(start)
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            data={
                "unit_notice_start": start,
                "unit_notice_end": notice_end_for(start),
                "unit_notice_place": place,
                "unit_notice_content": notice_content(trip),
                "unit_notice_result": "",
                "unit_notice_result_at": None,
            },
            audit=("unit_notice_start", "unit_notice_end", "unit_notice_place", "unit_notice_result"),
            by=by,
            action=AuditAction.TRIPS_UNIT_NOTICE,
            record_unchanged=True,
        )
        _timeline(
            trip,
            by=by,
            text=_("单位内公示：%(place)s，%(start)s 至 %(end)s。")
            % {"place": place, "start": start.isoformat(), "end": trip.unit_notice_end.isoformat()},
        )
    return trip


def _result_text(outcome: str, details: str) -> str:
    details = (details or "").strip()
    if outcome == "none":
        return str(_("公示期间无异议。")) + (f"{details}" if details else "")
    if outcome == "resolved":
        if not details:
            raise ServiceError(_("请写明收到的异议及处理情况。"))
        return str(_("公示期间收到异议，已处理：")) + details
    raise ServiceError(_("请选择公示结果。"))


def unit_notice_result_record(*, trip: Trip, by, outcome: str, details: str = "", version=None) -> Trip:
    """The notice's result (no objection / objections and how they were handled), once its period is
    over; the unit's signatories are told that the application waits for their signature."""
    if not can_apply(trip, by):
        raise PermissionDenied(_("只有申报单位可以登记公示结果。"))
    if trip.state not in (CaseState.DRAFT, CaseState.RETURNED):
        raise ServiceError(_("单位内公示在报送外办之前进行。"))
    if not trip.unit_notice_start:
        raise ServiceError(_("尚未发布单位内公示。"))
    if not trip.unit_notice_over:
        raise ServiceError(
            _("公示截止于 %(end)s，期满后方可登记结果。") % {"end": trip.unit_notice_end.isoformat()}
        )
    if outcome == "none" and trip.objections.filter(notice=Objection.Notice.PRE).exists():
        raise ServiceError(_("公示期间收到了异议，请选择“收到异议，已处理”并写明处理情况。"))
    text = _result_text(outcome, details)[:2000]
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            data={"unit_notice_result": text, "unit_notice_result_at": timezone.now()},
            audit=("unit_notice_result",),
            by=by,
            action=AuditAction.TRIPS_UNIT_NOTICE_RESULT,
            record_unchanged=True,
        )
        _timeline(trip, by=by, text=_("单位内公示结果：%(text)s") % {"text": text})
        from .selectors import unit_signatories

        cw.notify(
            users=[u for u in unit_signatories(trip) if u.pk != by.pk],
            case=trip,
            verb="unit_sign",
            text=_("%(title)s：公示期满，待单位签批") % {"title": trip.title},
        )
    return trip


def post_notice_result_record(*, trip: Trip, by, outcome: str, details: str = "", version=None) -> Trip:
    """The post-trip notice's result, once its period is over (closing waits for it)."""
    if not tp.is_applicant_or_reviewer(trip, by):
        raise PermissionDenied(_("只有申报单位或承办处室可以登记公示结果。"))
    if trip.stage != Stage.POST_NOTICE:
        raise ServiceError(_("尚未发布出访后公示。"))
    if not trip.post_notice_over:
        raise ServiceError(
            _("公示截止于 %(end)s，期满后方可登记结果。") % {"end": trip.post_notice_end.isoformat()}
        )
    text = _result_text(outcome, details)[:2000]
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            data={"post_notice_result": text, "post_notice_result_at": timezone.now()},
            audit=("post_notice_result",),
            by=by,
            action=AuditAction.TRIPS_POST_NOTICE_RESULT,
            record_unchanged=True,
        )
        _timeline(trip, by=by, text=_("出访后公示结果：%(text)s") % {"text": text})
    return trip


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


def external_approval_record(
    *, trip: Trip, by, number: str, date: dt.date | None, approver: str = "", version=None
) -> Trip:
    """The office records the approval of the route's final approver outside the office (市分管领导,
    the province…): who, when, which document — after the office leader's review."""
    _require_reviewer(trip, by)
    route = route_for(trip)
    if route is not None and not route.external:
        raise ServiceError(_("本团组由外办领导审批，无须登记上级批件。"))
    if trip.state != CaseState.PENDING_APPROVAL:
        raise ServiceError(_("报领导审批后才能登记上级审批情况。"))
    if not trip.steps.filter(is_active=True, kind=ApprovalStep.Kind.OFFICE_LEADER).exists():
        raise ServiceError(_("外办领导审核后，方可登记上级审批情况。"))
    number, approver = (number or "").strip(), (approver or "").strip()
    if not number or date is None or not approver:
        raise ServiceError(_("请填写审批人、批准日期和批件文号。"))
    if date > timezone.localdate():
        raise ServiceError(_("批准日期不能晚于今天。"))
    with transaction.atomic():
        _bump(trip, version)
        model_update(
            instance=trip,
            data={
                "external_approval_number": number[:100],
                "external_approval_date": date,
                "external_approver": approver[:100],
            },
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
    if member.passport_id is None:  # registered since the application was saved (selectors.usable_passport)
        from .selectors import usable_passport

        found = usable_passport(member, trip)
        if found is not None:
            member.passport = found
            member.save(update_fields=["passport"])
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
    if trip.stage != Stage.DOCUMENTS:
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
    if trip.stage == Stage.POST_NOTICE:
        notice = Objection.Notice.POST
    elif trip.unit_notice_running and trip.state in (CaseState.DRAFT, CaseState.RETURNED):
        notice = Objection.Notice.PRE
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
        staff = (
            list(users_with_perm("casework.review", division=trip.division_id)) if trip.division_id else []
        )
        if notice == Objection.Notice.PRE and trip.created_by_id:
            staff.append(trip.created_by)  # the unit's own notice: the unit records how it was handled
        if staff:
            cw.notify(
                users=staff,
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


# --- configuration: approval routes (tripchain) ----------------------------------------------------------
ROUTE_FIELDS = (
    "unit_signature",
    "division_head_review",
    "final_approver",
    "external_approver_label",
    "citation",
    "notes",
)


def approval_route_save(*, route, by, data: dict):
    """Change the steps of an approval level and who gives its final approval (system administrator);
    audited. Trips already past a step keep what was recorded."""
    from .models import FinalApprover

    require(by, "trips.configure_tiers", message=_("您无权配置审批流程。"))
    final = data.get("final_approver") or ""
    label = (data.get("external_approver_label") or "").strip()
    citation = (data.get("citation") or "").strip()
    if final not in FinalApprover.values:
        raise ServiceError(_("请选择最终审批人。"))
    if final == FinalApprover.EXTERNAL and not label:
        raise ServiceError(_("请填写外部审批人（例如“市分管领导”）。"))
    if not citation:
        raise ServiceError(_("请填写依据。"))
    with transaction.atomic():
        model_update(
            instance=route,
            fields=ROUTE_FIELDS,
            data={
                "unit_signature": bool(data.get("unit_signature")),
                "division_head_review": bool(data.get("division_head_review")),
                "final_approver": final,
                "external_approver_label": label[:100] if final == FinalApprover.EXTERNAL else "",
                "citation": citation[:300],
                "notes": (data.get("notes") or "").strip(),
            },
            by=by,
            action=AuditAction.TRIPS_APPROVAL_ROUTE,
            record_unchanged=True,
        )
    return route


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
