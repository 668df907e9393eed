"""Menu labels of the foreign-related affairs division's pages (涉外管理), kept here so that their
English lives in this app's catalogue; ``apps.web.navigation`` imports them."""

from django.utils.translation import gettext_lazy as _

GROUP = _("涉外管理")
CONFERENCES = _("国际会议审批")
CONFERENCES_HELP = _("在本市举办国际会议的申报、审核、报批和会后总结")
JOURNALISTS = _("外国记者")
JOURNALISTS_HELP = _("外国常驻新闻机构和记者登记、记者证与变更期限提醒")
INTERVIEWS = _("记者采访申请")
INTERVIEWS_HELP = _("外国记者采访申请：被采访方同意、涉及单位和处室意见")
INCIDENTS = _("涉外案（事）件")
INCIDENTS_HELP = _("涉外案件和领事保护：仅知悉范围内人员可见，查看均记入审计")
HONOURS = _("荣誉市民")
HONOURS_HELP = _("外国人荣誉称号推荐：工作年限条件、评审小组意见、市政府批准、证书和授予仪式")
