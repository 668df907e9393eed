"""The navigation as data: which pages exist, under which menu, and who may see each.

An item is shown when the user passes its guard (permission codes and/or a predicate on the user) and
its URL name resolves. Items of pages that are not installed are dropped at request time, so the menu
never shows a dead link. ``apps.web.tests.test_navigation`` lists what each role is expected to see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.process_cache import ProcessCache


def is_business_user(user) -> bool:
    """Someone who works on cases (office staff, applicants, travellers, auditors), not a 三员 admin."""
    return user.has_perm("casework.view")


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    icon: str
    perms: tuple[str, ...] = ()
    any_of: bool = False
    predicate: Callable | None = None
    description: str = ""
    method: str = "get"  # "post" items (logout) are rendered as a form

    def allowed(self, user, has_perm: Callable | None = None) -> bool:
        """``has_perm``: ``user.has_perm`` (default) or a memo of it for the whole menu."""
        if not user.is_authenticated:
            return False
        if self.perms:
            has_perm = has_perm or user.has_perm
            check = any if self.any_of else all
            if not check(has_perm(p) for p in self.perms):
                return False
        return not (self.predicate is not None and not self.predicate(user))

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    icon: str
    items: tuple[NavItem, ...] = field(default_factory=tuple)
    admin: bool = False  # an administration area: shown as cards on the administrators' home page


# --- invitations (邀请外国人来华) ---
INVITATION_READERS = (
    "casework.apply",
    "casework.review",
    "casework.approve",
    "casework.sign_unit",
    "audit.view",
)


def reads_invitations(user) -> bool:
    """Case workers of units and the office, and auditors; not travellers (they only take part in trips)."""
    return user.has_perm("casework.view") and any(user.has_perm(p) for p in INVITATION_READERS)


# --- end invitations ---
# --- i13: 涉外管理处 ---
from apps.conferences import navigation as fa_nav  # noqa: E402  (the division's menu labels)


def _office_side(user) -> bool:
    """Office staff (reviewers, approvers, scope "all"): the registers of the office's divisions."""
    from apps.casework.permissions import is_staff_side

    return is_staff_side(user)


# --- end i13 ---


