"""Org API: the divisions and the applying units, for pickers and integrations (any signed-in user)."""

from ninja import Query, Router, Schema

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS
from apps.core.filters import query_schema

from . import selectors
from .filters import UnitFilter

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


UnitQuery = query_schema(UnitFilter, "UnitQuery")


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="申报单位 / applying units")
def units(request, filters: Query[UnitQuery]):
    """Units matching ``q`` (name, English name, short name or pinyin), of ``kind``, under ``parent``
    (direct children), stopped ones too with ``include_inactive`` (office staff and the administrator);
    pinyin order, at most 200."""
    f = UnitFilter(filters.model_dump(exclude_none=True), user=request.user)
    return list(f.api_qs()[:MAX_UNITS])
