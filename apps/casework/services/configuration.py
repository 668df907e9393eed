"""Configuration of case types and routing rules (system administrator), audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import diff, record, snapshot

from ..models import CaseType, RoutingRule

CASETYPE_FIELDS = (
    "name",
    "name_en",
    "reference_prefix",
    "sla_working_days",
    "sla_basis",
    "default_division",
    "detail_url_name",
    "is_active",
)
RULE_FIELDS = ("order", "case_type", "continent", "country_kind", "division", "reason", "is_active")


def _require_configure(by):
    if not by.has_perm("casework.configure"):
        raise PermissionDenied(_("您无权配置案件类型和分办规则。"))


def casetype_save(*, case_type: CaseType, by, data: dict) -> CaseType:
    _require_configure(by)
    with transaction.atomic():
        is_new = case_type.pk is None
        before = {} if is_new else snapshot(CaseType.objects.get(pk=case_type.pk), CASETYPE_FIELDS)
        for k, v in data.items():
            if k in (*CASETYPE_FIELDS, "code"):
                setattr(case_type, k, v)
        case_type.full_clean()
        case_type.save()
        record(
            action="casework.casetype_create" if is_new else "casework.casetype_update",
            target=case_type,
            actor=by,
            changes=diff(before, snapshot(case_type, CASETYPE_FIELDS)),
        )
    return case_type


def routing_rule_save(*, rule: RoutingRule, by, data: dict) -> RoutingRule:
    _require_configure(by)
    with transaction.atomic():
        is_new = rule.pk is None
        before = {} if is_new else snapshot(RoutingRule.objects.get(pk=rule.pk), RULE_FIELDS)
        for k, v in data.items():
            if k in RULE_FIELDS:
                setattr(rule, k, v)
        rule.full_clean()
        rule.save()
        record(
            action="casework.routing_rule_create" if is_new else "casework.routing_rule_update",
            target=rule,
            actor=by,
            changes=diff(before, snapshot(rule, RULE_FIELDS)),
        )
    return rule
