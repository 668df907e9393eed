"""Every write of invitations: unit registration (开户备案), the application and its invitees, the letter
(issue, cancel) and the close-out (销档). Transitions go through ``apps.casework.services.transition``;
the checks and follow-up work their declarations on ``Invitation`` name live here. Each function is one
transaction, audited."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.casework import services as cw
from apps.casework.models import Case, CaseState, TimelineEntry
from apps.casework.permissions import can_apply
from apps.casework.selectors import applicant_can_edit
from apps.core.errors import ConflictError, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import checks, conf
from . import permissions as ip
from .actions import InvitationAction as A
from .models import Foreigner, Invitation, Invitee, Registration, Stage

S = CaseState
REGISTRATION_FIELDS = (
    "name_zh",
    "name_en",
    "credit_code",
    "address",
    "contact_name",
    "contact_phone",
    "leader_name",
    "leader_title",
    "clerks",
    "clerk_ids_checked",
    "documents_note",
)
INVITATION_FIELDS = (
    "title",
    "purpose",
    "activity",
    "entry_date",
    "stay_days",
    "cities",
    "itinerary",
    "visa_type",
    "entries",
    "validity_months",
    "visa_apply_place",
    "costs_borne_by",
    "costs_note",
    "contact_name",
    "contact_phone",
    "signing_leader",
    "province_signs",
)
INVITEE_FIELDS = (
    "name",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_expiry",
    "occupation",
    "employer",
)
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")


def invitation_case_type():
    from .migrations_data import ensure_case_type

    return ensure_case_type()


def handling_division():
    """The division that handles invitations (出国来华管理处, per the office's division duties)."""
    from apps.org.models import Division

    ct = invitation_case_type()
    return ct.default_division or Division.objects.filter(code="outbound", is_active=True).first()


def _check_version(obj, version) -> None:
    if version in (None, ""):
        return
    try:
        posted = int(version)
    except (TypeError, ValueError):
        raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if posted != obj.version:
        raise ConflictError(_("该记录刚被其他人修改，请刷新后重试。"))


def _bump(model, obj) -> None:
    if not model.objects.filter(pk=obj.pk, version=obj.version).update(version=obj.version + 1):
        raise ConflictError(_("该记录刚被其他人修改，请刷新后重试。"))
    obj.version += 1


# =====================================================================================================
# Unit registration (开户备案)
# =====================================================================================================
def _clean_registration(data: dict) -> dict:
    out = {
        k: (data.get(k).strip() if isinstance(data.get(k), str) else data.get(k)) for k in REGISTRATION_FIELDS
    }
    out["clerk_ids_checked"] = bool(data.get("clerk_ids_checked"))
    for name, label in (
        ("name_zh", _("单位中文名称")),
        ("name_en", _("单位英文名称")),
        ("address", _("地址")),
        ("contact_name", _("联系人")),
        ("contact_phone", _("联系电话")),
        ("leader_name", _("签批负责人")),
        ("leader_title", _("负责人职务")),
        ("clerks", _("经办人员")),
    ):
        if not out.get(name):
            raise ServiceError(_("请填写%(field)s。") % {"field": label})
    for key in ("credit_code", "documents_note"):
        out[key] = out.get(key) or ""
    code = out["credit_code"].upper()
    if code and not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", code):
        raise ServiceError(_("统一社会信用代码应为 18 位数字或大写字母。"))
    out["credit_code"] = code
    return out


def registration_submit(*, by, unit, data: dict) -> Registration:
    """A unit files to become an inviting unit; the handling division reviews it."""
    require(by, "casework.apply", message=_("您无权为单位办理邀请单位备案。"))
    if unit is None:
        raise ServiceError(_("您的账号没有所属单位，不能办理备案。"))
    if by.unit_id != unit.pk:
        from apps.accounts.scope import scope_for

        require(by, "casework.apply", check=lambda: scope_for(by).allows(unit_id=unit.pk))
    values = _clean_registration(data)
    with transaction.atomic():
        if Registration.objects.active().filter(unit=unit).exists():
            raise ServiceError(_("本单位已提交过邀请单位备案，请在原备案上修改。"))
        reg = Registration(unit=unit, division=handling_division(), submitted_by=by, **values)
        reg.save()
        record(
            action=A.INVITATIONS_REGISTRATION_SUBMIT,
            target=reg,
            actor=by,
            changes={k: [None, str(v)] for k, v in values.items()},
        )
    return reg


def registration_update(*, registration: Registration, by, data: dict, version=None) -> Registration:
    require(
        by,
        "casework.apply",
        check=lambda: ip.can_edit_registration(registration, by),
        message=_("当前状态下不能修改本备案。"),
    )
    values = _clean_registration(data)
    with transaction.atomic():
        _check_version(registration, version)
        _bump(Registration, registration)
        resubmitted = registration.status == Registration.Status.RETURNED
        values["status"] = Registration.Status.PENDING
        model_update(
            instance=registration,
            data=values,
            by=by,
            action=A.INVITATIONS_REGISTRATION_UPDATE,
            extra={"resubmitted": resubmitted},
        )
    return registration


REVIEW_DECISIONS = {
    "approve": Registration.Status.APPROVED,
    "return": Registration.Status.RETURNED,
    "suspend": Registration.Status.SUSPENDED,
    "reinstate": Registration.Status.APPROVED,
}
ALLOWED_FROM = {
    "approve": (Registration.Status.PENDING,),
    "return": (Registration.Status.PENDING,),
    "suspend": (Registration.Status.APPROVED,),
    "reinstate": (Registration.Status.SUSPENDED,),
}


def registration_review(*, registration: Registration, by, decision: str, comment: str = "", version=None):
    """approve / return (补正) / suspend / reinstate a unit's filing."""
    require(
        by,
        "casework.review",
        check=lambda: ip.can_review_registration(registration, by),
        message=_("您无权审核本备案。"),
    )
    if decision not in REVIEW_DECISIONS:
        raise ServiceError(_("未知的审核操作。"))
    if registration.status not in ALLOWED_FROM[decision]:
        raise ServiceError(
            _("备案当前状态为“%(state)s”，不能执行此操作。") % {"state": registration.get_status_display()}
        )
    comment = (comment or "").strip()
    if decision in ("return", "suspend") and not comment:
        raise ServiceError(_("请填写退回或暂停的理由。"))
    if decision == "approve" and not registration.clerk_ids_checked:
        raise ServiceError(_("经办人员的身份证件尚未核验，不能备案。"))
    with transaction.atomic():
        _check_version(registration, version)
        _bump(Registration, registration)
        model_update(
            instance=registration,
            data={"status": REVIEW_DECISIONS[decision], "review_comment": comment},
            by=by,
            action=A.INVITATIONS_REGISTRATION_REVIEW,
            touch={"reviewed_by": by, "reviewed_at": timezone.now()},
            extra={"decision": decision},
        )
    return registration


def unit_registration(unit_id) -> Registration | None:
    return Registration.objects.active().filter(unit_id=unit_id).first()


def overdue_close_outs(unit_id) -> int:
    return (
        Invitation.objects.active()
        .filter(applicant_unit_id=unit_id, state=S.APPROVED, close_out_due__lt=timezone.localdate())
        .count()
    )


# =====================================================================================================
# The application
# =====================================================================================================
def _clean_invitees(rows: list[dict]) -> list[dict]:
    if not rows:
        raise ServiceError(_("请至少填写一名被邀请人。"))
    out = []
    for i, row in enumerate(rows, start=1):
        values = {k: row.get(k) for k in INVITEE_FIELDS}
        for k in ("name", "passport_number", "occupation", "employer", "sex"):
            values[k] = (values.get(k) or "").strip()
        values["name"] = " ".join(values["name"].upper().split())
        values["passport_number"] = "".join(values["passport_number"].upper().split())
        if not values["name"]:
            raise ServiceError(_("第 %(n)s 名被邀请人：请填写护照姓名。") % {"n": i})
        if values["nationality"] is None:
            raise ServiceError(_("第 %(n)s 名被邀请人：请选择国籍。") % {"n": i})
        if values["nationality"].iso2 in ("CN", "HK", "MO", "TW"):
            raise ServiceError(_("第 %(n)s 名被邀请人：国籍应为外国，港澳台居民不适用本程序。") % {"n": i})
        if not PASSPORT_RE.match(values["passport_number"]):
            raise ServiceError(_("第 %(n)s 名被邀请人：护照号码应为 5–20 位字母或数字。") % {"n": i})
        if values["sex"] not in ("M", "F"):
            raise ServiceError(_("第 %(n)s 名被邀请人：请选择性别。") % {"n": i})
        if not values.get("date_of_birth") or not values.get("passport_expiry"):
            raise ServiceError(_("第 %(n)s 名被邀请人：请填写出生日期和护照有效期。") % {"n": i})
        if values["date_of_birth"] >= timezone.localdate():
            raise ServiceError(_("第 %(n)s 名被邀请人：出生日期应早于今天。") % {"n": i})
        _check_mrz(i, row.get("mrz"), values)
        out.append(values)
    seen = set()
    for v in out:
        key = (v["nationality"].pk, v["passport_number"])
        if key in seen:
            raise ServiceError(_("护照号码 %(no)s 重复填写。") % {"no": v["passport_number"]})
        seen.add(key)
    return out


def _check_mrz(n: int, mrz: str | None, values: dict) -> None:
    """The passport's machine-readable zone when given (two lines of 44): check digits (ICAO 9303) and
    agreement with the typed number, date of birth, expiry and sex."""
    from apps.passports.mrz import compare, parse_td3

    lines = [ln.strip() for ln in (mrz or "").replace("\r", "").split("\n") if ln.strip()]
    if not lines:
        return
    if len(lines) == 1 and len("".join(lines[0].split())) == 88:
        flat = "".join(lines[0].split())
        lines = [flat[:44], flat[44:]]
    parsed = parse_td3(lines[0], lines[1] if len(lines) > 1 else "")
    problems = parsed.errors or compare(
        parsed,
        number=values["passport_number"],
        expiry_date=values["passport_expiry"],
        birth_date=values["date_of_birth"],
        sex=values["sex"],
    )
    if problems:
        raise ServiceError(_("第 %(n)s 名被邀请人：%(msg)s") % {"n": n, "msg": " ".join(problems)})


def _clean_main(data: dict) -> dict:
    values = {k: data.get(k) for k in INVITATION_FIELDS if k in data}
    for k in (
        "title",
        "purpose",
        "activity",
        "cities",
        "itinerary",
        "visa_apply_place",
        "costs_note",
        "contact_name",
        "contact_phone",
        "signing_leader",
    ):
        if k in values:
            values[k] = (values[k] or "").strip()
    values["province_signs"] = bool(values.get("province_signs"))
    return values


def _foreigner_for(values: dict, by) -> Foreigner:
    from apps.core.crypto import lookup_hash

    found = Foreigner.objects.filter(
        nationality=values["nationality"], passport_hash=lookup_hash(values["passport_number"])
    ).first()
    if found is not None:
        return found
    f = Foreigner.objects.create(
        name=values["name"],
        sex=values["sex"],
        date_of_birth=values["date_of_birth"],
        nationality=values["nationality"],
        passport_number=values["passport_number"],
    )
    record(
        action=A.INVITATIONS_FOREIGNER_CREATE,
        target=f,
        actor=by,
        changes={"name": [None, f.name], "nationality": [None, str(f.nationality)]},
    )
    return f


def _save_invitees(invitation: Invitation, rows: list[dict], by) -> None:
    """The invitees, each linked to the register (a returning guest is recognised: not first-time)."""
    invitation.invitees.all().delete()
    for i, values in enumerate(rows):
        foreigner = _foreigner_for(values, by)
        invited_before = (
            Invitee.objects.filter(
                foreigner=foreigner, invitation__stage__in=(Stage.ISSUED, Stage.CLOSED_OUT)
            )
            .exclude(invitation=invitation)
            .exists()
        )
        Invitee.objects.create(
            invitation=invitation, order=i, foreigner=foreigner, first_time=not invited_before, **values
        )


def _audit_invitees(rows) -> list[str]:
    return [f"{r['name']} ({r['nationality']})" for r in rows]


def invitation_create(*, by, unit, data: dict, invitees: list[dict]) -> Invitation:
    """A draft application (one or more invitees)."""
    require(by, "casework.apply", message=_("您无权提交申请。"))
    values = _clean_main(data)
    rows = _clean_invitees(invitees)
    if not values.get("title"):
        values["title"] = _("邀请外国人来华")
    with transaction.atomic():
        title = values.pop("title")
        inv = cw.case_create(
            model=Invitation,
            case_type=invitation_case_type(),
            by=by,
            applicant_unit=unit,
            title=title,
            **values,
        )
        _save_invitees(inv, rows, by)
        record(
            action=A.INVITATIONS_CREATE,
            target=inv,
            actor=by,
            changes={"invitees": [None, _audit_invitees(rows)]},
        )
        _store_check(inv)
    return inv


def invitation_update(*, invitation: Invitation, by, data: dict, invitees: list[dict], version=None):
    require(
        by,
        "casework.apply",
        check=lambda: applicant_can_edit(invitation, by),
        message=_("当前状态下不能修改本申请。"),
    )
    values = _clean_main(data)
    rows = _clean_invitees(invitees)
    if "title" in values and not values["title"]:
        raise ServiceError(_("请填写标题。"))
    with transaction.atomic():
        _check_version(invitation, version)
        before = [f"{i.name} ({i.nationality})" for i in invitation.invitees.select_related("nationality")]
        model_update(
            instance=invitation,
            data=values,
            by=by,
            action=A.INVITATIONS_UPDATE,
            before_save=lambda inst: _bump_case(inst),
            record_unchanged=True,
            extra={"invitees": [before, _audit_invitees(rows)]},
        )
        _save_invitees(invitation, rows, by)
        _store_check(invitation)
    return invitation


def _bump_case(invitation) -> None:
    if not Case.objects.filter(pk=invitation.pk, version=invitation.version).update(
        version=invitation.version + 1
    ):
        raise ConflictError(_("该申请刚被其他人修改，请刷新后重试。"))
    invitation.version += 1


def _store_check(invitation: Invitation) -> list[dict]:
    findings = [
        f.to_dict() for f in checks.run(checks.draft_from(invitation), unit_id=invitation.applicant_unit_id)
    ]
    Invitation.objects.filter(pk=invitation.pk).update(last_check=findings, checked_at=timezone.now())
    invitation.last_check, invitation.checked_at = findings, timezone.now()
    return findings


def invitation_transition(
    *, invitation: Invitation, name: str, by, comment: str = "", version=None, **params
):
    return cw.transition(case=invitation, name=name, by=by, comment=comment, version=version, **params)


def record_problems(*, invitation: Invitation, by, text: str, version=None) -> Invitation:
    """The office records problems of an invitation (overstay, change of purpose)."""
    require(
        by,
        "casework.review",
        check=lambda: ip.is_reviewer(invitation, by) or by.has_perm("casework.approve"),
        message=_("您无权记录本邀请的问题。"),
    )
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("请填写问题情况。"))
    with transaction.atomic():
        _check_version(invitation, version)
        model_update(
            instance=invitation,
            data={"problems": text},
            by=by,
            action=A.INVITATIONS_UPDATE,
            before_save=lambda inst: _bump_case(inst),
        )
    return invitation


