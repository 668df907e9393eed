"""Routing (分办): which division's queue a case goes to, with the reason written to the timeline."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Case, RoutingRule, TimelineEntry
from .timeline import timeline_add


def route(*, case: Case, by=None) -> RoutingRule | None:
    """Put the case in a division's queue by the first matching rule (or the type's default division).

    Writes a routing entry with the reason to the timeline; the caller saves the case.
    """
    facts = case.routing_facts()
    for rule in RoutingRule.objects.filter(is_active=True).select_related("case_type", "division"):
        if rule.division.is_active and rule.matches(facts):
            case.division = rule.division
            timeline_add(
                case=case,
                by=by,
                kind=TimelineEntry.Kind.ROUTING,
                visible=False,
                text=_("分送%(division)s：%(reason)s") % {"division": rule.division, "reason": rule.reason},
            )
            return rule
    if case.case_type.default_division_id:
        case.division = case.case_type.default_division
        timeline_add(
            case=case,
            by=by,
            kind=TimelineEntry.Kind.ROUTING,
            visible=False,
            text=_("分送%(division)s：该案件类型的默认承办处室") % {"division": case.division},
        )
        return None
    case.division = None
    timeline_add(
        case=case,
        by=by,
        kind=TimelineEntry.Kind.ROUTING,
        visible=False,
        text=_("没有适用的分办规则，等待外办领导分派。"),
    )
    return None
