"""Demo data of invitations: the case type's division and routing, registered units and invitations in
every state, made through the real services with generated (not real) foreigners."""

from __future__ import annotations

ROUTING_ORDER = 6  # before the continent rules of apps.casework.demo (10+)
ROUTING_REASON = (
    "邀请外国人来华（邀请函、外国人邀请核实单）由出国来华管理处承办，不论被邀请人的国籍"
    "（《徐州市人民政府外事办公室主要职责内设机构和人员编制规定》，徐政办发〔2010〕130号）"
)


def load_setup(divisions):
    """Idempotent: the invitation CaseType (shipped by migration) gets its default division and rule."""
    from apps.casework.models import RoutingRule

    from .migrations_data import ensure_case_type

    case_type = ensure_case_type()
    outbound = divisions.get("outbound")
    if outbound is None:
        return case_type, None
    if case_type.default_division_id is None:
        case_type.default_division = outbound
        case_type.save(update_fields=["default_division", "updated_at"])
    rule, _ = RoutingRule.objects.get_or_create(
        case_type=case_type,
        continent="",
        country_kind="",
        defaults={"order": ROUTING_ORDER, "division": outbound, "reason": ROUTING_REASON},
    )
    return case_type, rule
