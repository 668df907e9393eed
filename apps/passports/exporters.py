"""The custody lists as exports (``apps.exports``): 证照登记簿, 6个月内到期, 借出未还, 逾期未还.

Rows are read through ``apps.passports.selectors`` with the exporting user's scope; numbers are masked.
The list pages show ``{% export_button "passports.<list>" %}``.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from . import selectors
from .filters import PassportFilter
from .models import OUT_STATUSES

LISTS = {
    "register": gettext_lazy("证照登记簿"),
    "expiring": gettext_lazy("6个月内到期"),
    "out": gettext_lazy("借出未还"),
    "overdue": gettext_lazy("逾期未还"),
}


def kind_for(which: str) -> str:
    """The exporter name of a custody list ("register" → "passports.register")."""
    return f"passports.{which}"


def queryset(which: str, *, user, params: dict | None = None, today=None):
    """The list ``which`` as the user exports it (the register with its filters; an invalid one:
    ServiceError)."""
    today = today or timezone.localdate()
    if which == "register":
        return PassportFilter(params, user=user, today=today).export_qs()
    if which == "expiring":
        return selectors.expiring_list(user=user, today=today)
    if which == "out":
        return selectors.out_list(user=user, today=today)
    return selectors.overdue_list(user=user, today=today)


def columns():
    return [
        _("持照人"),
        _("单位"),
        _("证照类型"),
        _("证照号码"),
        _("签发日期"),
        _("有效期至"),
        _("签发机关"),
        _("状态"),
        _("应交回日期"),
        _("逾期天数"),
    ]


def _rows_for(which: str):
    def rows(user, params):
        from apps.core.crypto import mask_identifier

        from .models import Kind, Status, effective_status_of

        today = timezone.localdate()
        kinds = {k: str(label) for k, label in Kind.choices}  # the labels once, not per row
        statuses = {k: str(label) for k, label in Status.choices}
        qs = queryset(which, user=user, params=params, today=today).values_list(
            "holder__full_name",
            "holder__unit__name",
            "kind",
            "number",  # decrypted by the field; nothing else of the holder is read (no ID number)
            "issue_date",
            "expiry_date",
            "issuing_authority",
            "status",
            "due_back",  # the open check-out's due date, kept on the row
        )
        for name, unit, kind, number, issued, expiry, authority, status, due in qs.iterator(chunk_size=2000):
            out = status in OUT_STATUSES
            yield (
                name,
                unit,
                kinds.get(kind, kind),
                mask_identifier(number, keep_start=1, keep_end=2),
                issued,
                expiry,
                authority,
                statuses[effective_status_of(status, due if out else None, expiry, today)],
                due if out and due else None,
                (max(0, (today - due).days) if out and due else 0) or None,
            )

    return rows


def _count_for(which: str):
    def count(user, params):
        return queryset(which, user=user, params=params).count()

    return count


for _which, _title in LISTS.items():
    register_exporter(
        kind_for(_which),
        title=_title,
        permission="passports.view",
        columns=columns,
        rows=_rows_for(_which),
        count=_count_for(_which),
        filterset=PassportFilter,
    )
