"""API authentication: the browser's session (with CSRF) or an integration's bearer token.

Other apps' routers use ``auth=api_auth``::

    from apps.accounts.api_auth import api_auth
    router = Router(auth=api_auth)

A user creates tokens for themself only (``services.token_create``; administrator accounts never hold
one), each expiring (``WAIBAN["API_TOKEN_DAYS"]``, 90 days); only the SHA-256 of the key is stored;
revoked or expired tokens, and tokens of accounts that may no longer hold one, answer 401. Everything
done with a token is audited "via token <name>" (``apps.audit.services`` reads ``request.api_token``).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from .models import ApiToken
from .services import may_use_tokens

LAST_USED_EVERY = timedelta(minutes=1)


class BearerTokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token: str):
        # A request that presents a bearer token is judged by that token alone: an unknown, revoked or
        # expired token answers 401 even if the browser also carries a session cookie.
        if not token or len(token) > 200:
            raise AuthenticationError(401, "invalid token")
        obj = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(token)).first()
        if obj is None or not obj.is_active or not may_use_tokens(obj.user):
            raise AuthenticationError(401, "invalid token")
        now = timezone.now()
        if obj.last_used_at is None or now - obj.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=obj.pk).update(last_used_at=now)
        request.user = obj.user
        request.waiban_token_auth = True  # two-factor middleware does not apply to token requests
        request.api_token = obj
        return obj.user


bearer_auth = BearerTokenAuth()
api_auth = [bearer_auth, django_auth]
