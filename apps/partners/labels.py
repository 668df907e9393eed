"""Labels this app adds to shared places (the menu in ``apps/web/navigation.py``, permission names in
``apps/accounts/perms.py``), listed here so that ``makemessages`` run in this app's folder puts them in
this app's catalogue with their English."""

from django.utils.translation import gettext_noop as _

MENU = (
    _("友好城市与国别"),
    _("友好城市"),
    _("友好城市、友好交流城市登记，交往记录和基层结好"),
    _("友好城市名录"),
    _("本市的友好城市和友好交流城市"),
    _("结好申请"),
    _("缔结友好城市和基层单位结好的申请与审批"),
    _("国别情况"),
    _("各国家（地区）的友好城市、出访来访和研究材料"),
    _("交流计划"),
    _("各处室年度对外交流计划和港澳交流计划"),
    _("交流地图"),
    _("友好城市和本年度出访在世界地图上"),
    _("查看友好城市、交流计划和国别情况"),
    _("管理本处主管地区的友好城市、交流计划和国别情况"),
)
