"""Exports stored so far may hold an ID number or a passport number in clear in their filters (issue 14:
the "my exports" page showed them). They are masked in place; a finished export never re-reads its filters
(new ones store such a search sealed: apps.core.filters.ListFilterSet.identifier_fields)."""

from django.db import migrations

# the filters that held a passport number in clear (apps/passports/filters.py)
PASSPORT_NUMBER_KEYS = {"number"}


def mask(apps, schema_editor):
    from apps.core.crypto import mask_filters, mask_identifier

    ExportJob = apps.get_model("exports", "ExportJob")
    for job in ExportJob.objects.using(schema_editor.connection.alias).only("pk", "kind", "params").iterator():
        params = dict(job.params or {})
        masked = mask_filters(params, user=None)
        if job.kind.startswith("passports."):
            for key in PASSPORT_NUMBER_KEYS & masked.keys():
                if isinstance(masked[key], str) and "*" not in masked[key]:
                    masked[key] = mask_identifier(masked[key], keep_start=1, keep_end=2)
        if masked != params:
            ExportJob.objects.using(schema_editor.connection.alias).filter(pk=job.pk).update(params=masked)


class Migration(migrations.Migration):
    dependencies = [("exports", "0003_heartbeat")]

    operations = [migrations.RunPython(mask, migrations.RunPython.noop, elidable=False)]
