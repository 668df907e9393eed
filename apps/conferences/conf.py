"""International conference rules that are numbers or word lists, each with its source (domain.md §7).

Override a value in ``settings.WAIBAN`` under the same key; the citation stays with the default."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

MIN_COUNTRIES = Rule(
    "CONFERENCE_MIN_COUNTRIES",
    3,
    _(
        "中办发〔2006〕10号《关于在华举办国际会议的管理办法》：与会者来自 3 个或以上国家方为国际会议"
        "（港澳台不计入国家数）"
    ),
)
# Provincial approval applies below both limits (foreign participants AND total); at or above either
# one the meeting goes to the State Council level.
PROVINCE_LIMITS = Rule(
    "CONFERENCE_PROVINCE_LIMITS",
    {"general": {"foreign": 100, "total": 400}, "science": {"foreign": 300, "total": 800}},
    _(
        "南京市外办据中办发〔2006〕10号：一般性国际会议境外与会者少于 100 人且总人数少于 400 人、"
        "科技类国际会议境外少于 300 人且总人数少于 800 人的，由省级审批；超出者报国务院审批"
    ),
)
STATE_COUNCIL_CRITERIA = _(
    "中办发〔2006〕10号：联合国系统或重要国际组织的会议、涉及敏感议题的会议、外国现任部长级以上官员"
    "或前国家元首、政府首脑出席的会议，报国务院审批"
)
LEAD_MONTHS = Rule(
    "CONFERENCE_LEAD_MONTHS",
    {"province": 3, "state_council": 6},
    _("中办发〔2006〕10号（南京市外办办事指南）：会前 3 个月报批，重要会议（报国务院审批的）会前 6 个月"),
)
AVOID_NAMES = Rule(
    "CONFERENCE_AVOID_NAMES",
    ["峰会", "论坛"],
    _("中办发〔2006〕10号（南京市外办办事指南）：会议名称一般不使用“峰会”“论坛”等字样"),
)
MAX_DAYS = Rule(
    "CONFERENCE_MAX_DAYS",
    5,
    _("会期（含报到、离会）一般不超过 5 天（高校的会议管理规定；可配置）"),
)
SUMMARY_DAYS = Rule(
    "CONFERENCE_SUMMARY_DAYS",
    30,
    _("会议结束后 30 日内提交会后总结（实际与会人数等）（本系统默认，可配置）"),
)
REMINDER_WORKING_DAYS = Rule(
    "CONFERENCE_REMINDER_WORKING_DAYS",
    5,
    _("报批期限、会后总结期限到期前 5 个工作日提醒（本系统默认，可配置）"),
)
FORWARDING_PREFIX = Rule(
    "CONFERENCE_FORWARDING_PREFIX", "徐外会报", _("国际会议转报发文字号的机关代字（未核实，可配置）")
)
