"""Production data: consular notification deadlines known from bilateral treaties (domain.md §12)."""

from django.db import migrations

DEADLINES = [
    ("US", 4, "《中华人民共和国和美利坚合众国领事条约》（1980）：拘留或逮捕后 4 日内通知派遣国领馆"),
]


def forwards(apps, schema_editor):
    Country = apps.get_model("reference", "Country")
    TreatyDeadline = apps.get_model("incidents", "TreatyDeadline")
    for iso2, days, basis in DEADLINES:
        country = Country.objects.filter(iso2=iso2).first()
        if country is not None:
            TreatyDeadline.objects.get_or_create(country=country, defaults={"days": days, "basis": basis})


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
