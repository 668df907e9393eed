"""The live checks of an international conference request, as data (``apps.conferences.conf``).

:func:`run` takes the request's facts (a :class:`Facts`) and answers a list of :class:`Finding` — each
with a message and the citation of the rule behind it, never a rule id. Used on the form (live), on the
detail page and by the API; the approving level is decided by :func:`approving_level`.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.reference import calendar as workdays

from . import conf

PROVINCE, STATE_COUNCIL = "province", "state_council"
LEVEL_LABELS = {PROVINCE: gettext_lazy("省级审批"), STATE_COUNCIL: gettext_lazy("报国务院审批")}
OK, WARNING, INFO = "ok", "warning", "info"


@dataclass
class Facts:
    name: str = ""
    kind: str = "general"  # general / science
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    total_participants: int = 0
    foreign_participants: int = 0
    countries: list = field(default_factory=list)  # reference.Country rows
    un_or_major_org: bool = False
    sensitive_topic: bool = False
    senior_foreign_guests: bool = False
    filed_on: dt.date | None = None  # the day it is filed (today for a draft)


@dataclass
class Finding:
    rule: str  # internal key, never shown
    status: str  # ok / warning / info
    message: str
    citation: str


def count_countries(countries) -> int:
    """Countries only: Hong Kong, Macao (SAR) and Taiwan (region of China) are not counted."""
    return len({c.pk for c in countries if c.kind == "country"})


def approving_level(facts: Facts) -> tuple[str, list[str]]:
    """(level, reasons): State Council when a criterion of the State Council list holds or a number
    reaches the provincial limit of the meeting's kind; the province otherwise."""
    reasons = []
    limits = conf.PROVINCE_LIMITS.value.get(facts.kind) or conf.PROVINCE_LIMITS.value["general"]
    if facts.foreign_participants >= limits["foreign"]:
        reasons.append(
            _("境外与会者 %(n)d 人，达到 %(limit)d 人")
            % {"n": facts.foreign_participants, "limit": limits["foreign"]}
        )
    if facts.total_participants >= limits["total"]:
        reasons.append(
            _("与会总人数 %(n)d 人，达到 %(limit)d 人")
            % {"n": facts.total_participants, "limit": limits["total"]}
        )
    if facts.un_or_major_org:
        reasons.append(_("联合国系统或重要国际组织的会议"))
    if facts.sensitive_topic:
        reasons.append(_("涉及敏感议题"))
    if facts.senior_foreign_guests:
        reasons.append(_("外国现任部长级以上官员或前国家元首、政府首脑出席"))
    return (STATE_COUNCIL if reasons else PROVINCE), reasons


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    return dt.date(y, m, min(day.day, _cal.monthrange(y, m)[1]))


def filing_deadline(start: dt.date, level: str) -> dt.date:
    """The last day to file: ``start`` minus the lead time of ``level`` in months, moved back to the
    last working day on or before it (holiday calendar with 调休)."""
    day = months_before(start, conf.LEAD_MONTHS.value[level])
    if not workdays.is_working_day(day):
        day = workdays.subtract_working_days(day, 1)
    return day


def meeting_days(facts: Facts) -> int | None:
    if not (facts.start_date and facts.end_date) or facts.end_date < facts.start_date:
        return None
    return (facts.end_date - facts.start_date).days + 1


def run(facts: Facts) -> list[Finding]:
    out: list[Finding] = []
    n = count_countries(facts.countries)
    minimum = conf.MIN_COUNTRIES.value
    if n >= minimum:
        out.append(
            Finding(
                "international",
                OK,
                _("与会者来自 %(n)d 个国家，属于国际会议") % {"n": n},
                str(conf.MIN_COUNTRIES.citation),
            )
        )
    else:
        out.append(
            Finding(
                "international",
                INFO,
                _("与会者来自 %(n)d 个国家（港澳台不计），不足 %(min)d 个，不属于国际会议")
                % {"n": n, "min": minimum},
                str(conf.MIN_COUNTRIES.citation),
            )
        )
    level, reasons = approving_level(facts)
    text = _("审批层级：%(level)s") % {"level": LEVEL_LABELS[level]}
    if reasons:
        text += _("（%(why)s）") % {"why": "；".join(reasons)}
    out.append(
        Finding("level", INFO, text, f"{conf.PROVINCE_LIMITS.citation}；{conf.STATE_COUNCIL_CRITERIA}")
    )
    if facts.start_date:
        deadline = filing_deadline(facts.start_date, level)
        filed = facts.filed_on or dt.date.today()
        months = conf.LEAD_MONTHS.value[level]
        if filed <= deadline:
            out.append(
                Finding(
                    "lead_time",
                    OK,
                    _("会前 %(m)d 个月报批：最迟 %(d)s 申报，按期") % {"m": months, "d": deadline},
                    str(conf.LEAD_MONTHS.citation),
                )
            )
        else:
            out.append(
                Finding(
                    "lead_time",
                    WARNING,
                    _("会前 %(m)d 个月报批：最迟应于 %(d)s 申报，已逾期，须说明理由")
                    % {"m": months, "d": deadline},
                    str(conf.LEAD_MONTHS.citation),
                )
            )
        for warning in workdays.calendar_warnings(deadline, deadline):
            out.append(Finding("calendar", WARNING, warning, ""))
    words = [w for w in conf.AVOID_NAMES.value if w and w in (facts.name or "")]
    if words:
        out.append(
            Finding(
                "name",
                WARNING,
                _("会议名称含有“%(w)s”，一般应避免使用") % {"w": "”“".join(words)},
                str(conf.AVOID_NAMES.citation),
            )
        )
    days = meeting_days(facts)
    limit = conf.MAX_DAYS.value
    if days is not None:
        if days <= limit:
            out.append(
                Finding(
                    "length",
                    OK,
                    _("会期 %(n)d 天（含报到、离会），不超过 %(max)d 天") % {"n": days, "max": limit},
                    str(conf.MAX_DAYS.citation),
                )
            )
        else:
            out.append(
                Finding(
                    "length",
                    WARNING,
                    _("会期 %(n)d 天（含报到、离会），超过 %(max)d 天") % {"n": days, "max": limit},
                    str(conf.MAX_DAYS.citation),
                )
            )
    return out
