"""The permission codes roles carry (RuoYi's 权限字符), with their labels.

A role holds a list of these codes; ``RoleBackend`` answers ``user.has_perm(code)`` from the union of
the user's roles. Object-level checks (may this user see *this* case?) are ``rules`` predicates that add
the data scope on top.
"""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict[str, str] = {
    # casework
    "casework.apply": _("提交申请"),
    "casework.view": _("查看案件"),
    "casework.review": _("审核案件（处室）"),
    "casework.assign": _("分派案件"),
    "casework.approve": _("审批案件（领导）"),
    "casework.reopen": _("重新打开案件"),
    "casework.sign_unit": _("单位签批"),
    # organisation and reference data (system administrator)
    "org.manage": _("管理组织机构"),
    "reference.manage": _("管理基础数据（国家地区、节假日、字典）"),
    "casework.configure": _("配置案件类型与分办规则"),
    # users and roles (security administrator)
    "accounts.manage_users": _("管理用户"),
    "accounts.manage_roles": _("管理角色"),
    "accounts.manage_sessions": _("查看在线用户并强制下线"),
    "accounts.manage_tokens": _("管理接口令牌"),
    # audit (security auditor, auditor)
    "audit.view": _("查看审计日志"),
    "audit.export": _("导出审计日志"),
    "audit.view_logins": _("查看登录日志"),
    "people.view_sensitive": _("查看证件号码"),
    # person registry and passport custody (apps.people, apps.passports)
    "people.view": _("查看人员信息"),
    "people.manage": _("登记和修改人员信息"),
    "passports.view": _("查看证照"),
    "passports.manage": _("证照保管（登记、借出、交回、挂失、注销）"),
    "passports.view_all": _("查看全部单位的人员与证照"),
    # --- visits (apps.visits): reception, gifts, the leaders' calendar ---
    "visits.gifts": _("礼品登记管理（上交、处理、年度报告）"),
    "visits.calendar": _("管理市领导外事日程"),
    # --- end visits ---
    # partners (apps.partners): sister cities, exchange plans, the country view
    "partners.view": _("查看友好城市、交流计划和国别情况"),
    "partners.manage": _("管理本处主管地区的友好城市、交流计划和国别情况"),
}


def label(code: str) -> str:
    return str(PERMISSIONS.get(code, code))
