"""The honorary title case type, shared by the data migration and code that needs it after a flush."""

from __future__ import annotations

CASE_TYPE = {
    "code": "honorary_title",
    "name": "外国人荣誉称号（荣誉市民）",
    "name_en": "Honorary citizenship for foreigners",
    "reference_prefix": "徐外荣",
    "sla_working_days": 20,
    "sla_basis": "评审和报批时限未见公开规定；本办默认 20 个工作日，由管理员确认。",
    "detail_url_name": "honours:detail",
}


def ensure_case_type(CaseType=None, Division=None):
    if CaseType is None:
        from apps.casework.models import CaseType
    if Division is None:
        from apps.org.models import Division
    defaults = {**CASE_TYPE, "default_division": Division.objects.filter(code="foreign_affairs").first()}
    case_type, _ = CaseType.objects.get_or_create(code=CASE_TYPE["code"], defaults=defaults)
    return case_type
