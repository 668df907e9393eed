"""The case table's rows in Python (``casework/partials/case_table.html``): 25 rows through the template
engine cost more than the rest of the list page; ``format_html`` escapes every value as the template did."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.casework.models import CLOCK_RUNNING, STATE_CSS, CaseState

register = template.Library()

_PK = 2_147_483_647  # a placeholder key: the detail URL is reversed once per table


def _name(obj) -> str:
    return (getattr(obj, "name", "") or "") if obj is not None else ""


@register.simple_tag
def case_rows(cases) -> str:
    """``<tr>``s of the case table: reference, title (linked), type, unit, division, state, due date."""
    url = reverse("casework:detail", args=[_PK])
    head, tail = url.split(str(_PK), 1)
    today = timezone.localdate()
    draft = _("（草稿）")
    overdue_badge = format_html(' <span class="badge text-bg-danger">{}</span>', _("已超期"))
    paused_badge = format_html(' <span class="badge text-bg-warning">{}</span>', _("暂停计时"))
    labels = dict(CaseState.choices)
    rows = []
    for case in cases:
        state = case.state
        late = bool(state in CLOCK_RUNNING and case.due_date and case.due_date < today)
        if case.due_date:
            due = case.due_date.isoformat()
            if late:
                due = format_html("{}{}", due, overdue_badge)
            elif state == CaseState.RETURNED:
                due = format_html("{}{}", due, paused_badge)
        else:
            due = "—"
        rows.append(
            (
                case.pk,
                mark_safe(' class="table-danger"') if late else "",
                case.reference or draft,
                f"{head}{case.pk}{tail}",
                case.title,
                _name(case.case_type),
                _name(case.applicant_unit),
                _name(case.division) or "—",
                STATE_CSS.get(state, "secondary"),
                labels.get(state, state),
                due,
            )
        )
    return format_html_join(
        "\n",
        '<tr data-case="{}"{}><td class="text-nowrap">{}</td><td><a href="{}">{}</a></td><td>{}</td>'
        '<td>{}</td><td>{}</td><td><span class="badge text-bg-{}">{}</span></td>'
        '<td class="text-nowrap">{}</td></tr>',
        rows,
    )
