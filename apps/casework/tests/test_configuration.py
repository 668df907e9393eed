"""Case types and routing rules are edited through ``model_update``: only a change is saved and audited,
the model's rules are checked, and only the system administrator may do it."""

import pytest
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEvent
from apps.casework import services
from apps.casework.models import CaseType, RoutingRule
from apps.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _data(case_type, **changes):
    return {**{f: getattr(case_type, f) for f in services.CASETYPE_FIELDS}, **changes}


def test_an_edit_saves_and_records_only_what_changed(people, case_type):
    admin = people["sysadmin"]
    services.casetype_save(case_type=case_type, by=admin, data=_data(case_type))
    assert not AuditEvent.objects.filter(action="casework.casetype_update").exists()

    # the page's model form has already put the new values on the instance it hands over
    case_type.sla_working_days = 7
    services.casetype_save(case_type=case_type, by=admin, data=_data(case_type))
    assert CaseType.objects.get(pk=case_type.pk).sla_working_days == 7
    event = AuditEvent.objects.get(action="casework.casetype_update")
    assert event.changes == {"sla_working_days": [10, 7]}


def test_a_new_case_type_gets_its_code_and_is_recorded_from_nothing(people):
    case_type = services.casetype_save(
        case_type=CaseType(),
        by=people["sysadmin"],
        data={
            "code": "sample_matter",
            "name": "示例事项",
            "reference_prefix": "徐外样",
            "sla_working_days": 5,
        },
    )
    assert CaseType.objects.get(code="sample_matter").pk == case_type.pk
    event = AuditEvent.objects.get(action="casework.casetype_create")
    assert event.changes["name"] == [None, "示例事项"]


def test_the_models_rules_refuse_with_a_message(people, case_type):
    with pytest.raises(ServiceError):
        services.casetype_save(
            case_type=case_type, by=people["sysadmin"], data=_data(case_type, reference_prefix="")
        )
    assert CaseType.objects.get(pk=case_type.pk).reference_prefix == "徐外测"


def test_only_the_system_administrator_configures(people, case_type, routing):
    with pytest.raises(PermissionDenied, match="您无权配置案件类型和分办规则"):
        services.casetype_save(case_type=case_type, by=people["leader"], data=_data(case_type, name="改"))
    rule = RoutingRule.objects.first()
    with pytest.raises(PermissionDenied):
        services.routing_rule_save(rule=rule, by=people["staff"], data={"order": 99})
    assert RoutingRule.objects.get(pk=rule.pk).order != 99


def test_a_routing_rule_edit_records_the_diff(people, routing):
    rule = RoutingRule.objects.order_by("order").first()
    old = rule.order
    services.routing_rule_save(rule=rule, by=people["sysadmin"], data={"order": old + 100})
    assert RoutingRule.objects.get(pk=rule.pk).order == old + 100
    event = AuditEvent.objects.get(action="casework.routing_rule_update")
    assert event.changes == {"order": [old, old + 100]}
