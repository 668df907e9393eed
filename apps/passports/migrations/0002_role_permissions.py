"""Give the existing built-in roles the passports.* codes (roles made by accounts.0003 before they existed).

Only codes that are missing are added; an administrator's other changes to a role are kept.
"""

from django.db import migrations

GRANTS = {
    "office_leader": ["passports.view", "passports.manage"],
    "division_head": ["passports.view", "passports.manage"],
    "division_staff": ["passports.view", "passports.manage"],
    "unit_clerk": ["passports.view"],
    "auditor": ["passports.view"],
}


def forwards(apps, schema_editor):
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
    dependencies = [("passports", "0001_initial"), ("accounts", "0003_builtin_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
