"""Writes to the custody register. Each function checks ``passports.manage`` and the data scope, runs in
one transaction, writes the custody log where the passport moves, and audits.

For other apps (trips): :func:`check_out` with ``case=`` the trip's case and :func:`default_due_back`;
:func:`check_in` when the passport comes back; :func:`refresh_statuses` from a periodic task.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record, record_sensitive_view
from apps.core.concurrency import check_unchanged
from apps.core.errors import ServiceError
from apps.core.permissions import require
from apps.core.services import model_update
from apps.people.access import allows_unit
from apps.people.services import check_reveal_rate

from . import conf, mrz
from .models import (
    FINAL_STATUSES,
    MRZ_KINDS,
    OFFICIAL_PASSPORT_KINDS,
    OUT_STATUSES,
    CustodyEvent,
    Endorsement,
    Kind,
    Passport,
    PassportApplication,
    Status,
)

FIELDS = (
    "kind",
    "issue_date",
    "expiry_date",
    "issuing_authority",
    "status",
    "mrz_line1",
    "mrz_line2",
    "notes",
)


def _require(by, passport_or_person) -> None:
    """``passports.manage`` for the passports of this holder's unit (see apps.people.access)."""
    person = getattr(passport_or_person, "holder", passport_or_person)
    require(
        by,
        "passports.manage",
        check=lambda: allows_unit(by, person.unit_id),
        message=_("您不能为该人员登记或保管证照。"),
    )


def _values(p: Passport) -> dict:
    out = {f: getattr(p, f) for f in FIELDS}
    for f in ("issue_date", "expiry_date"):
        out[f] = out[f].isoformat() if out[f] else None
    out["holder"] = p.holder_id
    out["number_hash"] = p.number_hash[:12]  # which number, without the number
    return out


def _today(today):
    return today or timezone.localdate()


def _due_back(p: Passport) -> str | None:
    checkout = p.current_checkout
    return checkout.due_back.isoformat() if checkout is not None and checkout.due_back else None


def default_due_back(
    *,
    return_date: datetime.date | None = None,
    departure: datetime.date | None = None,
    approved_days: int | None = None,
) -> datetime.date | None:
    """Due date of a checked-out passport: return date + N days (N = PASSPORT_RETURN_DAYS, 7, MFA
    consular notice 2018); Beijing FAO form: departure + approved days + N."""
    n = int(conf.RETURN_DAYS.value)
    if return_date:
        return return_date + datetime.timedelta(days=n)
    if departure and approved_days is not None:
        return departure + datetime.timedelta(days=int(approved_days) + n)
    return None


def validate_passport(
    *,
    holder,
    kind,
    number,
    issue_date,
    expiry_date,
    mrz_line1="",
    mrz_line2="",
    exclude_pk=None,
    today: datetime.date | None = None,
) -> list[tuple[str | None, str]]:
    """Every problem as ``(field, message)``; empty when the passport may be registered."""
    today = _today(today)
    errors: list[tuple[str | None, str]] = []
    number = (number or "").replace(" ", "").upper()
    if not number:
        errors.append(("number", _("请填写证照号码。")))
    if issue_date and expiry_date and expiry_date <= issue_date:
        errors.append(("expiry_date", _("有效期至应晚于签发日期。")))
    if issue_date and issue_date > today:
        errors.append(("issue_date", _("签发日期不能晚于今天。")))
    if mrz_line1 or mrz_line2:
        if kind not in MRZ_KINDS:
            errors.append(("mrz_line2", _("只有护照可以录入机读码（ICAO 9303 TD3）。")))
        else:
            parsed = mrz.parse_td3(mrz_line1, mrz_line2)
            if parsed.errors:
                errors.extend(("mrz_line2", e) for e in parsed.errors)
            else:
                errors.extend(
                    ("mrz_line2", e)
                    for e in mrz.compare(
                        parsed,
                        number=number,
                        expiry_date=expiry_date,
                        birth_date=holder.date_of_birth,
                        sex=holder.sex,
                    )
                )
    if (
        conf.ONE_VALID_OFFICIAL_PASSPORT.value
        and kind in OFFICIAL_PASSPORT_KINDS
        and expiry_date
        and expiry_date >= today
    ):
        other = (
            Passport.objects.filter(holder=holder, kind__in=OFFICIAL_PASSPORT_KINDS, expiry_date__gte=today)
            .exclude(status__in=FINAL_STATUSES)
            .exclude(pk=exclude_pk)
            .first()
        )
        if other:
            errors.append(
                (
                    "kind",
                    _(
                        "%(name)s 已持有有效的%(kind)s（有效期至 %(until)s）。"
                        "一人不得同时持有两本有效的因公护照；"
                        "如需换发，请在原证照页面办理“换发”或先注销原证照。"
                    )
                    % {
                        "name": holder.full_name,
                        "kind": other.get_kind_display(),
                        "until": other.expiry_date.isoformat(),
                    },
                )
            )
    if number and kind:
        from apps.core.crypto import lookup_hash

        clash = Passport.objects.filter(kind=kind, number_hash=lookup_hash(number)).exclude(pk=exclude_pk)
        if clash.exists():
            errors.append(("number", _("该证照号码已登记。")))
    return errors


