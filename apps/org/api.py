"""Org API: the divisions and the applying units, for pickers and integrations (any signed-in user)."""

from ninja import Router, Schema

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS

from . import selectors

router = Router(tags=["org"], auth=api_auth)

MAX_UNITS = 200


class DivisionOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    alias: str
    order: int
    is_active: bool


class UnitOut(Schema):
    id: int
    name: str
    name_en: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    is_active: bool


@router.get("/divisions", response={200: list[DivisionOut], **ERRORS}, summary="处室列表 / divisions")
def divisions(request, active: bool = True):
    return list(selectors.division_list(active_only=active))


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="申报单位 / applying units")
def units(request, q: str = "", kind: str = "", parent: int | None = None, include_inactive: bool = False):
    """Units matching ``q`` (name, English name, short name or pinyin), of ``kind``, under ``parent``
    (direct children); pinyin order, at most 200."""
    active_only = not (include_inactive and selectors.can_manage_org(request.user))
    qs = selectors.unit_search(q=q[:100], kind=kind, parent=parent, active_only=active_only)
    return list(qs[:MAX_UNITS])