GROUPS: tuple[NavGroup, ...] = (
    NavGroup(
        "work",
        _("我的工作"),
        "briefcase",
        (
            NavItem(
                "inbox",
                _("待办"),
                "casework:inbox",
                "inbox",
                predicate=is_business_user,
                description=_("需要我处理的案件"),
            ),
            NavItem(
                "cases",
                _("案件"),
                "casework:list",
                "folder2-open",
                perms=("casework.view",),
                description=_("我有权查看的全部案件"),
            ),
            NavItem(
                "notifications",
                _("通知"),
                "casework:notifications",
                "bell",
                predicate=is_business_user,
                description=_("案件动态与提醒"),
            ),
        ),
    ),
    NavGroup(
        "trips",
        _("出访管理"),
        "airplane",
        (
            NavItem(
                "trip_list",
                _("出访团组"),
                "trips:trip_list",
                "airplane",
                perms=("casework.view",),
                description=_("按单位、国家（地区）、月份、职级和状态查询出访团组"),
            ),
            NavItem(
                "trip_new",
                _("新建出访申请"),
                "trips:new",
                "plus-circle",
                perms=("casework.apply",),
                description=_("填写因公出国（境）申请，实时检查是否符合规定"),
            ),
            NavItem(
                "people",
                _("人员信息"),
                "people:list",
                "person-vcard",
                perms=("people.view",),
                description=_("出访人员名录：姓名、护照姓名、职级、证件"),
            ),
            NavItem(
                "passports",
                _("证照管理"),
                "passports:register",
                "passport",
                perms=("passports.view",),
                description=_("因公护照、港澳通行证和 APEC 卡的集中保管、借出与交回"),
            ),
            NavItem(
                "trip_reports",
                _("统计报表"),
                "trips:reports",
                "bar-chart",
                perms=("trips.view_reports",),
                description=_("出访统计、例外决定、逾期证照和出访报告"),
            ),
            NavItem(
                "exports",
                _("我的导出"),
                "exports:list",
                "file-earmark-excel",
                predicate=is_business_user,
                description=_("导出的 Excel 文件及其进度"),
            ),
        ),
    ),
    # --- invitations (邀请外国人来华) --- (travellers, who only take part in trips, are not readers)
    NavGroup(
        "invitations",
        _("来华邀请"),
        "envelope-paper",
        (
            NavItem(
                "invitation_list",
                _("邀请外国人来华"),
                "invitations:list",
                "envelope-paper",
                predicate=reads_invitations,
                description=_("邀请函和外国人邀请核实单的申请、审核、出具与销档"),
            ),
            NavItem(
                "invitation_new",
                _("新建邀请申请"),
                "invitations:new",
                "plus-circle",
                perms=("casework.apply",),
                description=_("填写被邀请人和来华行程，实时检查是否符合规定"),
            ),
            NavItem(
                "invitation_registrations",
                _("邀请单位备案"),
                "invitations:registration_list",
                "building-check",
                predicate=reads_invitations,
                description=_("单位开户备案及其审核"),
            ),
        ),
    ),
    # --- end invitations ---
    # --- visits (apps.visits): reception, protocol, gifts, the leaders' calendar ---
    NavGroup(
        "visits",
        _("来访接待"),
        "people",
        (
            NavItem(
                "visit_list",
                _("来访团组"),
                "visits:list",
                "people",
                perms=("casework.view",),
                description=_("外国代表团来访：接待方案、日程、座次和纪要"),
            ),
            NavItem(
                "gift_list",
                _("礼品登记"),
                "visits:gift_list",
                "gift",
                perms=("casework.view",),
                description=_("对外公务活动中赠送和接受的礼品、申报期限与处理"),
            ),
            NavItem(
                "leader_calendar",
                _("市领导外事日程"),
                "visits:calendar",
                "calendar-week",
                perms=("visits.view_calendar",),
                description=_("市领导外事活动周历、月历和日历订阅"),
            ),
        ),
    ),
    # --- end visits ---
    # partners: sister cities, exchange plans, the country view (apps.partners)
    NavGroup(
        "partners",
        _("友好城市与国别"),
        "globe-asia-australia",
        (
            NavItem(
                "partners",
                _("友好城市"),
                "partners:list",
                "buildings",
                perms=("partners.view",),
                description=_("友好城市、友好交流城市登记，交往记录和基层结好"),
            ),
            NavItem(
                "partner_directory",
                _("友好城市名录"),
                "partners:public_list",
                "buildings",
                predicate=lambda u: is_business_user(u) and not u.has_perm("partners.view"),
                description=_("本市的友好城市和友好交流城市"),
            ),
            NavItem(
                "partner_cases",
                _("结好申请"),
                "partners:case_list",
                "link-45deg",
                perms=("casework.view",),
                predicate=lambda u: u.has_perm("partners.view") or u.has_perm("casework.apply"),
                description=_("缔结友好城市和基层单位结好的申请与审批"),
            ),
            NavItem(
                "country_view",
                _("国别情况"),
                "partners:country_list",
                "flag",
                perms=("partners.view",),
                description=_("各国家（地区）的友好城市、出访来访和研究材料"),
            ),
            NavItem(
                "exchange_plans",
                _("交流计划"),
                "partners:plan_list",
                "calendar3",
                perms=("partners.view",),
                description=_("各处室年度对外交流计划和港澳交流计划"),
            ),
            NavItem(
                "world_map",
                _("交流地图"),
                "partners:map",
                "map",
                perms=("partners.view",),
                description=_("友好城市和本年度出访在世界地图上"),
            ),
        ),
    ),
    # --- i13: 涉外管理处 (conferences, journalists, incidents) ---
    NavGroup(
        "foreign_affairs",
        fa_nav.GROUP,
        "globe2",
        (
            NavItem(
                "conferences",
                fa_nav.CONFERENCES,
                "conferences:list",
                "people",
                perms=("casework.view",),
                description=fa_nav.CONFERENCES_HELP,
            ),
            NavItem(
                "journalists",
                fa_nav.JOURNALISTS,
                "journalists:list",
                "camera",
                perms=("casework.view",),
                predicate=lambda user: _office_side(user),
                description=fa_nav.JOURNALISTS_HELP,
            ),
            NavItem(
                "interviews",
                fa_nav.INTERVIEWS,
                "journalists:interview_list",
                "mic",
                perms=("casework.view",),
                description=fa_nav.INTERVIEWS_HELP,
            ),
            NavItem(
                "incidents",
                fa_nav.INCIDENTS,
                "incidents:list",
                "shield-exclamation",
                perms=("casework.view",),
                description=fa_nav.INCIDENTS_HELP,
            ),
            NavItem(
                "honours",
                fa_nav.HONOURS,
                "honours:list",
                "award",
                perms=("casework.view",),
                description=fa_nav.HONOURS_HELP,
            ),
        ),
    ),
    # --- end i13 ---
    NavGroup(
        "org",
        _("组织机构"),
        "diagram-3",
        (
            NavItem(
                "office",
                _("本机关"),
                "org:office",
                "building",
                perms=("org.read",),
                description=_("机关名称、文号简称、联系方式与领导职务"),
            ),
            NavItem(
                "divisions",
                _("处室"),
                "org:division_list",
                "columns-gap",
                perms=("org.read",),
                description=_("内设处室及其职责"),
            ),
            NavItem(
                "units",
                _("申报单位"),
                "org:unit_list",
                "diagram-3",
                perms=("org.read",),
                description=_("市直部门、县（市）区、企业、高校及其下级单位"),
            ),
        ),
        admin=True,
    ),
    NavGroup(
        "accounts",
        _("用户与权限"),
        "people",
        (
            NavItem(
                "users",
                _("用户"),
                "accounts:user_list",
                "person-lines-fill",
                perms=("accounts.manage_users",),
                description=_("账号、所属单位或处室、角色"),
            ),
            NavItem(
                "roles",
                _("角色"),
                "accounts:role_list",
                "shield-lock",
                perms=("accounts.manage_roles",),
                description=_("角色的权限与数据范围"),
            ),
            NavItem(
                "sessions",
                _("在线用户"),
                "accounts:session_list",
                "broadcast",
                perms=("accounts.manage_sessions",),
                description=_("查看在线会话并强制下线"),
            ),
            NavItem(
                "tokens",
                _("接口令牌"),
                "accounts:token_list",
                "key",
                perms=("accounts.manage_tokens",),
                description=_("系统对接使用的访问令牌"),
            ),
        ),
        admin=True,
    ),
    NavGroup(
        "reference",
        _("基础数据"),
        "database",
        (
            NavItem(
                "calendar",
                _("工作日历"),
                "reference:calendar_index",
                "calendar3",
                perms=("reference.manage",),
                description=_("法定节假日与调休工作日"),
            ),
            NavItem(
                "dicts",
                _("数据字典"),
                "reference:dict_type_list",
                "list-ul",
                perms=("reference.manage",),
                description=_("各类代码表"),
            ),
            NavItem(
                "countries",
                _("国家（地区）"),
                "reference:country_list",
                "globe-asia-australia",
                perms=("reference.manage",),
                description=_("国家和地区名录"),
            ),
            NavItem(
                "rule_packs",
                _("出访规则"),
                "regulations:pack_list",
                "journal-check",
                perms=("reference.manage",),
                description=_("规定检查的规则包：参数、严重程度与依据"),
            ),
            NavItem(
                "standards",
                _("开支标准"),
                "regulations:standard_list",
                "cash-coin",
                perms=("reference.manage",),
                description=_("出国住宿费、伙食费和公杂费标准"),
            ),
            NavItem(
                "approval_tiers",
                _("审批层级"),
                "trips:tier_list",
                "diagram-3",
                perms=("casework.configure",),
                description=_("按职级确定的出访审批层级"),
            ),
            NavItem(
                "casetypes",
                _("案件类型"),
                "casework:casetype_list",
                "ui-checks",
                perms=("casework.configure",),
                description=_("案件类型、办理时限与材料要求"),
            ),
            NavItem(
                "routing",
                _("分办规则"),
                "casework:routing_list",
                "signpost-split",
                perms=("casework.configure",),
                description=_("案件分送处室的规则"),
            ),
        ),
        admin=True,
    ),
    NavGroup(
        "logs",
        _("日志"),
        "journal-text",
        (
            NavItem(
                "audit",
                _("操作日志"),
                "audit:event_list",
                "journal-text",
                perms=("audit.view",),
                description=_("谁在何时对哪条记录做了什么"),
            ),
            NavItem(
                "logins",
                _("登录日志"),
                "accounts:login_log",
                "door-open",
                perms=("audit.view_logins",),
                description=_("登录、退出与锁定记录"),
            ),
        ),
        admin=True,
    ),
)

