"""Every write of international conference requests (drafts, edits, the type's transition hooks).

The case flow itself is the casework engine's (``apps.casework.services.transition``); this module adds
the request's fields, the live checks at submission, the approving level and the hooks of the type's own
transitions (forwarding letter, the approving body's reply, the summary with real numbers)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.casework import services as cw
from apps.casework.models import Case, CaseState, CaseType
from apps.core.errors import ConflictError, ServiceError
from apps.core.services import model_update
from apps.org.models import Division

from . import checks
from .actions import ConferenceAction
from .models import Conference

CASE_TYPE_CODE = "conference"
HANDLING_DIVISION = "foreign_affairs"  # 涉外管理处 (domain.md §1)
FIELDS = (
    "title",
    "name_en",
    "kind",
    "start_date",
    "end_date",
    "venue",
    "organiser",
    "co_organisers",
    "total_participants",
    "foreign_participants",
    "theme",
    "funding",
    "exhibition_area",
    "excursions",
    "taiwan_participants",
    "un_or_major_org",
    "sensitive_topic",
    "senior_foreign_guests",
    "contact_name",
    "contact_phone",
)
EDITABLE_STATES = (CaseState.DRAFT, CaseState.RETURNED)


def conference_case_type() -> CaseType:
    from .migrations_data import ensure_case_type

    return ensure_case_type()


def handling_division() -> Division | None:
    return Division.objects.filter(code=HANDLING_DIVISION, is_active=True).first()


def facts_of(conf: Conference, countries=None, *, filed_on=None) -> checks.Facts:
    if countries is None:
        countries = list(conf.countries.all()) if conf.pk else []
    filed = filed_on or (conf.submitted_at.date() if getattr(conf, "submitted_at", None) else None)
    return checks.Facts(
        name=conf.title,
        kind=conf.kind,
        start_date=conf.start_date,
        end_date=conf.end_date,
        total_participants=conf.total_participants or 0,
        foreign_participants=conf.foreign_participants or 0,
        countries=list(countries),
        un_or_major_org=conf.un_or_major_org,
        sensitive_topic=conf.sensitive_topic,
        senior_foreign_guests=conf.senior_foreign_guests,
        filed_on=filed or timezone.localdate(),
    )


def _clean(data: dict) -> dict:
    data = {k: data[k] for k in FIELDS if k in data}
    data["title"] = (data.get("title") or "").strip()
    if not data["title"]:
        raise ServiceError(_("请填写会议中文名称。"))
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ServiceError(_("结束日期不能早于开始日期。"))
    total, foreign = data.get("total_participants"), data.get("foreign_participants")
    if total is not None and foreign is not None and foreign > total:
        raise ServiceError(_("境外与会人数不能多于与会总人数。"))
    return data


def _bump(conf: Conference, version) -> None:
    expected = conf.version
    if version not in (None, ""):
        try:
            expected = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if not Case.objects.filter(pk=conf.pk, version=expected).update(version=expected + 1):
        raise ConflictError(_("该申请刚被其他人修改，请刷新后重试。"))
    conf.version = expected + 1


def conference_create(*, by, unit, data: dict, countries=()) -> Conference:
    """A new draft request of ``unit`` (the organiser's unit)."""
    if unit is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能提交国际会议申请。"))
    data = _clean(data)
    title = data.pop("title")
    with transaction.atomic():
        conf = cw.case_create(
            model=Conference,
            case_type=conference_case_type(),
            by=by,
            applicant_unit=unit,
            title=title,
            division=handling_division(),
            **data,
        )
        conf.countries.set(countries)
        record(
            action=ConferenceAction.CONFERENCES_CREATE,
            target=conf,
            actor=by,
            changes={"title": [None, title], "countries": [None, [c.iso2 for c in countries]]},
        )
    return conf


def conference_update(*, conference: Conference, by, data: dict, countries=None, version=None) -> Conference:
    """The applicant's changes to a draft or a request sent back for correction."""
    from apps.casework.permissions import can_apply

    if not can_apply(conference, by) or conference.state not in EDITABLE_STATES:
        raise PermissionDenied(_("当前状态下您不能修改本申请。"))
    data = _clean(data)
    with transaction.atomic():
        _bump(conference, version)
        before = sorted(conference.countries.values_list("iso2", flat=True))
        model_update(
            instance=conference,
            fields=[k for k in FIELDS if k in data],
            data=data,
            by=by,
            action=ConferenceAction.CONFERENCES_UPDATE,
            extra={"countries": [before, sorted(c.iso2 for c in countries)]}
            if countries is not None
            else None,
            record_unchanged=True,
        )
        if countries is not None:
            conference.countries.set(countries)
    return conference


def conference_transition(*, conference: Conference, name: str, by, comment="", version=None, **params):
    return cw.transition(case=conference, name=name, by=by, comment=comment, version=version, **params)


# --- hooks of the transitions (apps.conferences.models.Conference) ---------------------------------------
def validate_submission(conf, **context):
    missing = [
        str(Conference._meta.get_field(f).verbose_name)
        for f in ("name_en", "venue", "organiser", "contact_name", "contact_phone")
        if not (getattr(conf, f) or "").strip()
    ]
    if not conf.countries.exists():
        missing.append(str(Conference._meta.get_field("countries").verbose_name))
    if missing:
        raise ServiceError(_("请先填写：%(fields)s。") % {"fields": "、".join(missing)})


def decide_level(conf, *, by, **context):
    """On submission: the approving level from the thresholds, with the checks on the timeline."""
    facts = facts_of(conf, filed_on=timezone.localdate())
    level, _reasons = checks.approving_level(facts)
    conf.approving_level = level
    lines = [f.message for f in checks.run(facts)]
    cw.timeline_add(
        case=conf, by=by, kind="comment", visible=False, text=_("自动检查：") + "\n" + "\n".join(lines)
    )


def require_approval_reference(conf, *, reference="", **context):
    reference = (reference or "").strip()
    if not reference:
        raise ServiceError(_("请填写审批机关的批复文号。"))
    return {"reference": reference}


def check_summary(
    conf, *, actual_total=None, actual_foreign=None, actual_countries=None, summary="", **context
):
    if actual_total in (None, "") or actual_foreign in (None, "") or actual_countries in (None, ""):
        raise ServiceError(_("请填写实际与会总人数、境外人数和国家（地区）数。"))
    try:
        total, foreign, countries = int(actual_total), int(actual_foreign), int(actual_countries)
    except (TypeError, ValueError):
        raise ServiceError(_("人数须为整数。")) from None
    if min(total, foreign, countries) < 0:
        raise ServiceError(_("人数不能为负数。"))
    if foreign > total:
        raise ServiceError(_("境外与会人数不能多于与会总人数。"))
    if not (summary or "").strip():
        raise ServiceError(_("请填写会后总结。"))
    return {
        "actual_total": total,
        "actual_foreign": foreign,
        "actual_countries": countries,
        "summary": summary.strip(),
    }
