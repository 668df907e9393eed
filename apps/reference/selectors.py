"""Reads of reference data.

Reference data is not scoped (every logged-in user may read countries, the calendar and code lists);
there is therefore no ``apps.accounts.scope.restrict`` here. Writes are in ``services.py``.
"""

from django.http import Http404

from .models import CalendarDay, CalendarYear, Country, DictItem, DictType


def country_list(*, user=None, active_only: bool = False):
    """Countries in pinyin order; the list's filters are ``apps.reference.filters.CountryFilter``."""
    qs = Country.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_key", "iso2")


def country_get(*, user=None, pk=None, iso2: str | None = None) -> Country:
    qs = Country.objects.all()
    obj = qs.filter(pk=pk).first() if pk is not None else qs.filter(iso2=(iso2 or "").upper()).first()
    if obj is None:
        raise Http404
    return obj


def calendar_year_list(*, user=None):
    return CalendarYear.objects.all().order_by("-year")


def calendar_year_get(*, user=None, year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


def calendar_days(*, year: int):
    return CalendarDay.objects.filter(year__year=year).order_by("date")


def dict_type_list(*, user=None):
    return DictType.objects.all().order_by("code")


def dict_type_get(*, code: str) -> DictType:
    obj = DictType.objects.filter(code=code).first()
    if obj is None:
        raise Http404
    return obj


def dict_items(*, type_code: str, active_only: bool = True):
    qs = DictItem.objects.filter(type__code=type_code)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("order", "code")


def dict_choices(type_code: str, *, include: str | None = None) -> list[tuple[str, str]]:
    """(code, localized label) pairs of a code list's active items, for form choices.

    ``include`` keeps a (possibly deactivated) current value selectable when editing an old record.
    """
    items = list(DictItem.objects.filter(type__code=type_code).order_by("order", "code"))
    return [(i.code, i.localized_label) for i in items if i.is_active or (include and i.code == include)]


def dict_label(type_code: str, code: str) -> str:
    """The localized label of one code (the code itself if unknown)."""
    item = DictItem.objects.filter(type__code=type_code, code=code).first()
    return item.localized_label if item else code


def year_country_counts(qs, *, year_of: str, country: str) -> list[dict]:
    """How many rows of ``qs`` per year (of the date field ``year_of``) and country (the path ``country``
    to a ``Country``; a many-to-many path counts a row once per country): the "statistics by year and
    country" of a list, newest year first, then the most rows. Each row: ``year``, ``country`` (the
    ``Country``, shown by its name in the user's language) and ``n``."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    rows = list(
        qs.order_by()
        .annotate(stat_year=ExtractYear(year_of))
        .values("stat_year", country)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-stat_year", "-n")
    )
    countries = countries_by_id()
    return [
        {"year": r["stat_year"], "country": countries.get(r[country]), "n": r["n"]}
        for r in rows
        if r[country] is not None
    ]


def countries_by_id() -> dict:
    """Every country by id (the ISO codes and names only), kept per process like
    :func:`country_choices`: the statistics tables name a few countries on every list page."""
    from apps.core.process_cache import CHOICES

    CHOICES.watch(Country)
    return CHOICES.get(
        "countries_by_id",
        lambda: Country.objects.only("iso2", "iso3", "name_zh", "name_en", "kind").in_bulk(),
    )


def country_choices():
    """``(iso2, name in the active language)`` of the active countries in the register's order, for the
    lists' country filters: kept per process and language (``apps.core.process_cache.CHOICES``, a
    minute at most) and forgotten when a country is saved here — 250 rows and labels per list page
    otherwise. Frozen choices (``apps.core.filters.FrozenChoices``): iterated, never copied."""
    from django.utils import translation

    from apps.core.filters import FrozenChoices
    from apps.core.process_cache import CHOICES

    from .models import Country

    CHOICES.watch(Country)
    lang = (translation.get_language() or "zh-hans").lower()
    return CHOICES.get(
        ("country_choices", lang),
        lambda: FrozenChoices(
            [(c.iso2, str(c)) for c in Country.objects.filter(is_active=True).order_by("sort_key", "iso2")]
        ),
    )