def _raise_first(errors):
    if errors:
        field, message = errors[0]
        raise ServiceError(message, code=field or "refused")


@transaction.atomic
def passport_create(
    *,
    by,
    holder,
    kind,
    number,
    issue_date,
    expiry_date,
    issuing_authority,
    mrz_line1="",
    mrz_line2="",
    notes="",
    replaces=None,
    today=None,
) -> Passport:
    """Register a passport or permit into custody (status in custody, or expired if already past)."""
    _require(by, holder)
    if holder.is_archived:
        raise ServiceError(_("该人员已归档，不能登记证照。"))
    _raise_first(
        validate_passport(
            holder=holder,
            kind=kind,
            number=number,
            issue_date=issue_date,
            expiry_date=expiry_date,
            mrz_line1=mrz_line1,
            mrz_line2=mrz_line2,
            today=today,
        )
    )
    today = _today(today)
    passport = Passport(holder=holder, replaces=replaces, created_by=by, updated_by=by)
    values = {
        "kind": kind,
        "number": number,
        "issue_date": issue_date,
        "expiry_date": expiry_date,
        "issuing_authority": issuing_authority,
        "mrz_line1": mrz.normalise_line(mrz_line1),
        "mrz_line2": mrz.normalise_line(mrz_line2),
        "notes": notes,
        "status": Status.EXPIRED if expiry_date < today else Status.IN_CUSTODY,
    }
    try:
        with transaction.atomic():
            model_update(
                instance=passport, data=values, audit=_values, by=by, action=AuditAction.PASSPORTS_CREATE
            )
    except IntegrityError as err:
        raise ServiceError(_("该证照号码已登记。"), code="number") from err
    CustodyEvent.objects.create(
        passport=passport, kind=CustodyEvent.Kind.REGISTERED, by=by, purpose=_("登记入库")
    )
    _close_applications_for(passport, by)
    return passport


@transaction.atomic
def passport_update(
    *, passport: Passport, by, data: dict, today=None, edit_token: str | None = None
) -> Passport:
    """Correct a passport's recorded fields (not its status: that moves only through check-out etc.)."""
    _require(by, passport)
    check_unchanged(passport, edit_token)
    if passport.status in FINAL_STATUSES:
        raise ServiceError(_("已注销或挂失的证照不能修改。"))
    number = (data.get("number") or "").strip() or passport.number

    def check(p: Passport) -> None:
        """The corrected passport as a whole: valid, its machine-readable zone normalised, its status."""
        _raise_first(
            validate_passport(
                holder=p.holder,
                kind=p.kind,
                number=number,
                issue_date=p.issue_date,
                expiry_date=p.expiry_date,
                mrz_line1=p.mrz_line1,
                mrz_line2=p.mrz_line2,
                exclude_pk=p.pk,
                today=today,
            )
        )
        p.number = number
        p.mrz_line1, p.mrz_line2 = mrz.normalise_line(p.mrz_line1), mrz.normalise_line(p.mrz_line2)
        if p.status not in OUT_STATUSES:
            p.status = Status.EXPIRED if p.expiry_date < _today(today) else Status.IN_CUSTODY

    model_update(
        instance=passport,
        fields=("issue_date", "expiry_date", "issuing_authority", "mrz_line1", "mrz_line2", "notes"),
        data=data,
        audit=_values,
        by=by,
        action=AuditAction.PASSPORTS_UPDATE,
        before_save=check,
        touch={"updated_by": by},
    )
    return passport


