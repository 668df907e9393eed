"""Give the existing built-in roles the people.* codes (roles made by accounts.0003 before they existed).

Only codes that are missing are added; an administrator's other changes to a role are kept.
"""

from django.db import migrations

GRANTS = {
    "office_leader": ["people.view"],
    "division_head": ["people.view"],
    "division_staff": ["people.view"],
    "unit_clerk": ["people.view", "people.manage"],
    "auditor": ["people.view"],
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
    dependencies = [("people", "0001_initial"), ("accounts", "0003_builtin_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
