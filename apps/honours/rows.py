"""The nomination list's table rows, written in Python (see ``apps/web/rows.py``)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.web import rows as w


def nomination_rows(nominations) -> SafeString:
    url = w.pk_url("honours:detail")
    country = w.country_names()
    badge = w.state_badges()
    draft = w.draft_label()
    return w.write(
        '<tr><td class="text-nowrap">{}</td><td><a href="{}">{}</a>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                n.reference or draft,
                url(n.pk),
                n.nominee_name,
                format_html('<div class="small text-body-secondary">{}</div>', n.nominee_name_zh)
                if n.nominee_name_zh
                else "",
                country(n.nationality_id),
                n.employer,
                badge(n.state),
            )
            for n in nominations
        ),
    )
