"""The incident list's table rows and statistics, written in Python (see ``apps/web/rows.py``)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.web import rows as w

from .models import Direction, Kind, Severity, State


def incident_rows(incidents) -> SafeString:
    from .conf import LEADER_SEVERITIES

    url = w.pk_url("incidents:detail")
    country = w.country_names()
    kinds, directions = w.labels(Kind.choices), w.labels(Direction.choices)
    severities, states = w.labels(Severity.choices), w.labels(State.choices)
    high = LEADER_SEVERITIES.value
    return w.write(
        '<tr><td class="text-nowrap">{}</td><td><a href="{}">{}</a>'
        '<div class="small text-body-secondary">{} · {}</div></td><td>{}</td>'
        '<td><span class="badge {}">{}</span></td><td class="text-nowrap">{}</td><td>{}</td></tr>',
        (
            (
                i.reference,
                url(i.pk),
                i.title,
                kinds.get(i.kind, i.kind),
                country(i.country_id),
                directions.get(i.direction, i.direction),
                "text-bg-danger" if i.severity in high else "text-bg-secondary",
                severities.get(i.severity, i.severity),
                w.ymd(i.occurred_on),
                states.get(i.state, i.state),
            )
            for i in incidents
        ),
    )


def stats_table(stats: list[dict]) -> SafeString:
    """Incidents per year, direction and severity (``selectors.stats_by_year``)."""
    directions = w.labels(Direction.choices)
    severities = w.labels(Severity.choices)
    return w.stats_table(
        (
            (
                s["year"],
                directions[Direction.INBOUND]
                if s["direction"] == Direction.INBOUND
                else directions[Direction.OUTBOUND],
                severities.get(s["severity"]) or severities[Severity.CRITICAL],
                s["n"],
            )
            for s in stats
        ),
        testid="incident-stats",
        heading=_("按年度统计"),
        headers=(_("年度"), _("类别"), _("等级"), _("件数")),
    )
