"""Production data: the trip case type and the default approval tiers (each with its citation)."""

from django.db import migrations

CASE_TYPE = {
    "code": "trip",
    "name": "因公临时出国（境）",
    "name_en": "Official trip abroad / to Hong Kong and Macao",
    # The real prefix of the Xuzhou FAO is unknown (domain.md "Still unknown"): a placeholder an
    # administrator changes on the case-type page.
    "reference_prefix": "徐外出",
    "sla_working_days": 10,
    "sla_basis": "外办办理时限参考：兴安盟外办 7–10 个工作日；浙江约一周（domain.md §2）。本办时限待管理员确认。",
    "detail_url_name": "trips:detail",
}

TIER_SOURCE = (
    "宁波 甬政发〔2001〕17号；浙江做法：省部级报中央/国务院，厅局级报省，处级及以下由市外办审核、"
    "市分管领导审批。江苏/徐州的审批权限未核实，须由管理员确认。"
)
TIERS = [
    ("provincial", "state_council"),
    ("bureau", "province"),
    ("division", "city_leader"),
    ("section", "city_leader"),
    ("other", "city_leader"),
]


def forwards(apps, schema_editor):
    CaseType = apps.get_model("casework", "CaseType")
    ApprovalTier = apps.get_model("trips", "ApprovalTier")
    CaseType.objects.get_or_create(code=CASE_TYPE["code"], defaults=CASE_TYPE)
    for rank, level in TIERS:
        ApprovalTier.objects.get_or_create(rank=rank, defaults={"level": level, "citation": TIER_SOURCE})


class Migration(migrations.Migration):
    dependencies = [
        ("trips", "0001_initial"),
        ("casework", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
