"""Production data: the conference case type (default division 涉外管理处 when it exists)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from apps.conferences.migrations_data import ensure_case_type

    ensure_case_type(apps.get_model("casework", "CaseType"), apps.get_model("org", "Division"))


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0001_initial"),
        ("casework", "0001_initial"),
        ("org", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