def _locked(passport: Passport) -> Passport:
    return (
        Passport.objects.select_for_update(of=("self",))
        .select_related("holder", "current_checkout")
        .get(pk=passport.pk)
    )


@transaction.atomic
def check_out(
    *, passport: Passport, case=None, due_back: datetime.date, by, purpose: str = "", today=None
) -> CustodyEvent:
    """Hand a passport in custody out for a trip; it must be valid and due back after today."""
    _require(by, passport)
    today = _today(today)
    p = _locked(passport)
    if p.status in OUT_STATUSES:
        raise ServiceError(_("该证照已借出，尚未交回。"), code="status")
    if p.status in FINAL_STATUSES:
        raise ServiceError(
            _("该证照已%(status)s，不能借出。") % {"status": p.get_status_display()}, code="status"
        )
    if p.expiry_date < today:
        raise ServiceError(
            _("该证照已过期（有效期至 %(d)s），不能借出。") % {"d": p.expiry_date.isoformat()}, code="status"
        )
    if not due_back:
        raise ServiceError(_("请填写应交回日期。"), code="due_back")
    if due_back < today:
        raise ServiceError(_("应交回日期不能早于今天。"), code="due_back")
    if case is None and not (purpose or "").strip():
        raise ServiceError(_("请选择出访任务或填写用途。"), code="purpose")
    event = CustodyEvent.objects.create(
        passport=p,
        kind=CustodyEvent.Kind.CHECK_OUT,
        by=by,
        case=case,
        purpose=(purpose or "").strip()[:300],
        due_back=due_back,
    )
    model_update(
        instance=p,
        data={"status": Status.OUT, "current_checkout": event},
        # a passport in custody has no open check-out: its due date goes from none to the new one
        audit=lambda obj: {"status": obj.status, "due_back": _due_back(obj)},
        by=by,
        action=AuditAction.PASSPORTS_CHECK_OUT,
        touch={"updated_by": by},
        extra={"case": getattr(case, "pk", None), "purpose": event.purpose},
    )
    passport.refresh_from_db()
    return event


@transaction.atomic
def check_in(*, passport: Passport, by, note: str = "", today=None) -> CustodyEvent:
    """Take a passport back into custody; closes its open check-out (``returned_at``)."""
    _require(by, passport)
    today = _today(today)
    p = _locked(passport)
    if p.status not in OUT_STATUSES:
        raise ServiceError(_("该证照不在借出状态，无需交回。"), code="status")
    now = timezone.now()
    checkout = p.current_checkout
    late_days = 0
    if checkout:
        late_days = max(0, (today - checkout.due_back).days) if checkout.due_back else 0
        checkout.returned_at, checkout.returned_to = now, by
        checkout.save(update_fields=["returned_at", "returned_to"])
    event = CustodyEvent.objects.create(
        passport=p,
        kind=CustodyEvent.Kind.CHECK_IN,
        by=by,
        at=now,
        case=getattr(checkout, "case", None),
        purpose=(note or "")[:300],
    )
    model_update(
        instance=p,
        data={
            "status": Status.EXPIRED if p.expiry_date < today else Status.IN_CUSTODY,
            "current_checkout": None,
        },
        audit=("status",),
        by=by,
        action=AuditAction.PASSPORTS_CHECK_IN,
        touch={"updated_by": by},
        extra={"days_late": late_days},
    )
    passport.refresh_from_db()
    return event