# --- hooks of the declared transitions ----------------------------------------------------------------
def check_before_submit(invitation, *, by, **context) -> None:
    """Submission (and resubmission): the unit is a registered inviting unit, not suspended, and the
    application passes the checks (errors block; warnings are for the reviewer)."""
    reg = unit_registration(invitation.applicant_unit_id)
    if reg is None or reg.status in (Registration.Status.PENDING, Registration.Status.RETURNED):
        raise ServiceError(_("本单位尚未完成邀请单位备案（开户备案），备案通过后才能提交邀请申请。"))
    if reg.status == Registration.Status.SUSPENDED:
        raise ServiceError(_("本单位的邀请资格已暂停：%(why)s") % {"why": reg.review_comment or "—"})
    limit = conf.SUSPEND_AFTER_OVERDUE.value
    overdue = overdue_close_outs(invitation.applicant_unit_id)
    if limit and overdue >= int(limit):
        raise ServiceError(
            _("本单位有 %(n)s 件邀请逾期未销档，请先办理销档再提交新的申请。") % {"n": overdue}
        )
    findings = _store_check(invitation)
    errors = checks.blocking(findings)
    if errors:
        raise ServiceError(_("申请不符合规定：%(msg)s") % {"msg": "；".join(f["message"] for f in errors)})


