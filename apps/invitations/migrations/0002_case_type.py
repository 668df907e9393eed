"""Production data: the invitation case type (its default division is set when the office's divisions
exist: ``apps.invitations.demo.load_setup`` or the case-type page)."""

from django.db import migrations

CASE_TYPE = {
    "code": "invitation",
    "name": "邀请外国人来华",
    "name_en": "Invitation of foreigners to China",
    # The real prefix of the Xuzhou FAO is unknown: a placeholder an administrator changes.
    "reference_prefix": "徐外邀申",
    "sla_working_days": 5,
    "sla_basis": "常州市外办 2018 办事指南：5 个工作日办结（domain.md §5）。",
    "detail_url_name": "invitations:detail",
}


def forwards(apps, schema_editor):
    CaseType = apps.get_model("casework", "CaseType")
    Division = apps.get_model("org", "Division")
    ct, _ = CaseType.objects.get_or_create(code=CASE_TYPE["code"], defaults=CASE_TYPE)
    if ct.default_division_id is None:
        outbound = Division.objects.filter(code="outbound").first()
        if outbound is not None:
            ct.default_division = outbound
            ct.save(update_fields=["default_division"])


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0001_initial"),
        ("casework", "0001_initial"),
        ("org", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
