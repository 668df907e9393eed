"""Reminders move to the one registry (``apps.casework.reminders``): those already sent are copied
into ``casework.ReminderSent`` (so none is sent again), then the app's own table goes."""

from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("trips", "ReminderSent")
    New = apps.get_model("casework", "ReminderSent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    target_type, _created = ContentType.objects.get_or_create(app_label="trips", model="trip")
    New.objects.bulk_create(
        [
            New(
                source="trips",
                kind=row.kind,
                target_type=target_type,
                target_id=str(row.trip_id),
                due=row.deadline,
                phase=row.phase,
                day=row.day,
                sent_at=row.sent_at,
                recipients=row.recipients,
            )
            for row in Old.objects.all().iterator()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("trips", "0008_office_notice_stage_removed"),
        ("casework", "0003_reminder_registry"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReminderSent"),
    ]
