"""Reads of rule packs and expense standards. These are office-wide reference data (no unit scope);
the pages that show them require ``reference.manage``."""

from django.db.models import Q
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


def standard_list(*, country: str = ""):
    qs = ExpenseStandard.objects.select_related("country")
    term = (country or "").strip()
    if term:
        qs = qs.filter(
            Q(country__iso2__iexact=term)
            | Q(country__name_zh__icontains=term)
            | Q(country__name_en__icontains=term)
        )
    return qs.order_by("country__sort_key", "-valid_from", "id")
