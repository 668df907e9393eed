"""One set of codes for travel-document kinds across apps: the dictionary now uses the codes of
apps.passports (official, public_affairs_ordinary) instead of service/public_affairs."""

from django.db import migrations

RENAMES = {"service": "official", "public_affairs": "public_affairs_ordinary"}


def forwards(apps, schema_editor):
    DictItem = apps.get_model("reference", "DictItem")
    for old, new in RENAMES.items():
        items = DictItem.objects.filter(type__code="passport_kind", code=old)
        if not DictItem.objects.filter(type__code="passport_kind", code=new).exists():
            items.update(code=new)


def backwards(apps, schema_editor):
    DictItem = apps.get_model("reference", "DictItem")
    for old, new in RENAMES.items():
        DictItem.objects.filter(type__code="passport_kind", code=new).update(code=old)


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_calendarday_updated_at")]
    operations = [migrations.RunPython(forwards, backwards)]
