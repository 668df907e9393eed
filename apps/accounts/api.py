"""``/api/accounts/``: who am I, (for the security administrator) the user list, and API tokens: the
business user responsible for an integration creates a token for themself (signed in, not with a
token) on the 接口令牌 page or with ``POST /api/accounts/tokens``; the key is shown once."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from apps.core.api import ERRORS, require_perm
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


# --- API tokens: a user's own, for their integrations ----------------------------------------------------
class TokenOut(Schema):
    id: int
    name: str
    user: str = Field(description="令牌持有人（用户名）：令牌只代表其本人")
    prefix: str = Field(description="密钥的前 8 位，用于辨认")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokenCreatedOut(TokenOut):
    key: str = Field(description="密钥：只在此显示一次，系统只保存其摘要")


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="用途，例如：与财政系统对接")
    expires_in_days: int | None = Field(
        None, ge=1, le=3650, description="有效天数，最长为系统设置（默认 90 天）；留空取最长"
    )


TOKEN_USERS = ("accounts.manage_tokens", "casework.view")


def _token(t) -> dict:
    return {
        "id": t.pk,
        "name": t.name,
        "user": t.user.username,
        "prefix": t.prefix,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
        "active": t.is_active,
    }


def _signed_in(request) -> None:
    if getattr(request, "waiban_token_auth", False):
        raise PermissionDenied(_("接口令牌只能在登录后管理，不能用令牌管理令牌。"))


@router.get(
    "/tokens",
    response={200: list[TokenOut], **ERRORS},
    summary="我的接口令牌（安全管理员：全部令牌，供监督和吊销）",
)
@require_perm(*TOKEN_USERS, any_of=True)
def token_list(request, limit: int = 100, offset: int = 0):
    from .selectors import token_list as tokens

    return [_token(t) for t in window(tokens(user=request.user), limit=limit, offset=offset)]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **ERRORS},
    summary="为本人创建接口令牌（密钥只显示一次）",
)
@require_perm("casework.view")
def token_create(request, payload: TokenIn):
    """Create a bearer token that acts as the signed-in user themself (their permissions and data scope),
    valid ``expires_in_days`` (at most the configured maximum). The answer carries the key once: the
    integrating system sends it as ``Authorization: Bearer <key>``. Audited; only over a signed-in session
    (a token cannot mint tokens); administrator accounts cannot hold tokens."""
    from . import services

    _signed_in(request)
    token, key = services.token_create(by=request.user, name=payload.name, days=payload.expires_in_days)
    return Status(201, {**_token(token), "key": key})


@router.post("/tokens/{int:pk}/revoke", response={200: TokenOut, **ERRORS}, summary="吊销接口令牌")
@require_perm(*TOKEN_USERS, any_of=True)
def token_revoke(request, pk: int):
    from . import selectors, services

    _signed_in(request)
    token = services.token_revoke(obj=selectors.token_get(user=request.user, pk=pk), by=request.user)
    return _token(token)
