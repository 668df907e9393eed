"""The person registry as an export (``apps.exports``, list "people.list"), with the list page's filters.

Rows are read through ``apps.people.selectors.person_list`` with the exporting user's scope; ID numbers
are masked (as on the page) and neither the date of birth nor the phone number is exported.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.exports.registry import register_exporter

from . import selectors
from .filters import PersonFilter

KIND = "people.list"


def columns():
    return [
        _("姓名"),
        _("护照姓名"),
        _("性别"),
        _("单位"),
        _("职务"),
        _("级别"),
        _("身份证号码"),
        _("单位领导班子成员"),
    ]


def rows(user, params):
    ranks: dict[str, str] = {}
    qs = PersonFilter(params, user=user).export_qs()
    for p in qs.iterator(chunk_size=500):
        if p.rank and p.rank not in ranks:
            ranks[p.rank] = selectors.rank_label(p.rank)
        yield (
            p.full_name,
            p.passport_name,
            p.get_sex_display(),
            p.unit.name,
            p.title,
            ranks.get(p.rank, ""),
            p.id_number_masked,
            _("是") if p.is_leader_of_unit else _("否"),
        )


def count(user, params) -> int:
    return PersonFilter(params, user=user).export_qs().count()


register_exporter(
    KIND,
    title=gettext_lazy("人员信息库"),
    permission="people.view",
    columns=columns,
    rows=rows,
    count=count,
    filterset=PersonFilter,
)
