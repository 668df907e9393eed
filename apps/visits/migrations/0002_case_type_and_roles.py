"""Production data: the visit case type, and the visits.* codes for the built-in office roles (roles
made by accounts.0003 before the codes existed; only missing codes are added)."""

from django.db import migrations

CASE_TYPE = {
    "code": "visit",
    "name": "来访接待",
    "name_en": "Foreign delegation received in the city",
    # The real prefix of the Xuzhou FAO is unknown (domain.md "Still unknown"): a placeholder an
    # administrator changes on the case-type page.
    "reference_prefix": "徐外接",
    "sla_working_days": 5,
    "sla_basis": "接待方案审核时限：本办未公布，默认 5 个工作日，可由管理员调整（domain.md“仍未知”）。",
    "detail_url_name": "visits:detail",
}
# 涉外管理处 receives party and state guests and important visitors (seed: its duties); other delegations
# are routed to their region's division by the routing rules.
DEFAULT_DIVISION = "foreign_affairs"

GRANTS = {
    "office_leader": ["visits.gifts", "visits.calendar"],
    "division_head": ["visits.gifts", "visits.calendar"],
    "division_staff": ["visits.gifts", "visits.calendar"],
}


def forwards(apps, schema_editor):
    CaseType = apps.get_model("casework", "CaseType")
    Division = apps.get_model("org", "Division")
    Role = apps.get_model("accounts", "Role")
    defaults = dict(CASE_TYPE)
    division = Division.objects.filter(code=DEFAULT_DIVISION).first()
    if division is not None:
        defaults["default_division"] = division
    CaseType.objects.get_or_create(code=CASE_TYPE["code"], defaults=defaults)
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
        ("visits", "0001_initial"),
        ("casework", "0002_list_indexes"),
        ("accounts", "0003_builtin_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
