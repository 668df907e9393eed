"""Every write of the foreign journalists' register and of interview requests.

The register belongs to the handling division (涉外管理处): writing needs ``casework.review`` and a data
scope that reaches that division (``apps.accounts.scope``: the one rule). Interview requests are cases:
the casework engine drives them; this module adds their fields and the consent check (art. 17)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.scope import scope_for
from apps.audit.services import record
from apps.casework import services as cw
from apps.casework.models import Case, CaseState, CaseType
from apps.core.errors import ConflictError, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update
from apps.org.models import Division

from . import conf
from .actions import JournalistAction
from .models import Bureau, ChangeReport, InterviewRequest, Journalist, JournalistKind, VisaKind

HANDLING_DIVISION = "foreign_affairs"
JOURNALIST_FIELDS = (
    "name",
    "name_zh",
    "nationality",
    "kind",
    "visa_kind",
    "media",
    "bureau",
    "arrival_date",
    "departure_date",
    "press_card_number",
    "press_card_collected_on",
    "card_cancelled_on",
    "days_in_china_year",
    "days_in_china",
)
BUREAU_FIELDS = (
    "name",
    "name_en",
    "country",
    "address",
    "chief_name",
    "opened_on",
    "status",
    "closure_notified_on",
    "closure_on",
    "cards_cancelled_on",
    "last_correspondent_left_on",
)
INTERVIEW_FIELDS = (
    "journalist_name",
    "media",
    "nationality",
    "visa_kind",
    "interviewee",
    "topic",
    "planned_date",
    "place",
    "consent_given",
    "consent_on",
    "consent_note",
)


def handling_division() -> Division:
    division = Division.objects.filter(code=HANDLING_DIVISION, is_active=True).first()
    if division is None:
        raise ServiceError(_("未配置主管外国记者事务的处室（涉外管理处）。"))
    return division


def _require_register_writer(by, division) -> None:
    require(by, "casework.review", message=_("您无权登记外国记者事务。"))
    if not scope_for(by).allows(division_id=division.pk):
        raise PermissionDenied(_("外国记者登记由涉外管理处办理。"))


def _bump(model, obj, version) -> None:
    expected = obj.version
    if version not in (None, ""):
        try:
            expected = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if not model.objects.filter(pk=obj.pk, version=expected).update(version=expected + 1):
        raise ConflictError(_("该记录刚被其他人修改，请刷新后重试。"))
    obj.version = expected + 1


def _check_journalist(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise ServiceError(_("请填写记者姓名。"))
    kind, visa = data.get("kind"), data.get("visa_kind")
    if kind == JournalistKind.RESIDENT and visa != VisaKind.J1:
        raise ServiceError(_("常驻记者应持 J1 字签证。"))
    if kind == JournalistKind.SHORT_TERM and visa != VisaKind.J2:
        raise ServiceError(_("短期采访记者应持 J2 字签证。"))
    arrival, departure = data.get("arrival_date"), data.get("departure_date")
    if arrival and departure and departure < arrival:
        raise ServiceError(_("离境日期不能早于抵达日期。"))
    collected = data.get("press_card_collected_on")
    if arrival and collected and collected < arrival:
        raise ServiceError(_("领取记者证日期不能早于抵达日期。"))
    days = data.get("days_in_china")
    if days is not None and days > 366:
        raise ServiceError(_("在华天数不能超过 366 天。"))
    if days is not None and not data.get("days_in_china_year"):
        raise ServiceError(_("请填写在华天数的统计年度。"))


def journalist_create(*, by, data: dict) -> Journalist:
    division = handling_division()
    _require_register_writer(by, division)
    data = {k: data.get(k) for k in JOURNALIST_FIELDS if k in data}
    _check_journalist(data)
    with transaction.atomic():
        obj = Journalist.objects.create(**data, division=division, created_by=by)
        record(
            action=JournalistAction.JOURNALISTS_CREATE,
            target=obj,
            actor=by,
            changes={"name": [None, obj.name], "media": [None, obj.media]},
        )
    return obj


def journalist_update(*, journalist: Journalist, by, data: dict, version=None) -> Journalist:
    _require_register_writer(by, journalist.division)
    fields = [k for k in JOURNALIST_FIELDS if k in data]
    merged = {**{k: getattr(journalist, k) for k in JOURNALIST_FIELDS}, **{k: data[k] for k in fields}}
    _check_journalist(merged)
    with transaction.atomic():
        _bump(Journalist, journalist, version)
        model_update(
            instance=journalist,
            fields=fields,
            data=data,
            by=by,
            action=JournalistAction.JOURNALISTS_UPDATE,
            record_unchanged=True,
        )
    return journalist


def _check_bureau(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise ServiceError(_("请填写机构名称。"))
    notified, closure = data.get("closure_notified_on"), data.get("closure_on")
    if notified and closure and closure < notified:
        raise ServiceError(_("终止业务日期不能早于告知日期。"))


def bureau_create(*, by, data: dict) -> Bureau:
    division = handling_division()
    _require_register_writer(by, division)
    data = {k: data.get(k) for k in BUREAU_FIELDS if k in data and data.get(k) is not None}
    _check_bureau(data)
    with transaction.atomic():
        obj = Bureau.objects.create(**data, division=division, created_by=by)
        record(
            action=JournalistAction.JOURNALISTS_BUREAU_CREATE,
            target=obj,
            actor=by,
            changes={"name": [None, obj.name]},
        )
    return obj


def bureau_update(*, bureau: Bureau, by, data: dict, version=None) -> Bureau:
    _require_register_writer(by, bureau.division)
    fields = [k for k in BUREAU_FIELDS if k in data]
    _check_bureau({**{k: getattr(bureau, k) for k in BUREAU_FIELDS}, **{k: data[k] for k in fields}})
    with transaction.atomic():
        _bump(Bureau, bureau, version)
        model_update(
            instance=bureau,
            fields=fields,
            data=data,
            by=by,
            action=JournalistAction.JOURNALISTS_BUREAU_UPDATE,
            record_unchanged=True,
        )
    return bureau


def change_report_add(
    *, bureau: Bureau, by, kind: str, changed_on: dt.date, reported_on: dt.date, detail: str
) -> ChangeReport:
    """A change of chief or address reported by the bureau (art. 11); the chief or address on the
    bureau's record follows it."""
    _require_register_writer(by, bureau.division)
    detail = (detail or "").strip()
    if not detail:
        raise ServiceError(_("请填写变更内容。"))
    if reported_on < changed_on:
        raise ServiceError(_("报告日期不能早于变更日期。"))
    with transaction.atomic():
        change = ChangeReport.objects.create(
            bureau=bureau,
            kind=kind,
            changed_on=changed_on,
            reported_on=reported_on,
            detail=detail,
            created_by=by,
        )
        field = "chief_name" if kind == "chief" else "address"
        Bureau.objects.filter(pk=bureau.pk).update(
            **{field: detail[:300] if field == "address" else detail[:100]}, version=bureau.version + 1
        )
        record(
            action=JournalistAction.JOURNALISTS_CHANGE_REPORT,
            target=bureau,
            actor=by,
            changes={field: [getattr(bureau, field), detail]},
            extra={"changed_on": str(changed_on), "reported_on": str(reported_on)},
        )
    return change


