"""Trip rules that are numbers, each with its source (domain.md §2); override in ``settings.WAIBAN``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

NOTICE_WORKING_DAYS = Rule(
    "TRIP_NOTICE_WORKING_DAYS",
    5,
    _("厦门市外办 2013-09-29：出访前在单位内网或公示栏公示不少于 5 个工作日；未经公示不予审批、不予报销"),
)
POST_NOTICE_MONTHS = Rule(
    "TRIP_POST_NOTICE_MONTHS",
    1,
    _("厦门市外办 2013-09-29：回国后 1 个月内公示出访实际情况和出访报告"),
)
REPORT_DUE_MONTHS = Rule(
    "TRIP_REPORT_DUE_MONTHS",
    1,
    _("出访报告期限各地规定为 10 天至 20 个工作日不等，江苏/徐州期限未核实；默认 1 个月，可配置"),
)
REPORT_MIN_PHOTOS = Rule(
    "TRIP_REPORT_MIN_PHOTOS",
    3,
    _("出访报告应附不少于 3 张照片（单位规定，domain.md §2）"),
)
PROCESSING_NOTE = _("外办办理时限：兴安盟外办 7–10 个工作日；浙江约一周（domain.md §2）")
CANCEL_PASSPORT_RETURN_DAYS = Rule(
    "TRIP_CANCEL_PASSPORT_RETURN_DAYS",
    3,
    _("出访取消后，已借出的因公证照应及时交回集中保管（本系统默认 3 天内，可配置）"),
)
REMINDER_WORKING_DAYS_BEFORE = Rule(
    "TRIP_REMINDER_WORKING_DAYS_BEFORE",
    {"passport_return": 2, "report": 5, "notice_end": 1},
    _(
        "到期前提醒：证照交回前 2 个、出访报告前 5 个、公示期满前 1 个工作日（本系统默认，可配置）；"
        "逾期后每天提醒"
    ),
)
# --- tripchain: notices ---------------------------------------------------------------------------------
PUBLIC_NOTICES = Rule(
    "TRIP_PUBLIC_NOTICES",
    False,
    _(
        "厦门市外办 2013-09-29：公示在单位内网或公示栏进行，不含规定需要保密的内容；"
        "在互联网公开公示为本办的选择，默认关闭"
    ),
)
