"""Every write of honorary title nominations: drafts, the review group's opinions and the hooks of the
type's transitions (conditions, opinions of every body, the approval's reference, the certificate
number, the ceremony)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.casework import services as cw
from apps.casework.models import Case, CaseState, CaseType
from apps.casework.permissions import can_apply, can_review
from apps.core.errors import ConflictError, ServiceError
from apps.core.services import model_update
from apps.org.models import Division

from . import conf
from .actions import HonourAction
from .models import Nomination, Opinion

FIELDS = (
    "nominee_name",
    "nominee_name_zh",
    "nationality",
    "employer",
    "supervising_body",
    "position",
    "working_since",
    "exception_reason",
    "contributions",
    "consent_publicity",
)


def case_type() -> CaseType:
    from .migrations_data import ensure_case_type

    return ensure_case_type()


def _clean(data: dict) -> dict:
    data = {k: data[k] for k in FIELDS if k in data}
    if "nominee_name" in data and not (data["nominee_name"] or "").strip():
        raise ServiceError(_("请填写被推荐人姓名。"))
    since = data.get("working_since")
    if since and since > timezone.localdate():
        raise ServiceError(_("在本市工作起始日期不能晚于今天。"))
    return data


def nomination_create(*, by, unit, data: dict) -> Nomination:
    if unit is None:
        raise PermissionDenied(_("您的账号没有所属单位，不能提交推荐。"))
    data = _clean(data)
    title = _("推荐%(name)s为荣誉市民") % {"name": data.get("nominee_name_zh") or data.get("nominee_name")}
    with transaction.atomic():
        n = cw.case_create(
            model=Nomination,
            case_type=case_type(),
            by=by,
            applicant_unit=unit,
            title=title[:200],
            division=Division.objects.filter(code="foreign_affairs").first(),
            **data,
        )
        record(
            action=HonourAction.HONOURS_CREATE,
            target=n,
            actor=by,
            changes={"nominee_name": [None, n.nominee_name]},
        )
    return n


def nomination_update(*, nomination: Nomination, by, data: dict, version=None) -> Nomination:
    if not can_apply(nomination, by) or nomination.state not in (CaseState.DRAFT, CaseState.RETURNED):
        raise PermissionDenied(_("当前状态下您不能修改本推荐。"))
    data = _clean(data)
    with transaction.atomic():
        expected = nomination.version if version in (None, "") else int(version)
        if not Case.objects.filter(pk=nomination.pk, version=expected).update(version=expected + 1):
            raise ConflictError(_("该推荐刚被其他人修改，请刷新后重试。"))
        nomination.version = expected + 1
        model_update(
            instance=nomination,
            fields=list(data),
            data=data,
            by=by,
            action=HonourAction.HONOURS_UPDATE,
            record_unchanged=True,
        )
    return nomination


def opinion_add(
    *, nomination: Nomination, by, body: str, member_name: str, agrees: bool, opinion: str
) -> Opinion:
    """One review-group member's opinion (one per body), recorded by the division's reviewer."""
    if not can_review(nomination, by) or nomination.state != CaseState.IN_REVIEW:
        raise PermissionDenied(_("只有承办人可以在评审阶段登记评审意见。"))
    if body not in conf.REVIEW_BODIES.value:
        raise ServiceError(_("该单位不是评审小组成员单位。"))
    if not (member_name or "").strip() or not (opinion or "").strip():
        raise ServiceError(_("请填写评审成员和意见。"))
    try:
        with transaction.atomic():
            row = Opinion.objects.create(
                nomination=nomination,
                body=body,
                member_name=member_name.strip(),
                agrees=agrees,
                opinion=opinion.strip(),
                recorded_by=by,
            )
            cw.timeline_add(
                case=nomination,
                by=by,
                kind="comment",
                visible=False,
                text=_("评审意见（%(body)s %(name)s）：%(v)s。%(text)s")
                % {
                    "body": body,
                    "name": row.member_name,
                    "v": _("同意") if agrees else _("不同意"),
                    "text": row.opinion,
                },
            )
            record(
                action=HonourAction.HONOURS_OPINION,
                target=nomination,
                actor=by,
                changes={"opinion": [None, f"{body}: {'+' if agrees else '-'}"]},
            )
    except IntegrityError:
        raise ServiceError(_("%(body)s 的意见已登记。") % {"body": body}) from None
    return row


def nomination_transition(*, nomination, name: str, by, comment="", version=None, **params):
    return cw.transition(case=nomination, name=name, by=by, comment=comment, version=version, **params)


# --- hooks -------------------------------------------------------------------------------------------
def conditions(n: Nomination, on: dt.date | None = None) -> dict:
    years, minimum = n.years_in_city(on), conf.MIN_YEARS.value
    return {
        "years": years,
        "minimum": minimum,
        "met": years >= minimum,
        "citation": str(conf.MIN_YEARS.citation),
    }


def check_conditions(n, **context):
    c = conditions(n)
    if not c["met"] and not (n.exception_reason or "").strip():
        raise ServiceError(
            _("被推荐人在本市工作 %(y)d 年，不满 %(m)d 年：请填写例外理由（%(c)s）。")
            % {"y": c["years"], "m": c["minimum"], "c": c["citation"]}
        )


def check_opinions(n, **context):
    have = set(n.opinions.values_list("body", flat=True))
    missing = [b for b in conf.REVIEW_BODIES.value if b not in have]
    if missing:
        raise ServiceError(_("尚缺评审小组成员单位的意见：%(bodies)s。") % {"bodies": "、".join(missing)})
    if n.opinions.filter(agrees=False).exists():
        raise ServiceError(_("评审小组有不同意的意见，不能报市政府审批；请退回或重新评审。"))


def require_reference(n, *, reference="", **context):
    reference = (reference or "").strip()
    if not reference:
        raise ServiceError(_("请填写市政府批准文号。"))
    return {"reference": reference}


def number_certificate(n, **context):
    year = timezone.localdate().year
    count = Nomination.objects.exclude(pk=n.pk).filter(certificate_number__startswith=f"{year}-").count()
    n.certificate_number = f"{year}-{count + 1:03d}"


def require_ceremony_date(n, *, ceremony_on=None, **context):
    if ceremony_on in (None, ""):
        raise ServiceError(_("请填写授予仪式日期。"))
    if isinstance(ceremony_on, str):
        try:
            ceremony_on = dt.date.fromisoformat(ceremony_on)
        except ValueError:
            raise ServiceError(_("日期格式无效。")) from None
    return {"ceremony_on": ceremony_on}
