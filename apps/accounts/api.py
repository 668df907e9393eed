"""``/api/accounts/``: who am I, and (for the security administrator) the user list."""

from ninja import Router, Schema

from apps.core.api import ERRORS

from . import selectors
from .api_auth import api_auth
from .scope import scope_for

router = Router(tags=["accounts"], auth=api_auth)


class ScopeOut(Schema):
    all: bool
    unit_ids: list[int]
    division_ids: list[int]
    self_only: bool
    description: str


class MeOut(Schema):
    username: str
    full_name: str
    unit: str | None
    division: str | None
    roles: list[str]
    permissions: list[str]
    scope: ScopeOut


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    unit: str | None
    division: str | None
    roles: list[str]
    is_active: bool


@router.get("/me", response={200: MeOut, **ERRORS}, summary="当前用户")
def me(request):
    user = request.user
    scope = scope_for(user)
    return {
        "username": user.username,
        "full_name": user.full_name,
        "unit": str(user.unit) if user.unit_id else None,
        "division": str(user.division) if user.division_id else None,
        "roles": sorted(user.role_codes),
        "permissions": sorted(user.get_all_permissions()),
        "scope": {
            "all": scope.all,
            "unit_ids": sorted(scope.unit_ids),
            "division_ids": sorted(scope.division_ids),
            "self_only": bool(scope.user_id) and not (scope.all or scope.unit_ids or scope.division_ids),
            "description": scope.describe(),
        },
    }


@router.get("/users", response={200: list[UserOut], **ERRORS}, summary="用户列表（安全管理员）")
def users(request, q: str = "", active: str = "", limit: int = 100, offset: int = 0):
    qs = selectors.user_list(user=request.user, filters={"q": q, "active": active})
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    return [
        {
            "id": u.pk,
            "username": u.username,
            "full_name": u.full_name,
            "unit": str(u.unit) if u.unit_id else None,
            "division": str(u.division) if u.division_id else None,
            "roles": sorted(r.code for r in u.roles.all()),
            "is_active": u.is_active,
        }
        for u in qs[offset : offset + limit]
    ]
