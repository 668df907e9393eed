"""Default routing rules (domain.md §1) for the demo and for a new installation's administrator.

Anything about a country goes to the division of its continent: Europe, Africa, Oceania → 欧洲非洲大洋洲处;
the Americas and Asia → 美洲亚洲处; Hong Kong and Macao → 美洲亚洲处（港澳事务处）.
"""

from .models import RoutingRule

SOURCE = "徐州市外办“三定”规定（徐政办发〔2010〕130号）内设机构职责"

RULES = [
    # (order, continent, country_kind, division code, reason)
    (10, "", "sar", "americas_asia", "港澳事务由美洲亚洲处（港澳事务处）承办"),
    (20, "europe", "", "europe_africa_oceania", "欧洲国家事务由欧洲非洲大洋洲处承办"),
    (21, "africa", "", "europe_africa_oceania", "非洲国家事务由欧洲非洲大洋洲处承办"),
    (22, "oceania", "", "europe_africa_oceania", "大洋洲国家事务由欧洲非洲大洋洲处承办"),
    (30, "north_america", "", "americas_asia", "美洲国家事务由美洲亚洲处承办"),
    (31, "south_america", "", "americas_asia", "美洲国家事务由美洲亚洲处承办"),
    (32, "asia", "", "americas_asia", "亚洲国家事务由美洲亚洲处承办"),
]


def load_routing(divisions) -> list[RoutingRule]:
    """Create the default continent rules (idempotent); ``divisions`` maps division code → Division."""
    rules = []
    for order, continent, kind, code, reason in RULES:
        division = divisions.get(code)
        if division is None:
            continue
        rule, _ = RoutingRule.objects.get_or_create(
            order=order,
            continent=continent,
            country_kind=kind,
            case_type=None,
            defaults={"division": division, "reason": f"{reason}（{SOURCE}）"},
        )
        rules.append(rule)
    return rules


def load():
    from apps.org.models import Division

    return load_routing({d.code: d for d in Division.objects.all()})
