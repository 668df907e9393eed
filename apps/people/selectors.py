"""Reads of the person registry; every queryset passes through :func:`apps.people.access.scoped`.

For other apps (trips): ``person_list(user=...)`` for a member picker,
``person_get(user=..., pk=...)`` (404 outside scope), ``rank_choices()`` for the 级别 dictionary.
"""

from __future__ import annotations

from apps.core.selectors import row_or_404

from .access import scoped
from .models import RANK_DICT, Person


def person_queryset(*, user, include_archived: bool = False):
    qs = Person.objects.select_related("unit")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return scoped(qs, user, unit="unit", person_user="user")


def person_list(*, user, include_archived: bool = False):
    """People the user may see, in pinyin order (archived ones too with ``include_archived``); the
    registry's filters are ``apps.people.filters.PersonFilter``."""
    return person_queryset(user=user, include_archived=include_archived).order_by("pinyin", "id")


def person_get(*, user, pk, include_archived: bool = True) -> Person:
    """The person, or ``Http404`` when it does not exist or lies outside the user's scope."""
    return row_or_404(person_queryset(user=user, include_archived=include_archived), pk)


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