@transaction.atomic
def recall(*, passport: Passport, by, due_back: datetime.date, reason: str = "") -> CustodyEvent | None:
    """The trip the passport was checked out for is off: it is due back by ``due_back`` (never later than
    the open check-out's date). Returns the open check-out, or None when the passport is not out."""
    p = _locked(passport)
    checkout = p.current_checkout
    if p.status not in OUT_STATUSES or checkout is None:
        return None
    before = checkout.due_back
    if before is None or due_back < before:
        checkout.due_back = due_back
        note = (reason or "").strip()
        if note:
            checkout.purpose = f"{checkout.purpose}；{note}"[:300] if checkout.purpose else note[:300]
        checkout.save(update_fields=["due_back", "purpose"])
        Passport.objects.filter(pk=p.pk).update(due_back=checkout.due_back)  # the row's copy
        p.due_back = checkout.due_back
    record(
        action=AuditAction.PASSPORTS_RECALL,
        target=p,
        actor=by,
        changes={"due_back": [before.isoformat() if before else None, checkout.due_back.isoformat()]},
        extra={"case": checkout.case_id, "reason": (reason or "")[:300]},
    )
    return checkout


@transaction.atomic
def report_loss(*, passport: Passport, statement: str, by) -> CustodyEvent:
    """Report a passport lost: it is declared void (护照法 art. 16) and can never be checked out again."""
    _require(by, passport)
    if not (statement or "").strip():
        raise ServiceError(_("请填写遗失情况说明。"), code="statement")
    p = _locked(passport)
    if p.status in FINAL_STATUSES:
        raise ServiceError(_("该证照已%(status)s。") % {"status": p.get_status_display()}, code="status")
    now = timezone.now()
    # An open check-out stays open in the log (returned_at empty): the passport never came back.
    event = CustodyEvent.objects.create(
        passport=p, kind=CustodyEvent.Kind.LOST, by=by, at=now, purpose=statement.strip()[:300]
    )
    note = _("%(date)s 挂失，宣布作废：%(statement)s") % {
        "date": timezone.localdate().isoformat(),
        "statement": statement.strip(),
    }
    model_update(
        instance=p,
        data={
            "status": Status.LOST,
            "current_checkout": None,
            "notes": (p.notes + "\n" if p.notes else "") + note,
        },
        audit=("status",),
        by=by,
        action=AuditAction.PASSPORTS_REPORT_LOSS,
        touch={"updated_by": by},
        extra={"statement": statement.strip()},
    )
    return event


@transaction.atomic
def cancel(*, passport: Passport, reason: str, by, kind: str = CustodyEvent.Kind.CANCELLED) -> CustodyEvent:
    """Cancel (注销) a passport in custody or expired; a passport out must first be checked in."""
    _require(by, passport)
    if not (reason or "").strip():
        raise ServiceError(_("请填写注销原因。"), code="reason")
    p = _locked(passport)
    if p.status in OUT_STATUSES:
        raise ServiceError(_("该证照已借出，请先办理交回。"), code="status")
    if p.status in FINAL_STATUSES:
        raise ServiceError(_("该证照已%(status)s。") % {"status": p.get_status_display()}, code="status")
    event = CustodyEvent.objects.create(passport=p, kind=kind, by=by, purpose=reason.strip()[:300])
    model_update(
        instance=p,
        data={"status": Status.CANCELLED},
        by=by,
        action=AuditAction.PASSPORTS_CANCEL,
        touch={"updated_by": by},
        extra={"reason": reason.strip()},
    )
    return event