def check_before_issue(invitation, *, by, province_reference="", **context) -> dict:
    findings = _store_check(invitation)
    errors = checks.blocking(findings)
    if errors:
        raise ServiceError(_("不能出具：%(msg)s") % {"msg": "；".join(f["message"] for f in errors)})
    province_reference = (province_reference or "").strip()
    if invitation.province_signs and not province_reference:
        raise ServiceError(_("本邀请由省外办签发，请填写省外办的文号。"))
    return {"province_reference": province_reference}


VERIFY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(12))


def number_the_letter(invitation, *, by, province_reference="", **context) -> None:
    """Issue: the letter (邀请函) and the 《外国人邀请核实单》 as numbered official documents
    (``apps.documents``, GB/T 9704-2012), the verification code, validity and the close-out deadline."""
    from .documents import issue_documents

    invitation.verification_code = new_verification_code()
    invitation.province_reference = province_reference or ""
    invitation.valid_until = invitation.entry_date
    exit_date = invitation.exit_date or invitation.entry_date
    invitation.close_out_due = exit_date + dt.timedelta(days=int(conf.CLOSE_OUT_DAYS.value))
    letter, _note = issue_documents(invitation, by=by)
    invitation.letter_number = letter.number
    TimelineEntry.objects.create(
        case_id=invitation.pk,
        actor=by,
        kind=TimelineEntry.Kind.COMMENT,
        text=_("邀请函编号 %(no)s；销档期限 %(due)s")
        % {"no": invitation.letter_number, "due": invitation.close_out_due},
    )


