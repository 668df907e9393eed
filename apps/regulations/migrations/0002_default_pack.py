"""Ship the sourced default rule pack (version 1, active) and the 18 expense-standard rows of
财行〔2013〕516号 found in public sources (domain.md §2–§4)."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from apps.regulations.defaults import DEFAULT_RULES, DEFAULT_STANDARDS

    RulePack = apps.get_model("regulations", "RulePack")
    RuleSetting = apps.get_model("regulations", "RuleSetting")
    ExpenseStandard = apps.get_model("regulations", "ExpenseStandard")
    Country = apps.get_model("reference", "Country")
    CheckStamp = apps.get_model("regulations", "CheckStamp")

    if not RulePack.objects.exists():
        pack = RulePack.objects.create(
            name="默认规则包",
            version=1,
            status="active",
            activated_at=timezone.now(),
            notes="随系统发布的默认规则（来源见各条依据）。未知数值（年度出访次数、赴港澳团组人数）为空，显示“未配置”。",
        )
        for order, spec in enumerate(DEFAULT_RULES):
            RuleSetting.objects.create(pack=pack, order=order, enabled=True, **spec)

    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={s["country"] for s in DEFAULT_STANDARDS})}
    for spec in DEFAULT_STANDARDS:
        country = countries.get(spec["country"])
        if country is None:
            continue  # the reference list lacks it: the check then says "no standard on file"
        ExpenseStandard.objects.get_or_create(
            country=country,
            city_group=spec["city_group"],
            valid_from=spec["valid_from"],
            defaults={k: v for k, v in spec.items() if k not in ("country", "city_group", "valid_from")},
        )
    CheckStamp.objects.update_or_create(pk=1, defaults={"token": "v1-initial"})


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0001_initial"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
