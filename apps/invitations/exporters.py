"""Excel export of the invitation list (through ``apps.exports``): the same FilterSet and scope as the page;
one row per invitee (an invitation of three is three rows), passport numbers masked."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from .filters import InvitationFilter
from .models import Invitee


def _exported(user, params):
    return InvitationFilter(params, user=user).export_qs()


def columns():
    return [
        _("编号"),
        _("事由"),
        _("申报单位"),
        _("状态"),
        _("邀请函状态"),
        _("邀请函编号"),
        _("签证种类"),
        _("计划入境日期"),
        _("停留天数"),
        _("护照姓名"),
        _("国籍"),
        _("护照号码"),
        _("销档情况"),
        _("销档期限"),
    ]


def rows(user, params):
    invitees = Invitee.objects.select_related("nationality").order_by("order", "id")
    qs = _exported(user, params).prefetch_related(Prefetch("invitees", queryset=invitees))
    for inv in qs.iterator(chunk_size=500):
        for i in inv.invitees.all():
            yield (
                inv.reference or "",
                inv.title,
                inv.applicant_unit.name,
                inv.get_state_display(),
                inv.get_stage_display(),
                inv.letter_number,
                inv.get_visa_type_display(),
                inv.entry_date,
                inv.stay_days,
                i.name,
                str(i.nationality),
                i.passport_masked,
                i.get_outcome_display(),
                inv.close_out_due,
            )


register_exporter(
    "invitations.list",
    title=gettext_lazy("邀请外国人来华"),
    permission="casework.view",
    columns=columns,
    rows=rows,
    count=lambda user, params: Invitee.objects.filter(invitation__in=_exported(user, params)).count(),
)
