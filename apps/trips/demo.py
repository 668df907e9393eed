"""Setup data for trips that depends on the demo organisation: the trip case type's division and its
routing rule (trip paperwork goes to 出国来华管理处 whatever the country, domain.md §1)."""

from __future__ import annotations

ROUTING_ORDER = 5  # before the continent rules of apps.casework.demo (10+)
ROUTING_REASON = (
    "因公出国（境）申请由出国来华管理处承办，不论前往哪个国家（地区）（徐州市外办“三定”规定，domain.md §1）"
)


def load_setup(divisions):
    """Idempotent: the trip CaseType (shipped by migration) gets its default division and routing rule."""
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


def load():
    from apps.org.models import Division

    return load_setup({d.code: d for d in Division.objects.all()})
