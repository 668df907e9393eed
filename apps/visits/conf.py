"""Rules of reception, protocol and gifts that are numbers or orders, each with its source
(domain.md §10, §11); an administrator overrides a value in ``settings.WAIBAN`` under the same key."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from apps.core.conf import Rule

# --- protocol (礼宾) -------------------------------------------------------------------------------------
PROTOCOL_SOURCE = _("国际通行的涉外礼宾惯例")
FLAG_SOURCE = _("《关于涉外升旗和使用国旗的规定》第十三条")

# Diplomatic ranks in their order of precedence (domain.md §11): the first is the most senior.
DIPLOMATIC_ORDER = Rule(
    "VISITS_DIPLOMATIC_ORDER",
    [
        "ambassador",
        "envoy",
        "charge",
        "charge_ai",
        "minister_plenipotentiary",
        "minister_counsellor",
        "counsellor",
        "military_attache",
        "first_secretary",
        "second_secretary",
        "third_secretary",
        "attache",
    ],
    _(
        "外交衔级次序：大使＞公使＞代办＞临时代办＞全权公使＞公使衔参赞＞参赞＞武官＞一秘＞二秘＞三秘＞随员；"
        "同级按到任先后（《维也纳外交关系公约》第十四条、第十六条及国际礼宾惯例）"
    ),
)

# How many people stand in one row of a group photo before a second row is opened (house default).
PHOTO_ROW_SIZE = Rule("VISITS_PHOTO_ROW_SIZE", 11, _("合影每排人数：本系统默认 11 人，可配置"))
BANQUET_TABLE_SIZE = Rule("VISITS_BANQUET_TABLE_SIZE", 10, _("宴会每桌人数：本系统默认 10 人，可配置"))

# --- gifts (礼品) ----------------------------------------------------------------------------------------
GIFT_SOURCE = _("《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）")
GIFT_DECLARE_THRESHOLD = Rule(
    "VISITS_GIFT_DECLARE_THRESHOLD",
    Decimal("200"),
    _(
        "《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）第七条："
        "价值人民币 200 元以上的礼品须登记上交"
    ),
)
GIFT_DECLARE_MONTHS = Rule(
    "VISITS_GIFT_DECLARE_MONTHS",
    1,
    _(
        "《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）第七条：受礼后（在国外受礼的自回国之日起）"
        "一个月内填写礼品申报单并上交；期满日为节假日的顺延至下一个工作日（本系统做法）"
    ),
)
GIFT_REMINDER_WORKING_DAYS = Rule(
    "VISITS_GIFT_REMINDER_WORKING_DAYS",
    [5, 1],
    _("申报期满前 5 个和 1 个工作日提醒，逾期后每个工作日提醒（本系统默认，可配置）"),
)
GIFT_CASH_SOURCE = _(
    "《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）第七条：现金和有价证券一律上缴国库"
)
GIFT_GIVE_SOURCE = _(
    "《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）第六条：对外赠送礼品须经批准，在预算内执行"
)
# The yearly budget of one unit for gifts given (RMB); None = not configured (the page says so and the
# approval does not check it). Administrators set it in settings.WAIBAN from the unit's approved budget.
GIFT_GIVE_BUDGET = Rule(
    "VISITS_GIFT_GIVE_BUDGET",
    None,
    _(
        "《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）第六条：对外赠送礼品在预算内执行；"
        "每个单位的年度赠礼预算由管理员按批准的预算配置"
    ),
)
GIFT_REPORT_SOURCE = _(
    "《国务院关于在对外公务活动中赠送和接受礼品的规定》（1993）第十条：礼品管理部门建立登记制度，每年报告一次"
)
# The largest gift photo accepted (MB); JPEG, PNG or WebP only, recognised by their content.
GIFT_PHOTO_MAX_MB = Rule("VISITS_GIFT_PHOTO_MAX_MB", 5, _("礼品照片不超过 5 MB（本系统默认，可配置）"))


# The labels of this app's menu (apps/web/navigation.py), kept in this app's English catalogue.
NAV_LABELS = (
    gettext_noop("来访接待"),
    gettext_noop("来访团组"),
    gettext_noop("外国代表团来访：接待方案、日程、座次和纪要"),
    gettext_noop("礼品登记"),
    gettext_noop("对外公务活动中赠送和接受的礼品、申报期限与处理"),
    gettext_noop("市领导外事日程"),
    gettext_noop("市领导外事活动周历、月历和日历订阅"),
)
