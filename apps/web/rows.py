"""Table rows written in Python, the pieces every list's row writer shares (issue 15, "hot paths").

25 rows through the template engine — a ``{% url %}``, a ``get_FOO_display`` (which hashes every lazy
label of the choices, one ``gettext`` each) and a dozen variable nodes per row — cost more than the rest
of a list page. A list's rows are written instead by a function of its app (``apps/<app>/rows.py``)
called from the template with ``{% table_rows "apps.<app>.rows.<writer>" page_obj.object_list %}``
(``apps.web.templatetags.waiban_ui``). Such a writer uses these helpers: the detail URL reversed once
per table (:func:`pk_url`), choice labels translated once per table (:func:`labels`), dates as the
template's ``date:"Y-m-d"`` wrote them (:func:`ymd`) and :func:`write` — ``format_html_join``, so
every value is escaped exactly as ``{{ value }}`` escaped it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

_PK = 2_147_483_647  # a placeholder key: the URL is reversed once per table, not once per row


def pk_url(viewname: str, *args) -> Callable[[object], str]:
    """``pk -> reverse(viewname, args=[*args, pk])``, reversed once (the URL's other parts are fixed)."""
    url = reverse(viewname, args=[*args, _PK])
    head, tail = url.split(str(_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


def labels(choices) -> dict:
    """``value -> label`` of ``choices`` in the active language, each lazy label translated once."""
    return {value: str(label) for value, label in choices}


def ymd(d: datetime.date | None) -> str:
    """A date as ``{{ d|date:"Y-m-d" }}`` writes it (``""`` for none). Dates only: a datetime would need
    the local time first."""
    return d.isoformat() if d is not None else ""


def md(d: datetime.date | None) -> str:
    """A date as ``{{ d|date:"m-d" }}`` writes it."""
    return f"{d.month:02d}-{d.day:02d}" if d is not None else ""


def text(value) -> str:
    """``{{ value }}`` of a plain value, ``""`` for none."""
    return "" if value is None else value


def name(obj, attr: str = "name") -> str:
    """``{{ obj.name }}`` of a related row that may be missing."""
    return (getattr(obj, attr, "") or "") if obj is not None else ""


def country_names() -> Callable[[int | None], str]:
    """``country id -> name in the active language`` (``{{ obj.country }}``) from the process's copy of the
    countries (``reference.selectors.countries_by_id``): no join and no ``Country`` row per table row."""
    from apps.reference.selectors import countries_by_id

    countries = countries_by_id()
    done: dict = {}

    def label(pk) -> str:
        if pk is None:
            return ""
        out = done.get(pk)
        if out is None:
            c = countries.get(pk)
            out = done[pk] = c.label if c is not None else ""
        return out

    return label


def badges(choices, css: Callable[[str], str]) -> Callable[[str], SafeString]:
    """``value -> <span class="badge …">label</span>`` for the values of ``choices``, each written once per
    table; ``css(value)`` gives the badge's colour classes."""
    done: dict[str, SafeString] = {}
    names = labels(choices)

    def badge(value: str) -> SafeString:
        html = done.get(value)
        if html is None:
            html = done[value] = format_html(
                '<span class="badge {}">{}</span>', css(value), names.get(value, value)
            )
        return html

    return badge


def state_badges() -> Callable[[str], SafeString]:
    """A case's state as a badge (the case list's colours, ``casework.models.STATE_CSS``)."""
    from apps.casework.models import STATE_CSS, CaseState

    return badges(CaseState.choices, lambda state: f"text-bg-{STATE_CSS.get(state, 'secondary')}")


def draft_label() -> str:
    """What a case without a reference shows in its reference column."""
    return _("（草稿）")


def write(row_html: str, rows: Iterable[tuple]) -> SafeString:
    """The rows, each ``row_html`` (a ``format_html`` string) filled with one tuple, escaped."""
    return format_html_join("\n", row_html, rows)


def stats_table(rows: Iterable[tuple], *, testid: str, headers: Iterable, heading: str = "") -> SafeString:
    """A small statistics table (``table-sm w-auto``): an optional ``<h2>``, the headers, one ``<tr>``
    per tuple of ``rows``; nothing when there are no rows."""
    rows = list(rows)
    if not rows:
        return SafeString("")
    cells = "".join("<td>{}</td>" for _ in rows[0])
    return format_html(
        '{}<table class="table table-sm w-auto" data-testid="{}">'
        "<thead><tr>{}</tr></thead>\n<tbody>{}</tbody></table>",
        format_html('<h2 class="h6 mt-4">{}</h2>\n', heading) if heading else "",
        testid,
        format_html_join("", "<th>{}</th>", ((h,) for h in headers)),
        format_html_join("", f"<tr>{cells}</tr>", rows),
    )


def year_country_table(rows: list[dict], testid: str = "country-stats") -> SafeString:
    """The "statistics by year and country" of a list (``reference.selectors.year_country_counts``)."""
    return stats_table(
        ((r["year"], r["country"].label, r["n"]) for r in rows),
        testid=testid,
        heading=_("按年度和国家（地区）统计"),
        headers=(_("年度"), _("国家（地区）"), _("件数")),
    )
