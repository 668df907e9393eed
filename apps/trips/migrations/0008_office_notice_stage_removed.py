"""The pre-trip notice is the applying unit's step before it applies (issue 9, item 8); the office's own
"approved, to be noticed" and "notice" stages after approval duplicated it and are gone.

Existing trips: a trip in either stage moves on to the documents stage (passports and visas), which is
where approval now leads; the dates of a notice it ran there are kept as its pre-trip notice when the unit's
own notice was never recorded (the result is not invented: it stays empty)."""

import django_fsm
from django.db import migrations

OLD_PLACE = "出访前公示（原批准后公示阶段）"


def forwards(apps, schema_editor):
    Trip = apps.get_model("trips", "Trip")
    for trip in Trip.objects.filter(notice_start__isnull=False, unit_notice_start__isnull=True).only(
        "pk", "notice_start", "notice_end"
    ):
        Trip.objects.filter(pk=trip.pk).update(
            unit_notice_start=trip.notice_start, unit_notice_end=trip.notice_end, unit_notice_place=OLD_PLACE
        )
    Trip.objects.filter(stage__in=("approved", "notice")).update(stage="documents")


def backwards(apps, schema_editor):
    Trip = apps.get_model("trips", "Trip")
    for trip in Trip.objects.filter(unit_notice_place=OLD_PLACE).only(
        "pk", "unit_notice_start", "unit_notice_end"
    ):
        Trip.objects.filter(pk=trip.pk).update(
            notice_start=trip.unit_notice_start, notice_end=trip.unit_notice_end
        )


class Migration(migrations.Migration):
    dependencies = [
        ("trips", "0007_tripchain_routes"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveIndex(
            model_name="trip",
            name="trips_public_notice_idx",
        ),
        migrations.RemoveField(
            model_name="trip",
            name="notice_end",
        ),
        migrations.RemoveField(
            model_name="trip",
            name="notice_start",
        ),
        migrations.AlterField(
            model_name="trip",
            name="stage",
            field=django_fsm.FSMField(
                choices=[
                    ("application", "申报审批"),
                    ("documents", "证照签证办理"),
                    ("departed", "已出境"),
                    ("returned", "已回国"),
                    ("passports_back", "证照已交回"),
                    ("report_filed", "已报送出访报告"),
                    ("post_notice", "出访后公示"),
                    ("closed", "已办结"),
                    ("cancelled", "已取消"),
                ],
                default="application",
                max_length=20,
                protected=True,
                verbose_name="出访阶段",
            ),
        ),
    ]
