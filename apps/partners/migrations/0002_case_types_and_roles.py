"""Production data: the two case types (缔结友好城市, 基层单位结好) and the partners.* codes for the built-in
roles made before they existed (only missing codes are added; an administrator's changes are kept).

Xuzhou's real partners need the divisions and routing rules (organisation data) and are loaded by
``manage.py load_partners`` (``apps.partners.services.shipped_partners_load``) and by the demo.
"""

from django.db import migrations

CASE_TYPES = [
    {
        "code": "partnership",
        "name": "缔结友好城市",
        "name_en": "Establishing a sister-city relationship",
        # The real prefix of the Xuzhou FAO is unknown (domain.md "Still unknown"): a placeholder.
        "reference_prefix": "徐外友",
        "sla_working_days": 15,
        "sla_basis": "外办审核时限未找到规定；本系统默认 15 个工作日，待管理员确认。上级（市政府、省外办、全国友协）审批时间不计入。",
        "detail_url_name": "partners:case_detail",
    },
    {
        "code": "base_twinning",
        "name": "基层单位结好",
        "name_en": "Base-level twinning (schools, hospitals)",
        "reference_prefix": "徐外结",
        "sla_working_days": 10,
        "sla_basis": "外办审核时限未找到规定；本系统默认 10 个工作日，待管理员确认。",
        "detail_url_name": "partners:case_detail",
    },
]

GRANTS = {
    "office_leader": ["partners.view"],
    "division_head": ["partners.view", "partners.manage"],
    "division_staff": ["partners.view", "partners.manage"],
    "auditor": ["partners.view"],
}


def forwards(apps, schema_editor):
    CaseType = apps.get_model("casework", "CaseType")
    for spec in CASE_TYPES:
        CaseType.objects.get_or_create(code=spec["code"], defaults=spec)
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        role = Role.objects.filter(code=code, is_builtin=True).first()
        if role is None:
            continue
        current = list(role.permissions or [])
        missing = [p for p in perms if p not in current]
        if missing:
            role.permissions = current + missing
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("casework", "0001_initial"),
        ("accounts", "0003_builtin_roles"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
