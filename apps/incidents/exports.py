"""The incident list as an Excel export: the circle-restricted FilterSet, so only the user's circle.
Exports are audited by ``apps.exports``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from .filters import IncidentFilter


def columns():
    return [
        _("编号"),
        _("标题"),
        _("类别"),
        _("性质"),
        _("等级"),
        _("发生日期"),
        _("国籍或所在国"),
        _("状态"),
        _("结案时间"),
    ]


def _qs(user, params):
    return IncidentFilter(params, user=user).export_qs()


def rows(user, params):
    for i in _qs(user, params).iterator(chunk_size=500):
        yield (
            i.reference,
            i.title,
            i.get_direction_display(),
            i.get_kind_display(),
            i.get_severity_display(),
            i.occurred_on,
            str(i.country),
            i.get_state_display(),
            i.closed_at,
        )


register_exporter(
    "incidents.list",
    title=gettext_lazy("涉外案（事）件"),
    permission="casework.view",
    columns=columns,
    rows=rows,
    count=lambda user, params: _qs(user, params).count(),
)
