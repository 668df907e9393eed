"""The audit vocabulary (审计操作): every action the audit trail records, with its Chinese and English label.

Auditors never see an action code ("casework.close"); they see its label ("办结" / "Closed").

* ``AuditAction`` names every action written today. Its VALUES ARE THE STORED STRINGS, so old rows keep
  their action and their hash, and a member compares equal to its string
  (``AuditAction.CASEWORK_CLOSE == "casework.close"``). Member name rule: the value in upper case with
  the dot as an underscore (``"accounts.2fa_enable"`` → ``ACCOUNTS_2FA_ENABLE``).
* ``registry`` is the one place that says whether an action exists and what it is called.
  ``apps.audit.services.record()`` refuses an action that is not in it (``ValueError``), so a typo fails
  in the tests, not in the auditor's list.
* Case transitions are recorded as ``"casework.<transition name>"`` by the casework engine. The registry
  also knows every ``@transition`` of every case type (subclasses of ``apps.casework.models.Case``) and
  labels those it does not know from the case type's own transition label, so a new case type needs no
  change here.
* Another app may add its own actions with ``registry.register(SomeTextChoices)`` in its
  ``AppConfig.ready()`` (values ``"<app>.<verb>"``, labels with ``pgettext_lazy``).

The labels use the message context ``"audit action"`` so that they never change the translation of the
same Chinese word on a button elsewhere ("办结" is "Close" on the button, "Closed" in the audit trail).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

# Prefixes that are not app labels: the group they are shown under in the action filter.
EXTRA_GROUPS = {"sensitive": pgettext_lazy("audit action", "敏感个人信息")}

TRANSITION_PREFIX = "casework."

# Actions no code writes any more, kept in the vocabulary so that old rows keep their label.
RETIRED = frozenset(
    {
        "trips.approval_pdf",
        # the office's own pre-trip notice stage, gone since the notice is the unit's step (trips 0008)
        "casework.start_notice",
        "casework.finish_notice",
    }
)


class AuditAction(models.TextChoices):
    # --- accounts: 用户与权限 -----------------------------------------------------------------------------
    ACCOUNTS_USER_CREATE = "accounts.user_create", pgettext_lazy("audit action", "新建用户")
    ACCOUNTS_USER_UPDATE = "accounts.user_update", pgettext_lazy("audit action", "修改用户")
    ACCOUNTS_USER_DEACTIVATE = "accounts.user_deactivate", pgettext_lazy("audit action", "停用用户")
    ACCOUNTS_USER_REACTIVATE = "accounts.user_reactivate", pgettext_lazy("audit action", "重新启用用户")
    ACCOUNTS_PASSWORD_RESET = "accounts.password_reset", pgettext_lazy("audit action", "重置用户密码")
    ACCOUNTS_PASSWORD_CHANGE = "accounts.password_change", pgettext_lazy("audit action", "修改本人密码")
    ACCOUNTS_LANGUAGE_SET = "accounts.language_set", pgettext_lazy("audit action", "设置界面语言")
    ACCOUNTS_ROLE_CREATE = "accounts.role_create", pgettext_lazy("audit action", "新建角色")
    ACCOUNTS_ROLE_UPDATE = "accounts.role_update", pgettext_lazy("audit action", "修改角色")
    ACCOUNTS_SESSION_END = "accounts.session_end", pgettext_lazy("audit action", "强制结束会话")
    ACCOUNTS_TOKEN_CREATE = "accounts.token_create", pgettext_lazy("audit action", "创建接口令牌")
    ACCOUNTS_TOKEN_REVOKE = "accounts.token_revoke", pgettext_lazy("audit action", "吊销接口令牌")
    ACCOUNTS_2FA_ENABLE = "accounts.2fa_enable", pgettext_lazy("audit action", "启用双因素认证")
    ACCOUNTS_2FA_DISABLE = "accounts.2fa_disable", pgettext_lazy("audit action", "停用双因素认证")
    # session and password policy (session14): 等保 level 3 sessions, first enrolment of an administrator
    ACCOUNTS_SESSION_EXPIRE = (
        "accounts.session_expire",
        pgettext_lazy("audit action", "会话超过最长时限被结束"),
    )
    ACCOUNTS_SESSION_REPLACE = (
        "accounts.session_replace",
        pgettext_lazy("audit action", "新的登录结束了同一账号的其他会话"),
    )
    ACCOUNTS_PASSWORD_EXPIRED = (
        "accounts.password_expired",
        pgettext_lazy("audit action", "密码已过期，要求修改"),
    )
    ACCOUNTS_ENROLMENT_CODE_ISSUE = (
        "accounts.enrolment_code_issue",
        pgettext_lazy("audit action", "签发双因素认证启用码"),
    )
    ACCOUNTS_ENROLMENT_CODE_USE = (
        "accounts.enrolment_code_use",
        pgettext_lazy("audit action", "使用双因素认证启用码"),
    )
    ACCOUNTS_ENROLMENT_CODE_REJECT = (
        "accounts.enrolment_code_reject",
        pgettext_lazy("audit action", "双因素认证启用码被拒绝"),
    )
    # Written by the benchmark data generator (benchmarks/datagen.py); sign-ins are in the login log.
    ACCOUNTS_LOGIN = "accounts.login", pgettext_lazy("audit action", "登录")
    ACCOUNTS_LOCKOUT = "accounts.lockout", pgettext_lazy("audit action", "登录失败次数过多，账号被锁定")

    # --- audit: 审计 -----------------------------------------------------------------------------------
    AUDIT_EXPORT = "audit.export", pgettext_lazy("audit action", "导出审计日志")
    AUDIT_PURGE = "audit.purge", pgettext_lazy("audit action", "清理过期审计日志")

    # --- casework: 案件办理 ------------------------------------------------------------------------------
    CASEWORK_CREATE = "casework.create", pgettext_lazy("audit action", "新建案件草稿")
    CASEWORK_COMMENT = "casework.comment", pgettext_lazy("audit action", "填写办理意见")
    CASEWORK_ATTACHMENT_ADD = "casework.attachment_add", pgettext_lazy("audit action", "上传附件")
    CASEWORK_ATTACHMENT_CHECKSUM_FAILED = (
        "casework.attachment_checksum_failed",
        pgettext_lazy("audit action", "附件校验不一致"),
    )
    CASEWORK_CASETYPE_CREATE = "casework.casetype_create", pgettext_lazy("audit action", "新建案件类型")
    CASEWORK_CASETYPE_UPDATE = "casework.casetype_update", pgettext_lazy("audit action", "修改案件类型")
    CASEWORK_ROUTING_RULE_CREATE = (
        "casework.routing_rule_create",
        pgettext_lazy("audit action", "新建分办规则"),
    )
    CASEWORK_ROUTING_RULE_UPDATE = (
        "casework.routing_rule_update",
        pgettext_lazy("audit action", "修改分办规则"),
    )
    # the engine's transitions (apps.casework.models.Case), recorded as "casework.<transition>"
    CASEWORK_SUBMIT = "casework.submit", pgettext_lazy("audit action", "提交申请")
    CASEWORK_CLAIM = "casework.claim", pgettext_lazy("audit action", "认领")
    CASEWORK_ASSIGN = "casework.assign", pgettext_lazy("audit action", "分派承办人")
    CASEWORK_SEND_BACK = "casework.send_back", pgettext_lazy("audit action", "退回补正")
    CASEWORK_RESUBMIT = "casework.resubmit", pgettext_lazy("audit action", "补正后重新提交")
    CASEWORK_FORWARD_FOR_APPROVAL = (
        "casework.forward_for_approval",
        pgettext_lazy("audit action", "报领导审批"),
    )
    CASEWORK_APPROVE = "casework.approve", pgettext_lazy("audit action", "批准")
    CASEWORK_REJECT = "casework.reject", pgettext_lazy("audit action", "不予批准")
    CASEWORK_WITHDRAW = "casework.withdraw", pgettext_lazy("audit action", "撤回申请")
    CASEWORK_REOPEN = "casework.reopen", pgettext_lazy("audit action", "重新打开")
    CASEWORK_CLOSE = "casework.close", pgettext_lazy("audit action", "办结")
    # the trip's transitions (apps.trips.models.Trip), recorded by the same engine
    CASEWORK_REQUEST_CHANGE = "casework.request_change", pgettext_lazy("audit action", "申请变更")
    CASEWORK_START_NOTICE = "casework.start_notice", pgettext_lazy("audit action", "开始出访前公示")
    CASEWORK_FINISH_NOTICE = "casework.finish_notice", pgettext_lazy("audit action", "公示期满，办理证照")
    CASEWORK_DEPART = "casework.depart", pgettext_lazy("audit action", "登记出境")
    CASEWORK_RECORD_RETURN = "casework.record_return", pgettext_lazy("audit action", "登记回国")
    CASEWORK_CONFIRM_PASSPORTS_BACK = (
        "casework.confirm_passports_back",
        pgettext_lazy("audit action", "确认证照全部交回"),
    )
    CASEWORK_FILE_REPORT = "casework.file_report", pgettext_lazy("audit action", "报送出访报告")
    CASEWORK_PUBLISH_POST_NOTICE = (
        "casework.publish_post_notice",
        pgettext_lazy("audit action", "发布出访后公示"),
    )
    CASEWORK_CANCEL_TRIP = "casework.cancel_trip", pgettext_lazy("audit action", "取消出访")
    CASEWORK_DISCARD_DRAFT = "casework.discard_draft", pgettext_lazy("audit action", "删除草稿")
    # tripchain: the trip's approval chain
    CASEWORK_SIGN_UNIT = "casework.sign_unit", pgettext_lazy("audit action", "单位签批")
    CASEWORK_PROPOSE = "casework.propose", pgettext_lazy("audit action", "提出审核意见，报处长审核")
    CASEWORK_HEAD_REVIEW = "casework.head_review", pgettext_lazy("audit action", "处长审核")
    CASEWORK_LEADER_REVIEW = "casework.leader_review", pgettext_lazy("audit action", "外办领导审核")

    # --- core: 系统维护 ---------------------------------------------------------------------------------
    CORE_ROTATE_FIELD_KEY = "core.rotate_field_key", pgettext_lazy("audit action", "轮换字段加密密钥")

    # --- exports: 导出 ---------------------------------------------------------------------------------
    EXPORTS_START = "exports.start", pgettext_lazy("audit action", "发起导出")
    EXPORTS_DOWNLOAD = "exports.download", pgettext_lazy("audit action", "下载导出文件")

    # --- org: 组织机构 ---------------------------------------------------------------------------------
    ORG_OFFICE_CREATE = "org.office_create", pgettext_lazy("audit action", "设置本机关信息")
    ORG_OFFICE_UPDATE = "org.office_update", pgettext_lazy("audit action", "修改本机关信息")
    ORG_DIVISION_CREATE = "org.division_create", pgettext_lazy("audit action", "新建处室")
    ORG_DIVISION_UPDATE = "org.division_update", pgettext_lazy("audit action", "修改处室")
    ORG_POST_CREATE = "org.post_create", pgettext_lazy("audit action", "新建领导职务")
    ORG_POST_UPDATE = "org.post_update", pgettext_lazy("audit action", "修改领导职务")
    ORG_UNIT_CREATE = "org.unit_create", pgettext_lazy("audit action", "新建申报单位")
    ORG_UNIT_UPDATE = "org.unit_update", pgettext_lazy("audit action", "修改申报单位")
    ORG_UNIT_MOVE = "org.unit_move", pgettext_lazy("audit action", "调整单位隶属关系")
    ORG_UNIT_ACTIVATE = "org.unit_activate", pgettext_lazy("audit action", "重新启用申报单位")
    ORG_UNIT_DEACTIVATE = "org.unit_deactivate", pgettext_lazy("audit action", "停用申报单位")

    # --- passports: 证照管理 ----------------------------------------------------------------------------
    PASSPORTS_CREATE = "passports.create", pgettext_lazy("audit action", "登记证照")
    PASSPORTS_UPDATE = "passports.update", pgettext_lazy("audit action", "修改证照信息")
    PASSPORTS_CHECK_OUT = "passports.check_out", pgettext_lazy("audit action", "证照借出")
    PASSPORTS_CHECK_IN = "passports.check_in", pgettext_lazy("audit action", "证照交回入库")
    PASSPORTS_RECALL = "passports.recall", pgettext_lazy("audit action", "催还证照")
    PASSPORTS_REPORT_LOSS = "passports.report_loss", pgettext_lazy("audit action", "证照挂失")
    PASSPORTS_CANCEL = "passports.cancel", pgettext_lazy("audit action", "证照注销")
    PASSPORTS_ENDORSEMENT_ADD = "passports.endorsement_add", pgettext_lazy("audit action", "登记签注")
    PASSPORTS_REFRESH_STATUSES = (
        "passports.refresh_statuses",
        pgettext_lazy("audit action", "更新证照状态（逾期、过期）"),
    )
    # tripapi: passport applications in progress, loans from before the system
    PASSPORTS_APPLICATION_RECORD = (
        "passports.application_record",
        pgettext_lazy("audit action", "登记证照申请"),
    )
    PASSPORTS_APPLICATION_CLOSE = "passports.application_close", pgettext_lazy("audit action", "证照申请办结")
    PASSPORTS_REGISTER_LOAN = "passports.register_loan", pgettext_lazy("audit action", "登记系统启用前的借出")

    # --- people: 人员信息 ------------------------------------------------------------------------------
    PEOPLE_CREATE = "people.create", pgettext_lazy("audit action", "登记人员")
    PEOPLE_UPDATE = "people.update", pgettext_lazy("audit action", "修改人员信息")
    PEOPLE_ARCHIVE = "people.archive", pgettext_lazy("audit action", "人员信息归档")
    PEOPLE_REVEAL_LIMITED = (
        "people.reveal_limited",
        pgettext_lazy("audit action", "查看证件号码次数超限被拒绝"),
    )
    # existence oracle: a registration whose ID number is already held outside the registrant's scope
    PEOPLE_ID_CONFLICT = (
        "people.id_conflict",
        pgettext_lazy("audit action", "登记的身份证号码与可见范围外的人员重复"),
    )

    # --- reference: 基础数据 ----------------------------------------------------------------------------
    REFERENCE_COUNTRY_UPDATE = (
        "reference.country_update",
        pgettext_lazy("audit action", "修改国家（地区）信息"),
    )
    REFERENCE_CALENDAR_YEAR_CREATE = (
        "reference.calendar_year_create",
        pgettext_lazy("audit action", "新建年度节假日安排"),
    )
    REFERENCE_CALENDAR_YEAR_UPDATE = (
        "reference.calendar_year_update",
        pgettext_lazy("audit action", "修改年度节假日安排"),
    )
    REFERENCE_CALENDAR_YEAR_PUBLISH = (
        "reference.calendar_year_publish",
        pgettext_lazy("audit action", "发布年度节假日安排"),
    )
    REFERENCE_CALENDAR_YEAR_UNPUBLISH = (
        "reference.calendar_year_unpublish",
        pgettext_lazy("audit action", "撤销发布年度节假日安排"),
    )
    REFERENCE_CALENDAR_DAY_SAVE = (
        "reference.calendar_day_save",
        pgettext_lazy("audit action", "设置节假日或调休上班日"),
    )
    REFERENCE_CALENDAR_DAY_REMOVE = (
        "reference.calendar_day_remove",
        pgettext_lazy("audit action", "删除节假日或调休上班日"),
    )
    REFERENCE_DICT_TYPE_CREATE = "reference.dict_type_create", pgettext_lazy("audit action", "新建字典类型")
    REFERENCE_DICT_TYPE_UPDATE = "reference.dict_type_update", pgettext_lazy("audit action", "修改字典类型")
    REFERENCE_DICT_ITEM_CREATE = "reference.dict_item_create", pgettext_lazy("audit action", "新建字典项")
    REFERENCE_DICT_ITEM_UPDATE = "reference.dict_item_update", pgettext_lazy("audit action", "修改字典项")

    # --- regulations: 出访规则 --------------------------------------------------------------------------
    REGULATIONS_PACK_DRAFT = "regulations.pack_draft", pgettext_lazy("audit action", "新建规则包草稿")
    REGULATIONS_RULE_UPDATE = "regulations.rule_update", pgettext_lazy("audit action", "修改规则设置")
    REGULATIONS_PACK_ACTIVATE = "regulations.pack_activate", pgettext_lazy("audit action", "启用规则包")
    REGULATIONS_STANDARDS_IMPORT = (
        "regulations.standards_import",
        pgettext_lazy("audit action", "导入经费开支标准"),
    )

    # --- sensitive: 敏感个人信息 --------------------------------------------------------------------------
    SENSITIVE_VIEW = "sensitive.view", pgettext_lazy("audit action", "查看身份证件号码")

    # --- trips: 因公出国（境） ---------------------------------------------------------------------------
    TRIPS_CREATE = "trips.create", pgettext_lazy("audit action", "新建出访申请")
    TRIPS_UPDATE = "trips.update", pgettext_lazy("audit action", "修改出访申请")
    TRIPS_RECHECK = "trips.recheck", pgettext_lazy("audit action", "重新进行规则检查")
    # Written by the benchmark data generator (benchmarks/datagen.py).
    TRIPS_CHECK = "trips.check", pgettext_lazy("audit action", "规则检查")
    TRIPS_FINDING_OVERRIDE = "trips.finding_override", pgettext_lazy("audit action", "检查问题说明理由后放行")
    TRIPS_EXTERNAL_APPROVAL = "trips.external_approval", pgettext_lazy("audit action", "登记上级批件")
    TRIPS_PASSPORT_RELEASE = "trips.passport_release", pgettext_lazy("audit action", "为出访借出证照")
    TRIPS_PASSPORT_RETURN = "trips.passport_return", pgettext_lazy("audit action", "出访证照交回")
    TRIPS_VISA = "trips.visa", pgettext_lazy("audit action", "登记签证办理情况")
    TRIPS_REPORT_SAVE = "trips.report_save", pgettext_lazy("audit action", "保存出访报告")
    TRIPS_OBJECTION = "trips.objection", pgettext_lazy("audit action", "收到公示异议")
    TRIPS_OBJECTION_RESOLVE = "trips.objection_resolve", pgettext_lazy("audit action", "处理公示异议")
    TRIPS_APPROVAL_TIER = "trips.approval_tier", pgettext_lazy("audit action", "设置审批层级")
    # documents: no longer written (downloads are "documents.download"); kept so old rows keep their label
    TRIPS_APPROVAL_PDF = "trips.approval_pdf", pgettext_lazy("audit action", "生成出访审批表")
    TRIPS_REMINDER = "trips.reminder", pgettext_lazy("audit action", "发送办理期限提醒")
    # tripchain: notices inside the unit, the approval routes
    TRIPS_UNIT_NOTICE = "trips.unit_notice", pgettext_lazy("audit action", "发布单位内公示")
    TRIPS_UNIT_NOTICE_RESULT = "trips.unit_notice_result", pgettext_lazy("audit action", "登记单位内公示结果")
    TRIPS_POST_NOTICE_RESULT = "trips.post_notice_result", pgettext_lazy("audit action", "登记出访后公示结果")
    TRIPS_APPROVAL_ROUTE = "trips.approval_route", pgettext_lazy("audit action", "设置审批流程")


def member_name(value: str) -> str:
    """The member name for an action string: ``"accounts.2fa_enable"`` → ``"ACCOUNTS_2FA_ENABLE"``."""
    return value.upper().replace(".", "_")


@dataclass(frozen=True)
class Action:
    value: str
    label: Promise | str
    # where it was declared: the TextChoices class, or the case-type model for a derived transition
    source: str

    @property
    def group(self) -> str:
        return self.value.split(".", 1)[0]


class ActionRegistry:
    """Every known action: the registered ``TextChoices`` plus the transitions of every case type."""

    def __init__(self):
        self._declared: dict[str, Action] = {}
        self._derived: dict[str, Action] | None = None

    # --- declaring ---------------------------------------------------------------------------------------
    def register(self, choices: type[models.TextChoices]) -> type[models.TextChoices]:
        """Add the members of ``choices`` (values ``"<group>.<verb>"``). Usable as a class decorator."""
        for member in choices:
            value = str(member.value)
            if "." not in value or not member.label:
                raise ImproperlyConfigured(f"audit action {value!r}: a value '<app>.<verb>' and a label")
            known = self._declared.get(value)
            if known is not None and known.source != choices.__qualname__:
                raise ImproperlyConfigured(f"audit action {value!r} is declared twice ({known.source})")
            self._declared[value] = Action(value, member.label, choices.__qualname__)
        return choices

    def _transitions(self) -> dict[str, Action]:
        """``"casework.<name>"`` for every transition of every case type, labelled by the case type."""
        if self._derived is not None:
            return self._derived
        if not django_apps.ready:
            return {}
        from apps.casework.models import Case

        found: dict[str, Action] = {}
        for model in django_apps.get_models():
            if not issubclass(model, Case):
                continue
            for name, label in transitions_of(model):
                value = TRANSITION_PREFIX + name
                if value not in found and label:
                    found[value] = Action(value, label, model._meta.label)
        self._derived = found
        return found

    # --- reading ---------------------------------------------------------------------------------------
    def get(self, value) -> Action | None:
        value = str(value.value if isinstance(value, enum.Enum) else value)
        return self._declared.get(value) or self._transitions().get(value)

    def __contains__(self, value) -> bool:
        return self.get(value) is not None

    def __iter__(self) -> Iterator[Action]:
        seen = dict(self._declared)
        for value, action in self._transitions().items():
            seen.setdefault(value, action)
        return iter(seen.values())

    def __len__(self) -> int:
        return len(list(iter(self)))

    def validate(self, action) -> str:
        """The stored string of ``action`` (a member or a string); ``ValueError`` for an unknown one."""
        value = str(action.value if isinstance(action, enum.Enum) else action)
        if self.get(value) is None:
            raise ValueError(
                f"Unknown audit action {value!r}: declare it in apps.audit.actions.AuditAction "
                "(or register the app's own TextChoices with apps.audit.actions.registry)."
            )
        return value

    def label(self, value) -> str:
        """The label in the active language; an unknown (old) action reads "未登记的操作"."""
        action = self.get(value)
        if action is None:
            return gettext("未登记的操作")
        return str(action.label)

    def group_label(self, group: str) -> str:
        if group in EXTRA_GROUPS:
            return str(EXTRA_GROUPS[group])
        try:
            return str(django_apps.get_app_config(group).verbose_name)
        except LookupError:
            return group

    def groups(self) -> list[tuple[str, str, list[Action]]]:
        """``[(group, group label, [actions])]`` in the order of INSTALLED_APPS, labels sorted."""
        order = {config.label: i for i, config in enumerate(django_apps.get_app_configs())}
        by_group: dict[str, list[Action]] = {}
        for action in self:
            by_group.setdefault(action.group, []).append(action)
        return [
            (group, self.group_label(group), by_group[group])
            for group in sorted(by_group, key=lambda g: (order.get(g, len(order)), g))
        ]


def transitions_of(model) -> list[tuple[str, Promise | str | None]]:
    """``[(name, label)]`` of the public transitions ``model`` declares for the casework engine (its own
    and inherited, on any FSM field), each with the label it is declared with
    (``apps.casework.workflow.case_transition(label=…)``)."""
    from apps.casework.workflow import declared_transitions

    declared = declared_transitions(model).items()
    return [(name, spec.label) for name, spec in declared if not name.startswith("_")]


registry = ActionRegistry()
registry.register(AuditAction)
