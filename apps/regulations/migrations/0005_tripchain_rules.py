"""tripchain: the rules for the teaching-and-research category (厅字〔2016〕17号) and study tours
(财行〔2013〕516号 art. 5(二)) into every pack that lacks them; the delegation type 教学科研."""

import uuid

from django.db import migrations


def forwards(apps, schema_editor):
    from apps.regulations.defaults import CHAIN_RULES
    from apps.reference.seeds import DICTIONARIES

    RulePack = apps.get_model("regulations", "RulePack")
    RuleSetting = apps.get_model("regulations", "RuleSetting")
    CheckStamp = apps.get_model("regulations", "CheckStamp")
    DictType = apps.get_model("reference", "DictType")
    DictItem = apps.get_model("reference", "DictItem")

    for pack in RulePack.objects.all():
        last = RuleSetting.objects.filter(pack=pack).order_by("-order").values_list("order", flat=True).first()
        for i, spec in enumerate(CHAIN_RULES, start=1):
            if not RuleSetting.objects.filter(pack=pack, rule_id=spec["rule_id"]).exists():
                RuleSetting.objects.create(pack=pack, order=(last or 0) + i, enabled=True, **spec)
    dtype = DictType.objects.filter(code="delegation_type").first()
    if dtype is not None:
        items = DICTIONARIES["delegation_type"][3]
        for order, (code, label, label_en, note) in enumerate(items, start=1):
            if code == "teaching_research" and not DictItem.objects.filter(type=dtype, code=code).exists():
                DictItem.objects.create(
                    type=dtype, code=code, label=label, label_en=label_en, note=note[:300], order=order * 10
                )
    CheckStamp.objects.update_or_create(pk=1, defaults={"token": str(uuid.uuid4())})


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0004_rulesetting_updated_at"),
        ("reference", "0004_passport_kind_codes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
