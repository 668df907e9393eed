"""Configuration of case types and routing rules (system administrator), audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.audit.actions import AuditAction
from apps.core.permissions import require
from apps.core.services import model_update

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

CONFIGURE_REFUSED = _("您无权配置案件类型和分办规则。")


def casetype_save(*, case_type: CaseType, by, data: dict) -> CaseType:
    """Create a case type (its ``code`` is set once) or edit one; the model's rules are checked."""
    require(by, "casework.configure", message=CONFIGURE_REFUSED)
    with transaction.atomic():
        if case_type.pk is None:
            model_update(
                instance=case_type,
                fields=(*CASETYPE_FIELDS, "code"),
                audit=CASETYPE_FIELDS,
                data=data,
                by=by,
                action=AuditAction.CASEWORK_CASETYPE_CREATE,
                clean=True,
            )
            return case_type
        # the stored row: a model form has already applied the new values to the instance it was given
        case_type = CaseType.objects.select_for_update().get(pk=case_type.pk)
        model_update(
            instance=case_type,
            fields=CASETYPE_FIELDS,
            data=data,
            by=by,
            action=AuditAction.CASEWORK_CASETYPE_UPDATE,
            clean=True,
        )
    return case_type


def routing_rule_save(*, rule: RoutingRule, by, data: dict) -> RoutingRule:
    """Create or edit a routing rule; the model's rules are checked."""
    require(by, "casework.configure", message=CONFIGURE_REFUSED)
    with transaction.atomic():
        is_new = rule.pk is None
        if not is_new:
            rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
        model_update(
            instance=rule,
            fields=RULE_FIELDS,
            data=data,
            by=by,
            action=AuditAction.CASEWORK_ROUTING_RULE_CREATE
            if is_new
            else AuditAction.CASEWORK_ROUTING_RULE_UPDATE,
            clean=True,
        )
    return rule