def check_close_out(invitation, *, by, outcomes=None, **context) -> dict:
    """The unit reports, for each invitee, whether they came (with entry and exit dates) or not."""
    invitees = {i.pk: i for i in invitation.invitees.all()}
    outcomes = outcomes or {}
    clean = {}
    cancelled = invitation.stage == Stage.CANCELLED
    for pk, inv in invitees.items():
        row = outcomes.get(pk) or outcomes.get(str(pk)) or {}
        came = bool(row.get("came")) and not cancelled
        entry, exit_ = row.get("actual_entry"), row.get("actual_exit")
        if came:
            if not entry or not exit_:
                raise ServiceError(_("请填写 %(name)s 的实际入境和离境日期。") % {"name": inv.name})
            if exit_ < entry:
                raise ServiceError(_("%(name)s 的离境日期早于入境日期。") % {"name": inv.name})
            if exit_ > timezone.localdate():
                raise ServiceError(_("%(name)s 的离境日期不能晚于今天。") % {"name": inv.name})
        clean[pk] = {
            "came": came,
            "actual_entry": entry if came else None,
            "actual_exit": exit_ if came else None,
        }
    return {"outcomes": clean}


def record_outcomes(invitation, *, by, outcomes=None, **context) -> None:
    lines = []
    for inv in invitation.invitees.all():
        row = (outcomes or {}).get(inv.pk) or {"came": False}
        inv.outcome = Invitee.Outcome.CAME if row["came"] else Invitee.Outcome.NOT_CAME
        inv.actual_entry, inv.actual_exit = row.get("actual_entry"), row.get("actual_exit")
        inv.save(update_fields=["outcome", "actual_entry", "actual_exit"])
        lines.append(
            f"{inv.name}：{inv.get_outcome_display()}"
            + (f"（{inv.actual_entry} — {inv.actual_exit}）" if row["came"] else "")
        )
    TimelineEntry.objects.create(
        case_id=invitation.pk, actor=by, kind=TimelineEntry.Kind.COMMENT, text="；".join(lines)
    )
    record(
        action=A.INVITATIONS_CLOSE_OUT,
        target=invitation,
        actor=by,
        changes={"invitees": [None, lines]},
    )


def close_out(*, invitation: Invitation, by, outcomes: dict, comment: str = "", version=None):
    if not can_apply(invitation, by):
        raise PermissionDenied(_("只有申请单位可以办理销档。"))
    return invitation_transition(
        invitation=invitation, name="close_out", by=by, comment=comment, version=version, outcomes=outcomes
    )
