"""Reads of the organisation: the office, its divisions and posts, the applying units as a tree.

The organisation is not confidential inside the office: any office staff member may read it, and the
system administrator (``org.manage``) maintains it. Applicant-side users see units only through the API
(to pick a unit) and their own unit through their profile.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.http import Http404

from apps.core.permissions import allowed, require

from .models import Division, LeadershipPost, Office, Unit


def can_manage_org(user) -> bool:
    return allowed(user, "org.manage")


def office_get() -> Office | None:
    """The office this installation serves (one row; ``None`` until configured)."""
    return Office.objects.order_by("id").first()


# The office row shown on every page (name in the header and footer), kept per process: forgotten when
# an office is saved or deleted in this process, and re-read at least every OFFICE_CACHE_SECONDS so
# other worker processes see a change within that time. Editing pages use ``office_get`` (fresh).
OFFICE_CACHE_SECONDS = 60
_office_cache: tuple[float, Office | None] | None = None


def office_cached() -> Office | None:
    global _office_cache
    now = time.monotonic()
    cached = _office_cache
    if cached is not None and now - cached[0] < OFFICE_CACHE_SECONDS:
        return cached[1]
    office = office_get()
    _office_cache = (now, office)
    return office


def office_cache_clear(*args, **kwargs) -> None:
    global _office_cache
    _office_cache = None


def division_list(*, user=None, active_only: bool = False):
    qs = Division.objects.select_related("office").order_by("order", "id")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def division_get(*, user, pk: int) -> Division:
    require(user, "org.read")
    try:
        return Division.objects.get(pk=pk)
    except (Division.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def post_list(*, office: Office | None):
    if office is None:
        return LeadershipPost.objects.none()
    return (
        office.posts.select_related("holder").prefetch_related("supervised_divisions").order_by("order", "id")
    )


def post_get(*, user, pk: int) -> LeadershipPost:
    require(user, "org.read")
    try:
        return LeadershipPost.objects.get(pk=pk)
    except (LeadershipPost.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unit_get(*, user, pk: int) -> Unit:
    require(user, "org.read")
    try:
        return Unit.objects.select_related("parent").get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unit_list():
    """Every unit in pinyin order (not confidential: see the module docstring); the filters of the unit
    tree and of the units API are ``apps.org.filters.UnitFilter``."""
    return Unit.objects.select_related("parent").order_by("pinyin", "id")


@dataclass
class TreeRow:
    unit: Unit
    depth: int
    has_children: bool


def unit_tree(*, include_inactive: bool = False, units=None) -> list[TreeRow]:
    """Every unit as rows of an indented tree: parents before their children, siblings in pinyin order.

    ``units`` limits the tree to those units plus their ancestors (for a search), so that each match is
    shown where it sits.
    """
    qs = Unit.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    all_units = list(
        qs.only(
            "id", "name", "name_en", "short_name", "kind", "parent_id", "path", "depth", "pinyin", "is_active"
        )
    )
    by_id = {u.pk: u for u in all_units}
    if units is not None:
        keep: set[int] = set()
        for u in units:
            for part in u.path.strip("/").split("/"):
                if part and int(part) in by_id:
                    keep.add(int(part))
        all_units = [u for u in all_units if u.pk in keep]
    children: dict[int | None, list[Unit]] = {}
    present = {u.pk for u in all_units}
    for u in all_units:
        parent = u.parent_id if u.parent_id in present else None
        children.setdefault(parent, []).append(u)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.pinyin, u.pk))
    rows: list[TreeRow] = []

    def walk(parent, depth):
        for u in children.get(parent, []):
            rows.append(TreeRow(u, depth, bool(children.get(u.pk))))
            walk(u.pk, depth + 1)

    walk(None, 0)
    return rows
