"""Partner-city rules that are numbers, each with its source (domain.md §6); overridable in
``settings.WAIBAN``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

TWINNING_TARGET = Rule(
    "PARTNERS_TWINNING_TARGET",
    {"school": 50, "hospital": 50, "start_year": 2018, "years": 3},
    _("徐州市 2018 年目标：3 年内与友好城市缔结 50 对友好学校、50 对友好医院（domain.md §6）"),
)
DORMANT_AFTER_YEARS = Rule(
    "PARTNERS_DORMANT_AFTER_YEARS",
    3,
    _("连续若干年无交往记录即提示“交往较少”（本系统默认 3 年，可配置）"),
)
ANNIVERSARY_EVERY_YEARS = Rule(
    "PARTNERS_ANNIVERSARY_EVERY_YEARS",
    10,
    _("友好城市结好周年一般每 10 年举办纪念活动（domain.md §6）"),
)
ANNIVERSARY_NOTICE_DAYS = Rule(
    "PARTNERS_ANNIVERSARY_NOTICE_DAYS",
    180,
    _("逢十周年纪念日前提醒主管处室的天数（本系统默认 180 天，可配置）"),
)
ESTABLISH_PROCEDURE = _(
    "全国友协《友好城市工作管理规定》（2002 年 2 月修订）：意向书 → 一段时间的交往 → 市外办报市政府 → "
    "省外办审核 → 全国友协审批（domain.md §6）"
)
TWINNING_PROCEDURE = _(
    "基层单位（学校、医院、机场、港口等）结好，经其上级主管部门或省外办批准（domain.md §6）"
)
MAP_NOTE = _(
    "本图仅供内网工作参考，底图数据来自 Natural Earth；"
    "在内网以外公开使用的地图须使用经审核批准的标准地图（审图号）。"
)
REQUEST_PREFIX = Rule(
    "PARTNERS_REQUEST_PREFIX",
    "徐外",
    _("报市政府请示的机关代字：徐州市外办的实际代字未查到（domain.md “Still unknown”），默认“徐外”，可配置"),
)
