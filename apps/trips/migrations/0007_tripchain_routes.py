"""Production data: the approval route of each approval level (who signs, reviews and approves), each
row with its citation; an administrator changes them on the approval-tiers page."""

from django.db import migrations

UNIT_SIGN_SOURCE = (
    "广东省外办办事指南：审批意见表须有单位登记领导的意见和手写签名；深圳市外办（2022-10）：每个单位登记 1–2 名签批人"
)
CITY_SOURCE = (
    "宁波 甬政发〔2001〕17号；浙江做法：处级及以下由市外办审核、市分管领导审批。江苏/徐州的审批权限未核实，须由管理员确认"
)
ROUTES = [
    {
        "level": "office",
        "final_approver": "office_leader",
        "external_approver_label": "",
        "citation": "市外办领导审批的层级（由本市授权确定；默认没有职级使用此层级）；" + UNIT_SIGN_SOURCE,
    },
    {
        "level": "city_leader",
        "final_approver": "external",
        "external_approver_label": "市分管领导",
        "citation": CITY_SOURCE,
    },
    {
        "level": "province",
        "final_approver": "external",
        "external_approver_label": "省人民政府（省外办）",
        "citation": "宁波 甬政发〔2001〕17号；浙江做法：厅局级报省审批",
    },
    {
        "level": "state_council",
        "final_approver": "external",
        "external_approver_label": "中央/国务院",
        "citation": "宁波 甬政发〔2001〕17号；浙江做法：省部级报中央/国务院审批",
    },
]


def forwards(apps, schema_editor):
    ApprovalRoute = apps.get_model("trips", "ApprovalRoute")
    for row in ROUTES:
        ApprovalRoute.objects.get_or_create(
            level=row["level"],
            defaults={**row, "unit_signature": True, "division_head_review": True},
        )


class Migration(migrations.Migration):
    dependencies = [("trips", "0006_tripchain_chain")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
