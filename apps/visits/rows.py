"""The visit list's table rows, written in Python (see ``apps/web/rows.py``)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.reference.selectors import countries_by_id
from apps.web import rows as w

from .models import Level


def visit_rows(visits) -> SafeString:
    url = w.pk_url("visits:detail")
    badge = w.state_badges()
    levels = w.labels(Level.choices)
    countries = countries_by_id()
    draft = _("草稿")

    def country(pk) -> str:  # the Chinese name, as the list has always shown it
        c = countries.get(pk) if pk is not None else None
        return (c.name_zh if c is not None else "") or "—"

    return w.write(
        '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{} — {}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                v.reference or draft,
                url(v.pk),
                v.title,
                levels.get(v.level, v.level),
                country(v.guest_country_id),
                w.ymd(v.arrival_date),
                w.ymd(v.departure_date),
                w.name(v.applicant_unit),
                badge(v.state),
            )
            for v in visits
        ),
    )
