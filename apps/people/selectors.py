"""Reads of the person registry; every queryset passes through :func:`apps.people.access.scoped`.

For other apps (trips): ``person_list(user=..., filters={"q": ...})`` for a member picker,
``person_get(user=..., pk=...)`` (404 outside scope), ``rank_choices()`` for the 级别 dictionary.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from apps.core.crypto import lookup_hash
from apps.core.ids import parse_id

from . import idcard
from .access import scoped
from .models import RANK_DICT, Person


def person_queryset(*, user, include_archived: bool = False):
    qs = Person.objects.select_related("unit")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return scoped(qs, user, unit="unit", person_user="user")


def person_list(*, user, filters: dict | None = None):
    """People the user may see. ``filters``: ``q`` (name, pinyin, passport name, or an exact ID number),
    ``unit`` (id), ``archived`` ("1" to list archived people instead)."""
    filters = filters or {}
    archived = str(filters.get("archived") or "") == "1"
    qs = person_queryset(user=user, include_archived=archived)
    if archived:
        qs = qs.filter(archived_at__isnull=False)
    q = (filters.get("q") or "").strip()
    if q:
        if idcard.looks_like_id_number(q):
            qs = qs.filter(id_number_hash=lookup_hash(q))
        else:
            lowered = q.lower()
            qs = qs.filter(
                Q(full_name__icontains=q)
                | Q(name_search__icontains=lowered.replace(" ", ""))
                | Q(passport_name__icontains=q)
            )
    unit = filters.get("unit")
    if unit:
        unit_id = parse_id(unit)
        qs = qs.filter(unit_id=unit_id) if unit_id else qs.none()
    return qs.order_by("pinyin", "id")


def person_get(*, user, pk, include_archived: bool = True) -> Person:
    """The person, or ``Http404`` when it does not exist or lies outside the user's scope."""
    try:
        return person_queryset(user=user, include_archived=include_archived).get(pk=int(pk))
    except (Person.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def rank_choices(include: str | None = None) -> list[tuple[str, str]]:
    """Active items of the ``official_rank`` dictionary as (code, label) choices (``include`` keeps a
    deactivated current value selectable)."""
    from apps.reference.selectors import dict_choices

    return dict_choices(RANK_DICT, include=include)


def rank_label(code: str) -> str:
    if not code:
        return ""
    from apps.reference.selectors import dict_label

    return dict_label(RANK_DICT, code)
