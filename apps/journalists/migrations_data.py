"""The interview request case type, shared by the data migration and code that needs it after a flush."""

from __future__ import annotations

CASE_TYPE = {
    "code": "journalist_interview",
    "name": "外国记者采访申请",
    "name_en": "Foreign journalist interview request",
    "reference_prefix": "徐外记",
    "sla_working_days": 3,
    "sla_basis": "国务院令第537号未规定地方外办答复时限；本办默认 3 个工作日，由管理员确认。",
    "detail_url_name": "journalists:interview_detail",
}


def ensure_case_type(CaseType=None, Division=None):
    if CaseType is None:
        from apps.casework.models import CaseType
    if Division is None:
        from apps.org.models import Division
    defaults = {**CASE_TYPE, "default_division": Division.objects.filter(code="foreign_affairs").first()}
    case_type, _ = CaseType.objects.get_or_create(code=CASE_TYPE["code"], defaults=defaults)
    return case_type
