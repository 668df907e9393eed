"""Reminders move to the one registry (``apps.casework.reminders``): those already sent are copied
into ``casework.ReminderSent`` (so none is sent again), then the app's own table goes."""

from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("visits", "GiftReminder")
    New = apps.get_model("casework", "ReminderSent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    target_type, _created = ContentType.objects.get_or_create(app_label="visits", model="gift")
    New.objects.bulk_create(
        [
            New(
                source="visits",
                kind="gift_declaration",
                target_type=target_type,
                target_id=str(row.gift_id),
                due=row.gift.declaration_due or row.on,
                phase=row.kind,
                day=row.on,
                sent_at=row.sent_at,
                recipients=1,
            )
            for row in Old.objects.select_related("gift").iterator()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0005_event_flags"),
        ("casework", "0003_reminder_registry"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy, migrations.RunPython.noop),
        migrations.DeleteModel(name="GiftReminder"),
    ]
