"""Reads of rule packs and expense standards. These are office-wide reference data (no unit scope);
the pages that show them require ``reference.manage``."""

from django.http import Http404

from .models import ExpenseStandard, RulePack


def pack_list():
    return RulePack.objects.select_related("created_by", "activated_by").order_by("-version")


def pack_get(*, version: int) -> RulePack:
    pack = RulePack.objects.filter(version=version).first()
    if pack is None:
        raise Http404
    return pack


def active_pack() -> RulePack | None:
    return RulePack.objects.filter(status=RulePack.Status.ACTIVE).first()


def standard_template_countries():
    """Every trip destination (countries and regions), in pinyin order: the rows of the import template."""
    from apps.reference.models import Country

    return Country.objects.destinations().order_by("sort_key", "iso2")


def standard_list():
    """Every expense standard by country (pinyin) and newest first; the table's filters are
    ``apps.regulations.filters.StandardFilter``."""
    return ExpenseStandard.objects.select_related("country").order_by(
        "country__sort_key", "-valid_from", "id"
    )