USER_MENU: tuple[NavItem, ...] = (
    NavItem(
        "profile", _("个人设置"), "accounts:profile", "person-gear", description=_("修改密码、双因素认证")
    ),
    NavItem("logout", _("退出登录"), "accounts:logout", "box-arrow-right", method="post"),
)


def all_items() -> list[NavItem]:
    return [i for g in GROUPS for i in g.items] + list(USER_MENU)


@dataclass
class ShownItem:
    item: NavItem
    url: str

    def __getattr__(self, name):
        return getattr(self.item, name)


@dataclass
class ShownGroup:
    group: NavGroup
    items: list[ShownItem]

    def __getattr__(self, name):
        return getattr(self.group, name)


def menu_for(user) -> list[ShownGroup]:
    """The groups and items ``user`` may see, each item with its resolved URL; empty groups dropped."""
    shown = []
    for group in GROUPS:
        items = []
        for item in group.items:
            if item.allowed(user):
                url = item.url()
                if url is not None:
                    items.append(ShownItem(item, url))
        if items:
            shown.append(ShownGroup(group, items))
    return shown


def user_menu_for(user) -> list[ShownItem]:
    out = []
    for item in USER_MENU:
        if item.allowed(user):
            url = item.url()
            if url is not None:
                out.append(ShownItem(item, url))
    return out


