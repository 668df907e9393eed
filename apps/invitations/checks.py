"""The checks of an invitation application, as data with citations (``apps.invitations.conf``).

``run(draft, unit=...)`` gives findings; each has a severity (``error`` blocks submission and issue,
``warning`` is shown to both sides, ``info`` is a note), a message, the rule's citation and whether only
the office may see it (duplicate invitations across units). The same checks run live on the form, on
submission and before issue; their limits are the values of ``apps.invitations.conf`` (a limit an
administrator sets to nothing says "not configured").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.crypto import lookup_hash

from . import conf

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {
    ERROR: gettext_lazy("不符合规定"),
    WARNING: gettext_lazy("提醒"),
    INFO: gettext_lazy("说明"),
}


@dataclass
class InviteeDraft:
    name: str
    nationality: object  # reference.Country
    passport_number: str
    passport_expiry: dt.date | None
    pk: int | None = None


@dataclass
class Draft:
    entry_date: dt.date | None
    stay_days: int | None
    visa_type: str
    validity_months: int | None
    invitees: list[InviteeDraft] = field(default_factory=list)
    pk: int | None = None  # the saved invitation (its own invitees are no duplicates)

    @property
    def exit_date(self) -> dt.date | None:
        if self.entry_date and self.stay_days:
            return self.entry_date + dt.timedelta(days=self.stay_days - 1)
        return None


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    citation: str
    office_only: bool = False
    subject: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def draft_from(invitation) -> Draft:
    return Draft(
        entry_date=invitation.entry_date,
        stay_days=invitation.stay_days,
        visa_type=invitation.visa_type,
        validity_months=invitation.validity_months,
        invitees=[
            InviteeDraft(
                name=i.name,
                nationality=i.nationality,
                passport_number=i.passport_number,
                passport_expiry=i.passport_expiry,
                pk=i.pk,
            )
            for i in invitation.invitees.select_related("nationality")
        ],
        pk=invitation.pk,
    )


def run(draft: Draft, *, unit_id: int | None = None, today: dt.date | None = None) -> list[Finding]:
    today = today or timezone.localdate()
    out: list[Finding] = []
    out += _dates(draft, today)
    out += _stay(draft)
    out += _validity(draft)
    for inv in draft.invitees:
        out += _passport(draft, inv)
    out += _nationalities(draft)
    out += _first_time(draft)
    out += _duplicates(draft, unit_id)
    if not draft.invitees:
        out.append(Finding("invitees", ERROR, _("请至少填写一名被邀请人。"), ""))
    return out


def blocking(findings) -> list:
    return [f for f in findings if (f["severity"] if isinstance(f, dict) else f.severity) == ERROR]


def _dates(d: Draft, today) -> list[Finding]:
    cite = str(conf.LEAD_DAYS.citation)
    if d.entry_date is None:
        return [Finding("entry_date", ERROR, _("请填写计划入境日期。"), "")]
    if d.entry_date < today:
        return [Finding("entry_date", ERROR, _("计划入境日期不能早于今天。"), "")]
    lead = conf.LEAD_DAYS.value
    if lead in (None, ""):
        return [Finding("lead_time", INFO, _("提前申请天数未配置。"), cite)]
    days = (d.entry_date - today).days
    if days < int(lead):
        return [
            Finding(
                "lead_time",
                WARNING,
                _("距计划入境仅 %(days)s 天，应在入境前约 %(lead)s 天申请，请说明紧急情况。")
                % {"days": days, "lead": lead},
                cite,
            )
        ]
    return []


def _stay(d: Draft) -> list[Finding]:
    if not d.stay_days:
        return [Finding("stay", ERROR, _("请填写停留天数。"), "")]
    limits = conf.STAY_LIMITS.value or {}
    cite = str(conf.STAY_LIMITS.citation)
    limit = limits.get(d.visa_type)
    if limit is None:
        short = conf.SHORT_STAY_MAX_DAYS.value
        out = [
            Finding(
                "visa_type",
                WARNING,
                _("本办出具的邀请函用于 F、M 等签证；所选签证种类的停留期限未配置，请核实是否需要邀请函。"),
                cite,
            )
        ]
        if short and d.stay_days > int(short):
            out.append(
                Finding(
                    "stay",
                    ERROR,
                    _("停留 %(days)s 天，超过短期停留上限 %(max)s 天。")
                    % {"days": d.stay_days, "max": short},
                    str(conf.SHORT_STAY_MAX_DAYS.citation),
                )
            )
        return out
    if d.stay_days > int(limit):
        return [
            Finding(
                "stay",
                ERROR,
                _("停留 %(days)s 天，超过该签证种类每次停留上限 %(max)s 天。")
                % {"days": d.stay_days, "max": limit},
                cite,
            )
        ]
    return []


def _validity(d: Draft) -> list[Finding]:
    top = conf.MAX_VALIDITY_MONTHS.value
    cite = str(conf.MAX_VALIDITY_MONTHS.citation)
    if not d.validity_months:
        return [Finding("validity", ERROR, _("请填写签证有效期（月）。"), "")]
    if top in (None, ""):
        return [Finding("validity", INFO, _("邀请有效期上限未配置。"), cite)]
    if d.validity_months > int(top):
        return [
            Finding(
                "validity",
                ERROR,
                _("签证有效期 %(m)s 个月，超过上限 %(max)s 个月。") % {"m": d.validity_months, "max": top},
                cite,
            )
        ]
    return []


def _passport(d: Draft, inv: InviteeDraft) -> list[Finding]:
    exit_date = d.exit_date
    if inv.passport_expiry is None or exit_date is None:
        return []
    margin = int(conf.PASSPORT_MARGIN_DAYS.value or 0)
    needed = exit_date + dt.timedelta(days=margin)
    if inv.passport_expiry < needed:
        return [
            Finding(
                "passport_validity",
                ERROR,
                _("%(name)s 的护照 %(expiry)s 到期，不足以覆盖停留期（须至少有效至 %(needed)s）。")
                % {"name": inv.name, "expiry": inv.passport_expiry, "needed": needed},
                str(conf.PASSPORT_MARGIN_DAYS.citation),
                subject=inv.name,
            )
        ]
    return []


def _nationalities(d: Draft) -> list[Finding]:
    listed = conf.EXTRA_CHECK_NATIONALITIES.value
    cite = str(conf.EXTRA_CHECK_NATIONALITIES.citation)
    if not listed:
        return [Finding("extra_check", INFO, _("需加强审核的国籍名单未配置。"), cite, office_only=True)]
    codes = {str(c).upper() for c in listed}
    out = []
    for inv in d.invitees:
        if inv.nationality is not None and inv.nationality.iso2 in codes:
            out.append(
                Finding(
                    "extra_check",
                    WARNING,
                    _("%(name)s 的国籍（%(country)s）在需加强审核的名单中。")
                    % {"name": inv.name, "country": inv.nationality},
                    cite,
                    office_only=True,
                    subject=inv.name,
                )
            )
    return out


def _hashes(d: Draft) -> dict[str, InviteeDraft]:
    return {lookup_hash(i.passport_number): i for i in d.invitees if i.passport_number}


def _first_time(d: Draft) -> list[Finding]:
    from .models import Invitee, Stage

    hashes = _hashes(d)
    if not hashes:
        return []
    seen = set(
        Invitee.objects.filter(
            passport_hash__in=hashes, invitation__stage__in=(Stage.ISSUED, Stage.CLOSED_OUT)
        )
        .exclude(invitation_id=d.pk)
        .values_list("passport_hash", flat=True)
    )
    return [
        Finding(
            "first_time",
            INFO,
            _("%(name)s 首次受邀，可能需提供经认证的无犯罪记录证明。") % {"name": inv.name},
            str(conf.FIRST_TIME_NOTE),
            subject=inv.name,
        )
        for h, inv in hashes.items()
        if h not in seen
    ]


def _duplicates(d: Draft, unit_id) -> list[Finding]:
    """The same passport invited by another unit for overlapping dates (shown to the office only)."""
    from apps.casework.models import CaseState as S

    from .models import Invitee, Stage

    hashes = _hashes(d)
    if not hashes or not (d.entry_date and d.exit_date):
        return []
    rows = (
        Invitee.objects.filter(passport_hash__in=hashes)
        .exclude(invitation_id=d.pk)
        .exclude(invitation__applicant_unit_id=unit_id)
        .exclude(invitation__state__in=(S.DRAFT, S.WITHDRAWN, S.REJECTED))
        .exclude(invitation__stage=Stage.CANCELLED)
        .filter(Q(invitation__entry_date__lte=d.exit_date), invitation__archived_at__isnull=True)
        .select_related("invitation", "invitation__applicant_unit")
    )
    out = []
    for row in rows:
        other = row.invitation
        if other.exit_date is None or other.exit_date < d.entry_date:
            continue
        out.append(
            Finding(
                "duplicate",
                WARNING,
                _("%(name)s 已由%(unit)s邀请（%(ref)s，%(start)s 至 %(end)s），日期重叠。")
                % {
                    "name": hashes[row.passport_hash].name,
                    "unit": other.applicant_unit.name,
                    "ref": other.reference or "—",
                    "start": other.entry_date,
                    "end": other.exit_date,
                },
                "",
                office_only=True,
                subject=hashes[row.passport_hash].name,
            )
        )
    return out


def visible(findings: list[dict], *, office: bool) -> list[dict]:
    """What a user sees: the office everything, the applicant side no office-only finding."""
    rows = [f for f in findings if office or not f.get("office_only")]
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(rows, key=lambda f: order.get(f["severity"], 3))
