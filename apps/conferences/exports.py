"""The conference list as an Excel export (the list's own FilterSet, so the user's scope and filters)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from .filters import ConferenceFilter


def columns():
    return [
        _("编号"),
        _("会议名称"),
        _("英文名称"),
        _("开始日期（含报到）"),
        _("结束日期（含离会）"),
        _("申报单位"),
        _("与会总人数"),
        _("境外与会人数"),
        _("国家（地区）"),
        _("审批层级"),
        _("状态"),
        _("实际与会总人数"),
    ]


def _qs(user, params):
    return ConferenceFilter(params, user=user).export_qs()


def rows(user, params):
    for c in _qs(user, params).prefetch_related("countries").iterator(chunk_size=500):
        yield (
            c.reference or "",
            c.title,
            c.name_en,
            c.start_date,
            c.end_date,
            c.applicant_unit.name,
            c.total_participants,
            c.foreign_participants,
            "、".join(str(x) for x in c.countries.all()),
            c.get_approving_level_display() if c.approving_level else "",
            c.get_state_display(),
            c.actual_total,
        )


register_exporter(
    "conferences.list",
    title=gettext_lazy("国际会议审批"),
    permission="casework.view",
    columns=columns,
    rows=rows,
    count=lambda user, params: _qs(user, params).count(),
)
