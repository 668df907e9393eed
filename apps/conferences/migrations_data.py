"""The conference case type, shared by the data migration and code that needs it after a flush."""

from __future__ import annotations

CASE_TYPE = {
    "code": "conference",
    "name": "国际会议审批",
    "name_en": "International conference approval",
    # The real prefix of the Xuzhou FAO is unknown (domain.md "Still unknown"): a placeholder.
    "reference_prefix": "徐外会",
    "sla_working_days": 10,
    "sla_basis": "本办审核转报时限未见公开规定，默认 10 个工作日，由管理员确认；"
    "会前报批时限见中办发〔2006〕10号（会前 3 个月，重要会议 6 个月）。",
    "detail_url_name": "conferences:detail",
}


def ensure_case_type(CaseType=None, Division=None):
    if CaseType is None:
        from apps.casework.models import CaseType
    if Division is None:
        from apps.org.models import Division
    defaults = {**CASE_TYPE, "default_division": Division.objects.filter(code="foreign_affairs").first()}
    case_type, _ = CaseType.objects.get_or_create(code=CASE_TYPE["code"], defaults=defaults)
    return case_type