def visible_keys(user) -> set[str]:
    return {i.key for g in menu_for(user) for i in g.items} | {i.key for i in user_menu_for(user)}


# --- the main menu rendered once per set of visible items and language ----------------------------------
# The menu's markup depends only on which items the user may see (every guard's answer, so any predicate
# is honoured, whatever it reads), the language and the URL prefix. It is rendered once per such key and
# kept in the process; each page then only marks its active items and fills in the inbox badge.
_MARK = "\x00"  # never in a label, URL or icon name
_MARK_RE = re.compile("\x00([ab])([^\x00]*)\x00")
MENU_HTML = ProcessCache("navigation.menu", seconds=3600)


def _mask(user) -> tuple[bool, ...]:
    """Every item's ``allowed``; each permission code asked once (46 items share about 16 codes, and
    ``user.has_perm`` walks three authentication backends each time)."""
    memo: dict[str, bool] = {}

    def has_perm(code: str) -> bool:
        known = memo.get(code)
        if known is None:
            known = memo[code] = user.has_perm(code)
        return known

    return tuple(item.allowed(user, has_perm) for group in GROUPS for item in group.items)


def _groups_for_mask(mask: tuple[bool, ...]) -> list[ShownGroup]:
    shown, i = [], 0
    for group in GROUPS:
        items = []
        for item in group.items:
            if mask[i]:
                url = item.url()
                if url is not None:
                    items.append(ShownItem(item, url))
            i += 1
        if items:
            shown.append(ShownGroup(group, items))
    return shown


def _render_menu(mask: tuple[bool, ...]) -> tuple[str, tuple[str, ...]]:
    """The menu's ``<li>``s with markers where the active class and the inbox badges go, and the URLs
    the active markers refer to (by index)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    groups = _groups_for_mask(mask)
    urls: list[str] = []
    for group in groups:
        for item in group.items:
            item.active = mark_safe(f"{_MARK}a{len(urls)}{_MARK}")
            urls.append(item.url)
    html = render_to_string(
        "web/includes/main_nav.html",
        {
            "nav_groups": groups,
            "badge_link": mark_safe(f"{_MARK}blink{_MARK}"),
            "badge_group": mark_safe(f"{_MARK}bgroup{_MARK}"),
            "badge_item": mark_safe(f"{_MARK}bitem{_MARK}"),
        },
    )
    return html, tuple(urls)


def _badge_html(kind: str, badge) -> str:
    if not (badge and badge.get("total")):
        return ""
    total, overdue = badge["total"], badge.get("overdue")
    if kind == "item":  # an entry of a dropdown
        html = format_html('<span class="badge rounded-pill text-bg-secondary">{}</span>', total)
        if overdue:
            html += format_html(
                ' <span class="badge rounded-pill text-bg-danger" title="{}">{}</span>', _("已超期"), overdue
            )
        return html
    css = "text-bg-warning" if overdue else "text-bg-light"
    if kind == "link":  # a menu of its own
        return format_html(
            '<span class="badge rounded-pill {}" title="{}">{}</span>', css, _("待办总数"), total
        )
    return format_html('<span class="badge rounded-pill {}">{}</span>', css, total)  # a dropdown's toggle


def main_menu_html(user, path: str, badge=None) -> str:
    """The main menu's entries for ``user`` on the page at ``path`` (``inbox_badge``: the counts, read only
    if the menu shows the inbox). The same markup as rendering ``web/includes/main_nav.html`` directly."""
    from django.urls import get_script_prefix, get_urlconf
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    mask = _mask(user)
    html, urls = MENU_HTML.get(
        (id(GROUPS), mask, get_language(), get_script_prefix(), get_urlconf()), lambda: _render_menu(mask)
    )

    def fill(m: re.Match) -> str:
        if m[1] == "a":
            url = urls[int(m[2])]
            hit = path == url if url == "/" else path.startswith(url)
            return "active" if hit else ""
        return _badge_html(m[2], badge)

    return mark_safe(_MARK_RE.sub(fill, html))
