"""``/api/accounts/``: who am I, and (for the security administrator) the user list."""

from ninja import Query, Router, Schema

from apps.core.api import ERRORS
from apps.core.filters import query_schema
from apps.core.pagination import window

from .api_auth import api_auth
from .filters import UserFilter
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


UserQuery = query_schema(UserFilter, "UserQuery")


@router.get("/users", response={200: list[UserOut], **ERRORS}, summary="用户列表（安全管理员）")
def users(request, filters: Query[UserQuery], limit: int = 100, offset: int = 0):
    """The user list as on its page (the same filters, ``UserFilter``)."""
    f = UserFilter(filters.model_dump(exclude_none=True), user=request.user)
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
        for u in window(f.api_qs(), limit=limit, offset=offset)
    ]
