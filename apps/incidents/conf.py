"""Rules of foreign-related incidents and consular protection, each with its source (domain.md §12)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

REGULATION_INBOUND = _(
    "《关于处理涉外案件若干问题的规定》（1995）：内部通报、通知外国驻华使领馆、领事探视、外国人死亡的处理"
)
REGULATION_OUTBOUND = _("《领事保护与协助条例》（国务院令第763号，2023-09-01 施行）")
# Severities at which the office's leaders are told at once and join the circle.
LEADER_SEVERITIES = Rule(
    "INCIDENT_LEADER_SEVERITIES",
    ["serious", "critical"],
    _("重大、特别重大涉外案（事）件立即报告外办领导（本系统默认，可配置）"),
)
TASK_REMINDER_WORKING_DAYS = Rule(
    "INCIDENT_TASK_REMINDER_WORKING_DAYS", 1, _("交办任务到期前 1 个工作日提醒（本系统默认，可配置）")
)
# The checklist for a foreigner's death (《关于处理涉外案件若干问题的规定》).
DEATH_CHECKLIST = [
    ("notify_mission", _("通知死者所属国驻华使领馆")),
    ("notify_family", _("通知或协助通知家属")),
    ("death_certificate", _("出具死亡证明（医院或公安机关）")),
    ("autopsy_opinion", _("如需尸检，征求使领馆或家属意见")),
    ("remains", _("遗体处理（火化或运送出境）的书面意见")),
    ("belongings", _("遗物清点、登记和移交")),
    ("report_upward", _("向上级外办和有关部门报告")),
]
# 发文字号 prefix of the situation and closing reports (the office's real 机关代字 is unknown).
REPORT_PREFIX = Rule(
    "INCIDENT_REPORT_PREFIX", "徐外情", _("涉外案（事）件情况报告发文字号的机关代字（未核实，可配置）")
)
REPORT_MARKING = _("内部 · 注意保密")
