"""The journalist, bureau and interview lists' table rows, written in Python (see ``apps/web/rows.py``)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.web import rows as w

from .models import BureauStatus, JournalistKind, VisaKind

_SECOND_LINE = '<div class="small text-body-secondary">{}</div>'


def journalist_rows(journalists) -> SafeString:
    url = w.pk_url("journalists:detail")
    country = w.country_names()
    kinds = w.labels(JournalistKind.choices)
    visas = w.labels(VisaKind.choices)
    cancelled, collected, not_collected = _("已注销"), _("已领取"), _("未领取")

    def card(j) -> str:
        if j.card_cancelled_on:
            return cancelled
        if j.press_card_collected_on:
            return j.press_card_number or collected
        return not_collected if j.kind == JournalistKind.RESIDENT else "—"

    return w.write(
        '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td class="text-nowrap">{}</td><td>{}</td></tr>',
        (
            (
                url(j.pk),
                j.name,
                format_html(_SECOND_LINE, j.name_zh) if j.name_zh else "",
                country(j.nationality_id),
                j.media,
                kinds.get(j.kind, j.kind),
                visas.get(j.visa_kind, j.visa_kind),
                w.ymd(j.arrival_date),
                card(j),
            )
            for j in journalists
        ),
    )


def bureau_rows(bureaus) -> SafeString:
    url = w.pk_url("journalists:bureau_detail")
    country = w.country_names()
    statuses = w.labels(BureauStatus.choices)
    return w.write(
        '<tr><td><a href="{}">{}</a><div class="small text-body-secondary">{}</div></td>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                url(b.pk),
                b.name,
                b.name_en,
                country(b.country_id),
                b.chief_name or "—",
                b.address,
                statuses.get(b.status, b.status),
            )
            for b in bureaus
        ),
    )


def interview_rows(interviews) -> SafeString:
    url = w.pk_url("journalists:interview_detail")
    country = w.country_names()
    badge = w.state_badges()
    draft = w.draft_label()
    return w.write(
        '<tr><td class="text-nowrap">{}</td><td><a href="{}">{}</a>'
        '<div class="small text-body-secondary">{} · {}</div></td><td>{}</td>'
        '<td class="text-nowrap">{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                i.reference or draft,
                url(i.pk),
                i.journalist_name,
                i.media,
                country(i.nationality_id),
                i.interviewee,
                w.ymd(i.planned_date),
                i.visa_kind,
                badge(i.state),
            )
            for i in interviews
        ),
    )
