"""Rules of honorary titles for foreigners (荣誉市民), each with its source (domain.md §9)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

MIN_YEARS = Rule(
    "HONOUR_MIN_YEARS",
    2,
    _("常州市 常政发〔2009〕87号：被推荐人在本市工作 2 年以上（特殊情况可例外，须说明理由）"),
)
REVIEW_BODIES = Rule(
    "HONOUR_REVIEW_BODIES",
    ["市政府办公室", "市外办", "市商务局", "市侨办"],
    _(
        "常州市 常政发〔2009〕87号：评审小组由市政府办公室、市外办、商务、侨务等部门组成；"
        "每个部门的意见均须登记"
    ),
)
MAYOR_NAME = Rule(
    "HONOUR_MAYOR_NAME",
    "",
    _("荣誉证书由市长署名（常政发〔2009〕87号）；市长姓名由管理员在配置中填写"),
)
REMINDER_WORKING_DAYS = Rule(
    "HONOUR_REMINDER_WORKING_DAYS",
    3,
    _("评审期限、授予仪式到期前 3 个工作日提醒（本系统默认，可配置）"),
)
# 发文字号 prefixes (the office's real 机关代字 is unknown: placeholders, configurable).
DOCUMENT_PREFIX = Rule(
    "HONOUR_DOCUMENT_PREFIX", "徐外荣", _("荣誉市民批复发文字号的机关代字（未核实，可配置）")
)
CERTIFICATE_PREFIX = Rule("HONOUR_CERTIFICATE_PREFIX", "徐荣证", _("荣誉证书编号的代字（未核实，可配置）"))
