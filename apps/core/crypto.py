"""Keyed hashing for exact-match lookup of encrypted personal data (ID and passport numbers).

The value itself is stored encrypted (django-fernet-encrypted-fields); beside it we keep
HMAC-SHA256(key, normalised value) so that "find the person with this ID number" is an indexed equality
query without decrypting every row. The key comes from the environment (WAIBAN_LOOKUP_HASH_KEY).
"""

import hashlib
import hmac

from django.conf import settings


def normalise_identifier(value: str) -> str:
    return "".join(str(value).split()).upper()


def lookup_hash(value: str | None) -> str:
    if not value:
        return ""
    key = settings.LOOKUP_HASH_KEY.encode()
    return hmac.new(key, normalise_identifier(value).encode(), hashlib.sha256).hexdigest()


def mask_identifier(value: str | None, keep_start: int = 3, keep_end: int = 4) -> str:
    """``320302199001011234`` → ``320***********1234``: what lists show instead of the number."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
