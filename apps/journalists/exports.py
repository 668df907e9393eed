"""The register and the interview requests as Excel exports (their FilterSets: scope and filters)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from .filters import InterviewFilter, JournalistFilter


def journalist_columns():
    return [
        _("姓名（护照）"),
        _("国籍"),
        _("所属媒体"),
        _("类别"),
        _("签证种类"),
        _("抵达日期"),
        _("记者证号"),
        _("领取记者证日期"),
        _("记者证注销日期"),
    ]


def _journalists(user, params):
    return JournalistFilter(params, user=user).export_qs()


def journalist_rows(user, params):
    for j in _journalists(user, params).iterator(chunk_size=500):
        yield (
            j.name,
            str(j.nationality),
            j.media,
            j.get_kind_display(),
            j.visa_kind,
            j.arrival_date,
            j.press_card_number,
            j.press_card_collected_on,
            j.card_cancelled_on,
        )


def interview_columns():
    return [
        _("编号"),
        _("记者姓名"),
        _("所属媒体"),
        _("国籍"),
        _("签证种类"),
        _("被采访单位或个人"),
        _("采访事项"),
        _("拟采访日期"),
        _("被采访方已同意"),
        _("申报单位"),
        _("状态"),
    ]


def _interviews(user, params):
    return InterviewFilter(params, user=user).export_qs()


def interview_rows(user, params):
    for i in _interviews(user, params).iterator(chunk_size=500):
        yield (
            i.reference or "",
            i.journalist_name,
            i.media,
            str(i.nationality),
            i.visa_kind,
            i.interviewee,
            i.topic,
            i.planned_date,
            _("是") if i.consent_given else _("否"),
            i.applicant_unit.name,
            i.get_state_display(),
        )


register_exporter(
    "journalists.list",
    title=gettext_lazy("外国记者"),
    permission="casework.view",
    columns=journalist_columns,
    rows=journalist_rows,
    count=lambda user, params: _journalists(user, params).count(),
)
register_exporter(
    "journalists.interviews",
    title=gettext_lazy("外国记者采访申请"),
    permission="casework.view",
    columns=interview_columns,
    rows=interview_rows,
    count=lambda user, params: _interviews(user, params).count(),
)