# --- interview requests (a case type) ------------------------------------------------------------------
def interview_case_type() -> CaseType:
    from .migrations_data import ensure_case_type

    return ensure_case_type()


def _check_interview(data: dict) -> None:
    if not (data.get("interviewee") or "").strip():
        raise ServiceError(_("请填写被采访单位或个人。"))
    if data.get("consent_given") and not data.get("consent_on"):
        raise ServiceError(_("请填写被采访方同意的日期。"))


def interview_create(*, by, unit, data: dict, units_involved=()) -> InterviewRequest:
    if unit is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能提交采访申请。"))
    data = {k: data.get(k) for k in INTERVIEW_FIELDS if k in data}
    _check_interview(data)
    if not (data.get("journalist_name") or "").strip():
        raise ServiceError(_("请填写记者姓名。"))
    title = _("%(name)s（%(media)s）采访%(who)s") % {
        "name": data["journalist_name"].strip(),
        "media": data.get("media") or "",
        "who": data.get("interviewee"),
    }
    with transaction.atomic():
        case = cw.case_create(
            model=InterviewRequest,
            case_type=interview_case_type(),
            by=by,
            applicant_unit=unit,
            title=title[:200],
            division=Division.objects.filter(code=HANDLING_DIVISION).first(),
            **data,
        )
        case.units_involved.set(units_involved)
        record(
            action=JournalistAction.JOURNALISTS_INTERVIEW_CREATE,
            target=case,
            actor=by,
            changes={"journalist": [None, case.journalist_name], "interviewee": [None, case.interviewee]},
        )
    return case


def interview_update(*, interview: InterviewRequest, by, data: dict, units_involved=None, version=None):
    from apps.casework.permissions import can_apply

    if not can_apply(interview, by) or interview.state not in (CaseState.DRAFT, CaseState.RETURNED):
        raise PermissionDenied(_("当前状态下您不能修改本申请。"))
    fields = [k for k in INTERVIEW_FIELDS if k in data]
    _check_interview({**{k: getattr(interview, k) for k in INTERVIEW_FIELDS}, **{k: data[k] for k in fields}})
    with transaction.atomic():
        expected = interview.version if version in (None, "") else int(version)
        if not Case.objects.filter(pk=interview.pk, version=expected).update(version=expected + 1):
            raise ConflictError(_("该申请刚被其他人修改，请刷新后重试。"))
        interview.version = expected + 1
        model_update(
            instance=interview,
            fields=fields,
            data=data,
            by=by,
            action=JournalistAction.JOURNALISTS_INTERVIEW_UPDATE,
            record_unchanged=True,
        )
        if units_involved is not None:
            interview.units_involved.set(units_involved)
    return interview


def interview_link_journalist(*, interview: InterviewRequest, by, journalist: Journalist | None):
    """The division links the request to its register entry (or unlinks it)."""
    from apps.casework.permissions import is_division_reviewer

    if not is_division_reviewer(interview, by):
        raise PermissionDenied(_("只有承办处室可以关联记者登记。"))
    with transaction.atomic():
        model_update(
            instance=interview,
            fields=["journalist"],
            data={"journalist": journalist},
            by=by,
            action=JournalistAction.JOURNALISTS_INTERVIEW_UPDATE,
        )
    return interview


def interview_transition(*, interview, name: str, by, comment="", version=None, **params):
    return cw.transition(case=interview, name=name, by=by, comment=comment, version=version, **params)


def validate_interview_submission(case, **context):
    """Art. 17: no interview without the interviewee's consent on the record."""
    if not case.consent_given or not case.consent_on:
        raise ServiceError(
            _("须先登记被采访单位或个人的同意（%(citation)s）。") % {"citation": conf.CONSENT_CITATION}
        )