@transaction.atomic
def renew(
    *,
    passport: Passport,
    by,
    number,
    issue_date,
    expiry_date,
    issuing_authority,
    mrz_line1="",
    mrz_line2="",
    today=None,
) -> Passport:
    """Replace a passport with a newly issued one: the old one is cancelled (log: 换发), the new one
    registered in custody with ``replaces`` pointing at the old."""
    _require(by, passport)
    cancel(passport=passport, reason=_("换发新证"), by=by, kind=CustodyEvent.Kind.RENEWED)
    passport.refresh_from_db()
    return passport_create(
        by=by,
        holder=passport.holder,
        kind=passport.kind,
        number=number,
        issue_date=issue_date,
        expiry_date=expiry_date,
        issuing_authority=issuing_authority,
        mrz_line1=mrz_line1,
        mrz_line2=mrz_line2,
        replaces=passport,
        today=today,
    )


@transaction.atomic
def endorsement_add(
    *, passport: Passport, by, kind, entries, valid_until, region="both", max_stay_days: int = 30
) -> Endorsement:
    """Record a 签注 on a HK/Macao permit."""
    _require(by, passport)
    if passport.kind != Kind.HK_MACAO_PERMIT:
        raise ServiceError(_("只有往来港澳通行证可以登记签注。"), code="kind")
    if valid_until > passport.expiry_date:
        raise ServiceError(_("签注有效期不能晚于通行证有效期。"), code="valid_until")
    e = Endorsement.objects.create(
        passport=passport,
        kind=kind,
        entries=entries,
        valid_until=valid_until,
        region=region,
        max_stay_days=max_stay_days,
        created_by=by,
        updated_by=by,
    )
    record(
        action=AuditAction.PASSPORTS_ENDORSEMENT_ADD,
        target=passport,
        actor=by,
        changes={"endorsement": [None, str(e)]},
    )
    return e


def reveal_number(*, passport: Passport, by, purpose: str = "") -> str:
    """The number in clear for someone with ``people.view_sensitive`` in scope; audited."""
    require(by, "passports.reveal_passport", obj=passport, message=_("无权查看证件号码。"))
    check_reveal_rate(by=by, target=passport)
    record_sensitive_view(target=passport, fields=["number"], actor=by, purpose=purpose)
    return passport.number


def refresh_statuses(today: datetime.date | None = None) -> dict[str, int]:
    """Store the effective status (out → overdue past due; in custody → expired past expiry).
    Meant for a daily task; pages compute the same thing on read. Returns counts changed."""
    today = _today(today)
    counts = {}
    with transaction.atomic():
        counts["overdue"] = Passport.objects.filter(status=Status.OUT, due_back__lt=today).update(
            status=Status.OVERDUE
        )
        counts["out"] = Passport.objects.filter(status=Status.OVERDUE, due_back__gte=today).update(
            status=Status.OUT
        )
        counts["expired"] = Passport.objects.filter(status=Status.IN_CUSTODY, expiry_date__lt=today).update(
            status=Status.EXPIRED
        )
        if any(counts.values()):
            record(action=AuditAction.PASSPORTS_REFRESH_STATUSES, extra={"date": today.isoformat(), **counts})
    return counts


# --- tripapi: applications in progress, loans from before the system ----------------------------------
@transaction.atomic
def application_record(
    *, by, holder, kind: str, applied_on: datetime.date, expected_issue=None, notes: str = "", today=None
) -> PassportApplication:
    """Record a passport (or permit) applied for and not issued yet (在办申请). While it is open it
    satisfies the trip's passport check with a warning; registering the passport closes it."""
    _require(by, holder)
    today = _today(today)
    if holder.is_archived:
        raise ServiceError(_("该人员已归档，不能登记证照申请。"))
    if kind not in Kind.values:
        raise ServiceError(_("请选择证照类型。"), code="kind")
    if not applied_on or applied_on > today:
        raise ServiceError(_("申请日期不能晚于今天。"), code="applied_on")
    if expected_issue and expected_issue < applied_on:
        raise ServiceError(_("预计签发日期不能早于申请日期。"), code="expected_issue")
    if PassportApplication.objects.filter(
        holder=holder, kind=kind, status=PassportApplication.Status.APPLIED
    ).exists():
        raise ServiceError(_("该人员已有同类证照的在办申请。"), code="kind")
    application = PassportApplication(holder=holder, created_by=by, updated_by=by)
    model_update(
        instance=application,
        data={
            "kind": kind,
            "applied_on": applied_on,
            "expected_issue": expected_issue,
            "notes": (notes or "").strip(),
        },
        audit=lambda a: {
            "holder": a.holder_id,
            "kind": a.kind,
            "applied_on": a.applied_on.isoformat() if a.applied_on else None,
            "expected_issue": a.expected_issue.isoformat() if a.expected_issue else None,
        },
        by=by,
        action=AuditAction.PASSPORTS_APPLICATION_RECORD,
    )
    return application


