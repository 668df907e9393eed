"""Ship countries (ISO 3166-1, reviewed Chinese names), the 2025/2026 holiday calendar and code lists."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.reference.loaders import load_all

    load_all(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
