"""The conference list's table rows and statistics, written in Python (see ``apps/web/rows.py``)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.web import rows as w

from .models import Level


def conference_rows(conferences) -> SafeString:
    url = w.pk_url("conferences:detail")
    badge = w.state_badges()
    levels = w.labels(Level.choices)
    draft = w.draft_label()
    return w.write(
        '<tr data-case="{}"><td class="text-nowrap">{}</td><td><a href="{}">{}</a>'
        '<div class="small text-body-secondary">{}</div></td><td class="text-nowrap">{} – {}</td>'
        "<td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                c.pk,
                c.reference or draft,
                url(c.pk),
                c.title,
                c.name_en,
                w.ymd(c.start_date),
                w.md(c.end_date),
                w.name(c.applicant_unit),
                w.text(c.foreign_participants),
                w.text(c.total_participants),
                levels.get(c.approving_level, c.approving_level) or "—",
                badge(c.state),
            )
            for c in conferences
        ),
    )


def stats_table(stats: list[dict]) -> SafeString:
    """Requests per year and approving level (``selectors.stats_by_year``)."""
    levels = w.labels(Level.choices)
    return w.stats_table(
        ((s["year"], levels.get(s["approving_level"]) or _("未提交"), s["n"]) for s in stats),
        testid="conference-stats",
        heading=_("按年度统计"),
        headers=(_("年度"), _("审批层级"), _("件数")),
    )
