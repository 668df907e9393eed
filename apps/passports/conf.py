"""Custody rules as configuration, each with its source (domain.md §3).

Override any value in ``settings.WAIBAN`` under the same key; the citation stays with the default so
the pages can show where a number comes from.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.conf import Rule

RETURN_DAYS = Rule(
    "PASSPORT_RETURN_DAYS",
    7,
    _("外交部领事司 2018 年通知：回国后 7 日内交回证照；北京市外办：应交回日 = 出境日期 + 批准天数 + 7 天"),
)
SUSPEND_AFTER_OVERDUE_DAYS = Rule(
    "PASSPORT_SUSPEND_AFTER_OVERDUE_DAYS",
    30,
    _("北京市外办：证照逾期未交超过 30 天的，暂停该单位新的出国（境）申请"),
)
SUSPENSION_ENABLED = Rule(
    "PASSPORT_SUSPENSION_ENABLED",
    True,
    _("北京市外办规定；是否启用由本办配置"),
)
EXPIRY_WARNING_MONTHS = Rule(
    "PASSPORT_EXPIRY_WARNING_MONTHS",
    6,
    _("有效期不足 6 个月的证照应申请换发（domain.md §3）"),
)
ONE_VALID_OFFICIAL_PASSPORT = Rule(
    "PASSPORT_ONE_VALID_OFFICIAL",
    True,
    _("《中华人民共和国护照法》：一人不得同时持有两本有效的因公护照"),
)
