"""What an auditor reads for an event: labels instead of codes.

* the action's label (``apps.audit.actions``) instead of "casework.close";
* the object as "<model's verbose name> <its name and reference number> (#<id>)" instead of
  "trips.trip #84": the names of the objects on a page are read in one query per kind of object, and only
  where the stored name is not enough (cases: their current reference number and title; rows that stored
  only an id);
* the changed fields by their model field's verbose name (choices by their label: "审核中", not
  "in_review"), and the keys of the additional information by their label;
* a one-sentence summary for the actions whose payload matters (the reason of a send-back, the fields
  of a sensitive view).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy

from .actions import AuditAction, registry

TITLE_CHARS = 40
LOOKUP_BATCH = 500
_ID_ONLY = re.compile(r"#?\d*")

# Keys of ``changes`` that are not fields of the object's model (computed values, secrets).
FIELD_LABELS = {
    "password": pgettext_lazy("audit field", "密码"),
    "two_factor": pgettext_lazy("audit field", "双因素认证"),
    "language": pgettext_lazy("audit field", "界面语言"),
    "session": pgettext_lazy("audit field", "会话"),
    "endorsement": pgettext_lazy("audit field", "签注"),
    "members": pgettext_lazy("audit field", "出访人员名单"),
    "legs": pgettext_lazy("audit field", "行程（国家、城市、日期）"),
    "budget_lines": pgettext_lazy("audit field", "经费预算条目数"),
    "schedule_days": pgettext_lazy("audit field", "日程天数"),
    "roles": pgettext_lazy("audit field", "角色"),
    "scope_units": pgettext_lazy("audit field", "数据范围：单位"),
    "scope_divisions": pgettext_lazy("audit field", "数据范围：处室"),
    "enrolment_code": pgettext_lazy("audit field", "双因素认证启用码"),
    "sessions": pgettext_lazy("audit field", "在线会话数"),
}

# Keys of ``extra`` (the additional information of an event).
EXTRA_LABELS = {
    "reference": pgettext_lazy("audit field", "编号"),
    "via_token": pgettext_lazy("audit field", "通过接口令牌"),
    "limit": pgettext_lazy("audit field", "上限"),
    "username": pgettext_lazy("audit field", "用户名"),
    "comment": pgettext_lazy("audit field", "意见"),
    "transition": pgettext_lazy("audit field", "办理操作"),
    "fields": pgettext_lazy("audit field", "查看的字段"),
    "purpose": pgettext_lazy("audit field", "用途"),
    "pack_version": pgettext_lazy("audit field", "规则包版本"),
    "based_on_version": pgettext_lazy("audit field", "所依据的规则包版本"),
    "retired_version": pgettext_lazy("audit field", "停用的规则包版本"),
    "rule_id": pgettext_lazy("audit field", "规则"),
    "subject": pgettext_lazy("audit field", "所涉对象"),
    "severity": pgettext_lazy("audit field", "严重程度"),
    "justification": pgettext_lazy("audit field", "理由"),
    "member": pgettext_lazy("audit field", "出访人员"),
    "country": pgettext_lazy("audit field", "国家（地区）"),
    "status": pgettext_lazy("audit field", "状态"),
    "kind": pgettext_lazy("audit field", "类别"),
    "objection": pgettext_lazy("audit field", "异议"),
    "notice": pgettext_lazy("audit field", "公示"),
    "length": pgettext_lazy("audit field", "字数"),
    "resolution": pgettext_lazy("audit field", "处理结果"),
    "deadline": pgettext_lazy("audit field", "期限"),
    "phase": pgettext_lazy("audit field", "提醒阶段"),
    "to": pgettext_lazy("audit field", "收件人数"),
    "filters": pgettext_lazy("audit field", "筛选条件"),
    "rows": pgettext_lazy("audit field", "行数"),
    "background": pgettext_lazy("audit field", "后台生成"),
    "truncated": pgettext_lazy("audit field", "超出上限被截断"),
    "format": pgettext_lazy("audit field", "文件格式"),
    "visible_to_applicant": pgettext_lazy("audit field", "申请方可见"),
    "attachment": pgettext_lazy("audit field", "附件"),
    "name": pgettext_lazy("audit field", "名称"),
    "size": pgettext_lazy("audit field", "大小（字节）"),
    "sha256": pgettext_lazy("audit field", "SHA-256 校验值"),
    "before": pgettext_lazy("audit field", "清理截止日期"),
    "deleted": pgettext_lazy("audit field", "删除条数"),
    "first_kept_id": pgettext_lazy("audit field", "保留的第一条记录"),
    "first_kept_prev_hash": pgettext_lazy("audit field", "保留的第一条记录的前一条哈希"),
    "min_retention_days": pgettext_lazy("audit field", "最短保存天数"),
    "case": pgettext_lazy("audit field", "案件"),
    "days_late": pgettext_lazy("audit field", "逾期天数"),
    "reason": pgettext_lazy("audit field", "原因"),
    "statement": pgettext_lazy("audit field", "情况说明"),
    "date": pgettext_lazy("audit field", "日期"),
    "year": pgettext_lazy("audit field", "年度"),
    "dict_type": pgettext_lazy("audit field", "字典类型"),
    "added": pgettext_lazy("audit field", "新增条数"),
    "updated": pgettext_lazy("audit field", "更新条数"),
    "rejected": pgettext_lazy("audit field", "拒绝条数"),
    "import": pgettext_lazy("audit field", "导入文件"),
    "ip": pgettext_lazy("audit field", "IP 地址"),
    "user_agent": pgettext_lazy("audit field", "浏览器"),
    "started_at": pgettext_lazy("audit field", "开始时间"),
    # session and password policy, enrolment codes (apps.accounts.sessions / passwords / enrolment)
    "limit_hours": pgettext_lazy("audit field", "会话最长时限（小时）"),
    "ended": pgettext_lazy("audit field", "被结束的会话"),
    "expired_at": pgettext_lazy("audit field", "密码过期时间"),
    "expires_at": pgettext_lazy("audit field", "有效期至"),
    "by_operator": pgettext_lazy("audit field", "由服务器运维人员签发"),
    "known_code": pgettext_lazy("audit field", "启用码存在"),
    "issued_by": pgettext_lazy("audit field", "签发人"),
    "enrolment_code": pgettext_lazy("audit field", "双因素认证启用码"),
    "overdue": pgettext_lazy("audit field", "转为逾期"),
    "expired": pgettext_lazy("audit field", "转为过期"),
    # the filters of the audit list, inside an "audit.export" event
    "user": pgettext_lazy("audit field", "用户"),
    "target_type": pgettext_lazy("audit field", "对象类型"),
    "target_id": pgettext_lazy("audit field", "对象编号"),
    "action": pgettext_lazy("audit field", "操作"),
    "date_from": pgettext_lazy("audit field", "开始日期"),
    "date_to": pgettext_lazy("audit field", "结束日期"),
}

# One sentence for the actions whose payload matters (lite-api's payload.py). Keys: actor, action,
# target and any key of ``extra``; a missing key reads "—".
SUMMARIES = {
    AuditAction.CASEWORK_SEND_BACK: pgettext_lazy(
        "audit summary", "%(actor)s 将 %(target)s 退回补正，理由：%(comment)s"
    ),
    AuditAction.CASEWORK_REJECT: pgettext_lazy(
        "audit summary", "%(actor)s 对 %(target)s 作出不予批准决定，理由：%(comment)s"
    ),
    AuditAction.CASEWORK_WITHDRAW: pgettext_lazy(
        "audit summary", "%(actor)s 撤回 %(target)s，理由：%(comment)s"
    ),
    AuditAction.CASEWORK_REOPEN: pgettext_lazy(
        "audit summary", "%(actor)s 重新打开 %(target)s，理由：%(comment)s"
    ),
    AuditAction.CASEWORK_REQUEST_CHANGE: pgettext_lazy(
        "audit summary", "%(actor)s 为 %(target)s 申请变更，理由：%(comment)s"
    ),
    AuditAction.SENSITIVE_VIEW: pgettext_lazy("audit summary", "%(actor)s 查看了 %(target)s 的%(fields)s"),
    AuditAction.AUDIT_EXPORT: pgettext_lazy("audit summary", "%(actor)s 导出了 %(rows)s 条审计记录"),
    AuditAction.TRIPS_FINDING_OVERRIDE: pgettext_lazy(
        "audit summary", "%(actor)s 对 %(target)s 的检查问题说明理由后放行：%(justification)s"
    ),
    AuditAction.PASSPORTS_REPORT_LOSS: pgettext_lazy(
        "audit summary", "%(actor)s 挂失 %(target)s，情况说明：%(statement)s"
    ),
    AuditAction.PASSPORTS_CANCEL: pgettext_lazy(
        "audit summary", "%(actor)s 注销 %(target)s，原因：%(reason)s"
    ),
}


# Values of ``extra`` that are codes of a model field's choices: {(action, key): "app_label.Model.field"}.
EXTRA_CHOICES = {
    (AuditAction.TRIPS_VISA, "kind"): "trips.Visa.kind",
    (AuditAction.TRIPS_VISA, "status"): "trips.Visa.status",
    (AuditAction.TRIPS_REMINDER, "kind"): "trips.ReminderSent.kind",
    (AuditAction.TRIPS_REMINDER, "phase"): "trips.ReminderSent.phase",
    (AuditAction.TRIPS_FINDING_OVERRIDE, "severity"): "regulations.RuleSetting.severity",
}
# Values of ``extra`` that are ISO codes of a country (shown by the country's name).
EXTRA_COUNTRIES = {(AuditAction.TRIPS_VISA, "country")}
# Values of ``extra`` that name an export list ("audit.events" → "审计日志").
EXTRA_EXPORT_KINDS = {(AuditAction.EXPORTS_START, "kind"), (AuditAction.EXPORTS_DOWNLOAD, "kind")}


# --- models and fields ------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def model_for(target_type: str):
    """The model class of a stored ``target_type`` ("trips.trip"), or None."""
    if not target_type or "." not in target_type:
        return None
    try:
        return django_apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


# Labels are looked up per row of a page or of an export of 100,000 rows: each is translated once per
# language and kept (the catalogues do not change while the process runs).
def type_label(target_type: str) -> str:
    return _type_label(get_language(), target_type)


@lru_cache(maxsize=512)
def _type_label(language, target_type: str) -> str:
    model = model_for(target_type)
    return str(model._meta.verbose_name) if model is not None else ""


def action_label(action: str) -> str:
    return _action_label(get_language(), str(action))


@lru_cache(maxsize=1024)
def _action_label(language, action: str) -> str:
    return registry.label(action)


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model, name: str) -> str:
    """The verbose name of field ``name`` of ``model``, else a known label, else the name itself."""
    return _field_label(get_language(), model, str(name))


@lru_cache(maxsize=4096)
def _field_label(language, model, name: str) -> str:
    field = _field(model, name)
    verbose = getattr(field, "verbose_name", None)
    if verbose:
        return str(verbose)
    if field is not None and getattr(field, "related_model", None) is not None:  # a reverse relation
        return str(field.related_model._meta.verbose_name_plural)
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return str(EXTRA_LABELS.get(name, name))


@lru_cache(maxsize=4096)
def _choice_labels(language, model, name: str) -> dict[str, str]:
    """``{stored value: label}`` of a field with choices (empty for other fields)."""
    field = _field(model, name)
    return {str(k): str(v) for k, v in (getattr(field, "flatchoices", None) or ())}


@lru_cache(maxsize=8)
def _yes_no(language) -> tuple[str, str]:
    return gettext("是"), gettext("否")


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        yes, no = _yes_no(get_language())
        return yes if value else no
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{extra_label(k)}：{_plain(v)}" for k, v in value.items()) or "—"
    return str(value)


def value_display(model, name: str, value) -> str:
    """A stored value as text: a choice by its label, yes/no, lists joined; None as "—"."""
    if model is not None and not isinstance(value, list | dict) and value not in (None, ""):
        labels = _choice_labels(get_language(), model, str(name))
        if str(value) in labels:
            return labels[str(value)]
    return _plain(value)


def extra_label(key: str) -> str:
    return _extra_label(get_language(), str(key))


@lru_cache(maxsize=1024)
def _extra_label(language, key: str) -> str:
    return str(EXTRA_LABELS.get(key) or FIELD_LABELS.get(key) or key)


# --- the object of an event ------------------------------------------------------------------------
@dataclass
class TargetView:
    type_label: str = ""
    name: str = ""
    reference: str = ""
    title: str = ""
    id: str = ""
    recorded_name: str = ""  # what the event stored at the time

    @property
    def label(self) -> str:
        text = " ".join(p for p in (self.type_label, self.name) if p)
        if self.id:
            text = f"{text} (#{self.id})" if text else f"#{self.id}"
        return text

    def __bool__(self) -> bool:
        return bool(self.type_label or self.name or self.id)

    def __str__(self) -> str:
        return self.label


def _case_like(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return {"reference", "title"} <= names


def _needs_lookup(event, model) -> bool:
    return _case_like(model) or _ID_ONLY.fullmatch(event.target_repr or "") is not None


def _valid_pks(model, ids: Iterable[str]) -> dict:
    out = {}
    for raw in ids:
        try:
            out[model._meta.pk.to_python(raw)] = raw
        except (ValidationError, TypeError, ValueError):
            continue
    return out


def _case_name(reference: str | None, title: str | None) -> str:
    title = Truncator(title or "").chars(TITLE_CHARS)
    return " ".join(p for p in (reference or "", title) if p)


def live_names(events: Iterable) -> dict[tuple[str, str], tuple[str, str, str]]:
    """``{(target_type, target_id): (name, reference, title)}`` of the objects of ``events`` whose stored
    name is not enough: one query per kind of object (cases by reference and title; objects that stored
    only an id by their ``str()``)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        model = model_for(event.target_type)
        if model is not None and event.target_id and _needs_lookup(event, model):
            wanted[event.target_type].add(event.target_id)
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for target_type, ids in wanted.items():
        model = model_for(target_type)
        pks = _valid_pks(model, ids)
        if not pks:
            continue
        keys = list(pks)
        for start in range(0, len(keys), LOOKUP_BATCH):  # an export's chunk: bounded query parameters
            rows = model._base_manager.filter(pk__in=keys[start : start + LOOKUP_BATCH])
            if _case_like(model):
                for pk, ref, title in rows.values_list("pk", "reference", "title"):
                    found[(target_type, str(pk))] = (_case_name(ref, title), ref or "", title or "")
            else:
                for obj in rows:
                    found[(target_type, str(obj.pk))] = (str(obj), "", "")
    return found


