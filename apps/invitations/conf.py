"""Invitation rules that are numbers or lists, each with its source (domain.md §5); an administrator
overrides a value in ``settings.WAIBAN`` under the same key, the citation stays with the default."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

SLA_WORKING_DAYS = Rule(
    "INVITATION_SLA_WORKING_DAYS",
    5,
    _("常州市外办 2018 办事指南：邀请函/核实单 5 个工作日办结，不收费"),
)
LEAD_DAYS = Rule(
    "INVITATION_LEAD_DAYS",
    30,
    _("常州市外办 2018 办事指南：请于外国人计划入境日期前约 30 天提出申请"),
)
SHORT_STAY_MAX_DAYS = Rule(
    "INVITATION_SHORT_STAY_MAX_DAYS",
    180,
    _("《中华人民共和国外国人入境出境管理条例》（国务院令第637号）：短期停留不超过 180 日"),
)
# Visa kinds a letter of this office supports, and the longest stay asked for per visa kind (days).
STAY_LIMITS = Rule(
    "INVITATION_STAY_LIMITS",
    {"F": 180, "M": 180},
    _("国务院令第637号第七条：F（访问、交流）、M（商务）签证凭被授权单位的邀请函申请；短期停留不超过 180 日"),
)
MAX_VALIDITY_MONTHS = Rule(
    "INVITATION_MAX_VALIDITY_MONTHS",
    60,
    _("宿迁市外办 2025：可为商务人员申请 5 年多次入境邀请函（江苏省外办签发）"),
)
PASSPORT_MARGIN_DAYS = Rule(
    "INVITATION_PASSPORT_MARGIN_DAYS",
    0,
    _("护照须在停留期间有效（本系统默认离境日当天仍有效即可；签证机关另有要求的从其规定，可配置）"),
)
CLOSE_OUT_DAYS = Rule(
    "INVITATION_CLOSE_OUT_DAYS",
    30,
    _("常州市外办 2018 办事指南：外国人离境或来访取消后 30 日内办理销档"),
)
SUSPEND_AFTER_OVERDUE = Rule(
    "INVITATION_SUSPEND_AFTER_OVERDUE",
    1,
    _("逾期未销档的邀请达到此数时，单位暂停提交新的邀请申请（参照证照逾期暂停，本系统默认 1 件，可配置）"),
)
# ISO alpha-2 codes of nationalities whose invitations get extra checks; empty = not configured.
EXTRA_CHECK_NATIONALITIES = Rule(
    "INVITATION_EXTRA_CHECK_NATIONALITIES",
    [],
    _("需加强审核的国籍名单由外办按上级要求配置（无公开来源）"),
)
FIRST_TIME_NOTE = _("中山市外办 2023：首次受邀的外国人可能需提供经认证的无犯罪记录证明")
# 发文字号 prefixes of the two documents (the office's real 机关代字 is unknown: placeholders).
LETTER_PREFIX = Rule(
    "INVITATION_LETTER_PREFIX", "徐外邀", _("邀请函发文字号的机关代字（徐州市外办实际代字未核实，可配置）")
)
NOTE_PREFIX = Rule("INVITATION_NOTE_PREFIX", "徐外核", _("外国人邀请核实单编号的机关代字（未核实，可配置）"))
REMINDER_DAYS_BEFORE = Rule(
    "INVITATION_REMINDER_DAYS_BEFORE",
    7,
    _("销档期限前 7 天提醒一次，逾期后每天提醒（本系统默认，可配置）"),
)
