"""The case table's rows in Python (``casework/partials/case_table.html``): 25 rows through the template
engine cost more than the rest of the list page. Every value is escaped (``html.escape``, what Django's
``escape`` does, without a ``SafeString`` per value); names are in the reader's language."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.casework.models import CLOCK_RUNNING, STATE_CSS, CaseState
from apps.core.text import in_reader_language

register = template.Library()

_PK = 2_147_483_647  # a placeholder key: the detail URL is reversed once per table


def _name(obj) -> str:
    """The name of a unit, division or case type in the reader's language, escaped."""
    if obj is None:
        return ""
    return escape(in_reader_language(getattr(obj, "name", "") or "", getattr(obj, "name_en", "")))


@register.simple_tag
def case_rows(cases) -> str:
    """``<tr>``s of the case table: reference, title (linked), type, unit, division, state, due date."""
    url = reverse("casework:detail", args=[_PK])
    head, tail = url.split(str(_PK), 1)
    head, tail = escape(head), escape(tail)
    today = timezone.localdate()
    draft = escape(_("（草稿）"))
    overdue_badge = f' <span class="badge text-bg-danger">{escape(_("已超期"))}</span>'
    paused_badge = f' <span class="badge text-bg-warning">{escape(_("暂停计时"))}</span>'
    labels = {k: escape(str(v)) for k, v in CaseState.choices}
    danger = ' class="table-danger"'
    rows = []
    for case in cases:
        state = case.state
        late = bool(state in CLOCK_RUNNING and case.due_date and case.due_date < today)
        if case.due_date:
            due = case.due_date.isoformat()
            if late:
                due += overdue_badge
            elif state == CaseState.RETURNED:
                due += paused_badge
        else:
            due = "—"
        rows.append(
            f'<tr data-case="{case.pk}"{danger if late else ""}>'
            f'<td class="text-nowrap">{escape(case.reference) if case.reference else draft}</td>'
            f'<td><a href="{head}{case.pk}{tail}">{escape(case.title or "")}</a></td>'
            f"<td>{_name(case.case_type)}</td><td>{_name(case.applicant_unit)}</td>"
            f"<td>{_name(case.division) or '—'}</td>"
            f'<td><span class="badge text-bg-{STATE_CSS.get(state, "secondary")}">'
            f"{labels.get(state) or escape(state)}</span></td>"
            f'<td class="text-nowrap">{due}</td></tr>'
        )
    return mark_safe("\n".join(rows))
