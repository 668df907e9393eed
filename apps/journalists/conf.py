"""Deadlines of 《外国常驻新闻机构和外国记者采访条例》 (State Council Order 537, 2008-10-17), each with its
article (domain.md §8). Working days follow the holiday calendar with 调休 (``apps.reference.calendar``).
Override a value in ``settings.WAIBAN`` under the same key; the citation stays with the default."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

ORDER = _("《外国常驻新闻机构和外国记者采访条例》（国务院令第537号）")

PRESS_CARD_WORKING_DAYS = Rule(
    "JOURNALIST_PRESS_CARD_WORKING_DAYS",
    7,
    _("国务院令第537号第八条、第十条：外国常驻记者抵达后 7 个工作日内领取记者证"),
)
CHANGE_REPORT_WORKING_DAYS = Rule(
    "JOURNALIST_CHANGE_REPORT_WORKING_DAYS",
    7,
    _("国务院令第537号第十一条：常驻新闻机构变更首席代表或办公地址，应在 7 个工作日内报告"),
)
CLOSURE_NOTICE_DAYS = Rule(
    "JOURNALIST_CLOSURE_NOTICE_DAYS",
    30,
    _("国务院令第537号第十二条：常驻新闻机构终止业务，应提前 30 日告知"),
)
CLOSURE_CARDS_WORKING_DAYS = Rule(
    "JOURNALIST_CLOSURE_CARDS_WORKING_DAYS",
    7,
    _("国务院令第537号第十二条：终止业务后 7 个工作日内办理记者证注销手续"),
)
NO_CORRESPONDENT_MONTHS = Rule(
    "JOURNALIST_NO_CORRESPONDENT_MONTHS",
    10,
    _("国务院令第537号第十二条：常驻新闻机构连续 10 个月无常驻记者的，视为终止业务"),
)
MIN_MONTHS_A_YEAR = Rule(
    "JOURNALIST_MIN_MONTHS_A_YEAR",
    6,
    _("国务院令第537号第十三条：外国常驻记者每年在华时间不足 6 个月的，注销其记者证"),
)
VISA_LAPSE_DAYS = Rule(
    "JOURNALIST_VISA_LAPSE_DAYS",
    10,
    _("国务院令第537号第十四条：记者证注销后，其 J 字签证自注销之日起 10 日后自动失效"),
)
CONSENT_CITATION = _("国务院令第537号第十七条：外国记者采访，须征得被采访单位和个人的同意")
REMINDER_WORKING_DAYS = Rule(
    "JOURNALIST_REMINDER_WORKING_DAYS",
    2,
    _("到期前 2 个工作日提醒（本系统默认，可配置）"),
)
