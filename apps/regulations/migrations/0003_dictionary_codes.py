"""One set of codes across apps: the passport rule of the active pack used the engine's own rank codes
(minister, vice_minister, deputy_bureau …) and passport kind ``official_ordinary``; the rest of the
system uses the ``official_rank`` dictionary (provincial, bureau, division, section, other) and the
passports app's kinds (``public_affairs_ordinary``). Rewrite the parameters only where they still equal
the shipped defaults, so an administrator's own settings are kept."""

from django.db import migrations

OLD_KIND_BY_RANK = {
    "minister": "diplomatic",
    "vice_minister": "diplomatic",
    "bureau": "official",
    "deputy_bureau": "official",
    "division": "official",
    "deputy_division": "official",
}
NEW_KIND_BY_RANK = {"provincial": "diplomatic", "bureau": "official", "division": "official"}
OLD_OTHER, NEW_OTHER = "official_ordinary", "public_affairs_ordinary"


def forwards(apps, schema_editor):
    import uuid

    RuleSetting = apps.get_model("regulations", "RuleSetting")
    CheckStamp = apps.get_model("regulations", "CheckStamp")
    changed = False
    for setting in RuleSetting.objects.filter(pack__status="active", rule_id="passport_valid"):
        params = dict(setting.params or {})
        touched = False
        if params.get("kind_by_rank") == OLD_KIND_BY_RANK:
            params["kind_by_rank"] = dict(NEW_KIND_BY_RANK)
            touched = True
        if params.get("other_kind") == OLD_OTHER:
            params["other_kind"] = NEW_OTHER
            touched = True
        if touched:
            setting.params = params
            setting.save(update_fields=["params"])
            changed = True
    if changed:
        CheckStamp.objects.update_or_create(pk=1, defaults={"token": str(uuid.uuid4())})


class Migration(migrations.Migration):
    dependencies = [("regulations", "0002_default_pack")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