@transaction.atomic
def application_close(
    *, application: PassportApplication, by, outcome: str, passport=None
) -> PassportApplication:
    """Close an open application: ``issued`` (with the registered passport) or ``withdrawn``."""
    _require(by, application.holder)
    application = PassportApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != PassportApplication.Status.APPLIED:
        raise ServiceError(_("该申请已办结。"), code="status")
    if outcome not in (PassportApplication.Status.ISSUED, PassportApplication.Status.WITHDRAWN):
        raise ServiceError(_("请选择办结方式。"), code="outcome")
    if passport is not None and passport.holder_id != application.holder_id:
        raise ServiceError(_("所选证照不属于申请人。"), code="passport")
    model_update(
        instance=application,
        data={"status": outcome, "passport": passport, "closed_at": timezone.now()},
        audit=lambda a: {"status": a.status, "passport": a.passport_id},
        by=by,
        action=AuditAction.PASSPORTS_APPLICATION_CLOSE,
        touch={"updated_by": by},
    )
    return application


def _close_applications_for(passport: Passport, by) -> None:
    """A registered passport ends its holder's open application of that kind (issued)."""
    for application in PassportApplication.objects.filter(
        holder_id=passport.holder_id, kind=passport.kind, status=PassportApplication.Status.APPLIED
    ):
        application_close(
            application=application, by=by, outcome=PassportApplication.Status.ISSUED, passport=passport
        )


@transaction.atomic
def register_loan(
    *, passport: Passport, by, out_since: datetime.date, due_back: datetime.date, purpose: str, today=None
) -> CustodyEvent:
    """Enter a passport that was already out on loan before the system was used: out since
    ``out_since`` and due back on its real date, which may be past (it is then overdue at once)."""
    _require(by, passport)
    today = _today(today)
    p = _locked(passport)
    if p.status != Status.IN_CUSTODY and p.status != Status.EXPIRED:
        raise ServiceError(_("只有登记为在库的证照可以补登借出。"), code="status")
    if p.events.filter(kind=CustodyEvent.Kind.CHECK_OUT).exists():
        raise ServiceError(_("该证照在本系统中已有借出记录，请按借出、交回办理。"), code="status")
    if not out_since or out_since > today:
        raise ServiceError(_("借出日期不能晚于今天。"), code="out_since")
    if not due_back or due_back < out_since:
        raise ServiceError(_("应交回日期不能早于借出日期。"), code="due_back")
    purpose = (purpose or "").strip()
    if not purpose:
        raise ServiceError(_("请填写借出用途。"), code="purpose")
    at = timezone.make_aware(datetime.datetime.combine(out_since, datetime.time(9, 0)))
    event = CustodyEvent.objects.create(
        passport=p,
        kind=CustodyEvent.Kind.CHECK_OUT,
        by=by,
        at=at,
        purpose=(_("系统启用前借出：%(purpose)s") % {"purpose": purpose})[:300],
        due_back=due_back,
    )
    model_update(
        instance=p,
        data={"status": Status.OUT, "current_checkout": event},
        audit=lambda obj: {"status": obj.status, "due_back": _due_back(obj)},
        by=by,
        action=AuditAction.PASSPORTS_REGISTER_LOAN,
        touch={"updated_by": by},
        extra={"out_since": out_since.isoformat(), "purpose": event.purpose},
    )
    passport.refresh_from_db()
    return event
