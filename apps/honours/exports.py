"""The nominations list as an Excel export (the list's own FilterSet, so the user's scope and filters)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from .filters import NominationFilter


def columns():
    return [
        _("编号"),
        _("被推荐人姓名（护照）"),
        _("中文姓名"),
        _("国籍"),
        _("工作单位"),
        _("主管部门"),
        _("推荐单位"),
        _("在本市工作起始日期"),
        _("状态"),
        _("市政府批准文号"),
        _("证书编号"),
        _("授予仪式日期"),
        _("本人同意公开宣传"),
    ]


def _qs(user, params):
    return NominationFilter(params, user=user).export_qs()


def rows(user, params):
    yes, no = _("是"), _("否")
    for n in _qs(user, params).select_related("nationality", "applicant_unit").iterator(chunk_size=500):
        yield (
            n.reference or "",
            n.nominee_name,
            n.nominee_name_zh,
            str(n.nationality),
            n.employer,
            n.supervising_body,
            n.applicant_unit.name,
            n.working_since,
            n.get_state_display(),
            n.approval_reference,
            n.certificate_number,
            n.ceremony_on,
            yes if n.consent_publicity else no,
        )


register_exporter(
    "honours.list",
    title=gettext_lazy("荣誉市民推荐"),
    permission="casework.view",
    columns=columns,
    rows=rows,
    count=lambda user, params: _qs(user, params).count(),
)