def target_view(event, names: dict | None = None) -> TargetView:
    if not (event.target_type or event.target_id or event.target_repr):
        return TargetView()
    recorded = event.target_repr or ""
    name, reference, title = (names or {}).get((event.target_type, event.target_id), ("", "", ""))
    if not name:
        name = "" if _ID_ONLY.fullmatch(recorded) else recorded
        reference = reference or str((event.extra or {}).get("reference") or "")
    return TargetView(
        type_label=type_label(event.target_type),
        name=name,
        reference=reference,
        title=title,
        id=event.target_id or "",
        recorded_name=recorded,
    )


# --- changes and additional information ----------------------------------------------------------------
def change_rows(event) -> list[tuple[str, str, str]]:
    """``[(field label, before, after)]`` of the event's changes."""
    model = model_for(event.target_type)
    rows = []
    for name, value in (event.changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            before, after = value
        else:
            before, after = None, value
        label = field_label(model, name)
        rows.append((label, value_display(model, name, before), value_display(model, name, after)))
    return rows


def _choice_label(path: str, value) -> str:
    app_label, model_name, field_name = path.split(".")
    labels = _choice_labels(get_language(), model_for(f"{app_label}.{model_name}"), field_name)
    return labels.get(str(value), str(value))


def _export_title(kind) -> str:
    from apps.exports.registry import REGISTRY

    exporter = REGISTRY.get(str(kind))
    return str(exporter.title) if exporter is not None else str(kind)


def country_names(events: Iterable) -> dict[str, str]:
    """``{iso2: name}`` of the countries named by code in the events' additional information (one
    query, none when there are none)."""
    codes = {
        str(value)
        for event in events
        for key, value in (event.extra or {}).items()
        if (event.action, key) in EXTRA_COUNTRIES and value
    }
    if not codes:
        return {}
    from apps.reference.models import Country

    return {c.iso2: str(c) for c in Country.objects.filter(iso2__in=codes)}


def extra_rows(event, countries: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """``[(label, value)]`` of the event's additional information (``countries``: from
    :func:`country_names`, else the country is read here)."""
    model = model_for(event.target_type)
    if countries is None:
        countries = country_names([event])
    rows = []
    for key, value in (event.extra or {}).items():
        if (event.action, key) in EXTRA_CHOICES and value not in (None, ""):
            text = _choice_label(EXTRA_CHOICES[(event.action, key)], value)
        elif (event.action, key) in EXTRA_COUNTRIES and value:
            text = countries.get(str(value), str(value))
        elif (event.action, key) in EXTRA_EXPORT_KINDS and value:
            text = _export_title(value)
        elif key == "transition" and value:
            text = action_label(f"casework.{value}")
        elif key == "fields" and isinstance(value, list):
            text = "、".join(field_label(model, str(f)) for f in value) or "—"
        elif key == "action" and value:
            text = str(value)
            if registry.get(text) is not None:
                text = action_label(text)
        elif key == "target_type" and value:
            text = type_label(str(value)) or str(value)
        else:
            text = _plain(value)
        rows.append((extra_label(key), text))
    return rows


def changes_text(event) -> str:
    return "；".join(f"{label}：{before} → {after}" for label, before, after in change_rows(event))


def extra_text(event) -> str:
    rows = getattr(event, "extra_rows", None)
    if rows is None:
        rows = extra_rows(event)
    return "；".join(f"{label}：{value}" for label, value in rows)


def summary(event, target: TargetView | None = None) -> str:
    """One sentence: "王审核 将 因公出国（境）申请 徐外出〔2026〕0012 … (#84) 退回补正，理由：…"."""
    target = target if target is not None else target_view(event)
    extra = event.extra or {}
    model = model_for(event.target_type)
    values = {key: _plain(value) for key, value in extra.items()}
    if isinstance(extra.get("fields"), list):
        values["fields"] = "、".join(field_label(model, str(f)) for f in extra["fields"])
    values.update(actor=event.actor_display, action=action_label(event.action), target=target.label or "—")
    return _summary_template(get_language(), event.action, bool(target)) % defaultdict(lambda: "—", values)


@lru_cache(maxsize=256)
def _summary_template(language, action: str, has_target: bool) -> str:
    template = SUMMARIES.get(action)
    if template is not None:
        return str(template)
    if has_target:
        return pgettext("audit summary", "%(actor)s：%(action)s（%(target)s）")
    return pgettext("audit summary", "%(actor)s：%(action)s")


def annotate(events: Iterable, *, names: bool = True) -> list:
    """Attach what the pages, the API and the export show to each event (``action_label``,
    ``target_view``, ``target_label``, ``change_rows``, ``extra_rows``); reads the names of the objects
    in one query per kind of object (``names=False``: none, the stored names only) and the names of
    countries given by code in one query."""
    events = list(events)
    found = live_names(events) if names else {}
    countries = country_names(events)
    for event in events:
        view = target_view(event, found)
        event.target_view = view
        event.target_label = view.label
        event.target_type_label = view.type_label
        event.action_label = action_label(event.action)
        event.change_rows = change_rows(event)
        event.extra_rows = extra_rows(event, countries)
    return events
