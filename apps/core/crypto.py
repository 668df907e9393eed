"""Keyed hashing for exact-match lookup of encrypted personal data (ID and passport numbers).

The value itself is stored encrypted (django-fernet-encrypted-fields); beside it we keep
HMAC-SHA256(key, normalised value) so that "find the person with this ID number" is an indexed equality
query without decrypting every row. The key comes from the environment (WAIBAN_LOOKUP_HASH_KEY).
"""

import base64
import hashlib
import hmac
import re

from django.conf import settings
from django.core.signals import setting_changed
from encrypted_fields.fields import EncryptedCharField, EncryptedFieldMixin


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


# --- Field encryption (django-fernet-encrypted-fields) ---------------------------------------------------
# The library derives one Fernet key per (SECRET_KEY or fallback) × SALT_KEY (= WAIBAN_FIELD_ENCRYPTION_KEYS)
# and encrypts with the first, decrypting with any (MultiFernet). Rotation: put the new key first in
# WAIBAN_FIELD_ENCRYPTION_KEYS, keep the old one after it, run ``manage.py rotate_field_key``, then drop the
# old one (apps/core/keyrotation.py, docs/OPERATIONS.md).


class EncryptedBlankCharField(EncryptedCharField):
    """An encrypted text that may be blank: stored NULL when empty (the library stores "" as NULL), read
    back as "" so code keeps comparing strings (the MRZ lines of a passport)."""

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return "" if value is None else value

    def to_python(self, value):
        value = super().to_python(value)
        return "" if value is None else value


def encrypted_fields() -> list[tuple[type, object]]:
    """Every encrypted column of the project: (model, field) for each concrete field of an installed model
    that is an encrypted field of the library, found by type (a new one is covered without a list)."""
    from django.apps import apps

    out = []
    for model in apps.get_models():
        meta = model._meta
        if not meta.managed or meta.proxy or meta.swapped:
            continue
        for field in meta.concrete_fields:
            if isinstance(field, EncryptedFieldMixin) and field.model is model:
                out.append((model, field))
    return out


def field_keys() -> list[bytes]:
    """The Fernet keys the configuration gives, the one that encrypts first (the library's derivation)."""
    return list(EncryptedCharField().keys)


def reset_field_keys(**kwargs) -> None:
    """Forget the keys every encrypted field cached (after the key settings change: tests, rotation)."""
    if kwargs.get("setting") not in (None, "SALT_KEY", "SECRET_KEY", "SECRET_KEY_FALLBACKS"):
        return
    for _model, field in encrypted_fields():
        field.__dict__.pop("keys", None)
        field.__dict__.pop("f", None)


setting_changed.connect(reset_field_keys, dispatch_uid="core.reset_field_keys")


# --- Identifier searches that never travel in a URL ------------------------------------------------------
# A search by ID or passport number is posted; the list then pages with a sealed token in place of the
# number: the number encrypted with a key derived from WAIBAN_LOOKUP_HASH_KEY (outside the database), bound
# to the user who searched and valid for SEAL_TTL seconds. The token says nothing without the key, and
# another user (a shared link) gets no rows and no number from it (apps.core.filters.ListFilterSet).
SEAL_PREFIX = "~"
SEAL_TTL = 12 * 3600


def _seal_fernet():
    from cryptography.fernet import Fernet

    digest = hmac.new(settings.LOOKUP_HASH_KEY.encode(), b"waiban.search-token", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(SEAL_PREFIX)


def seal_search(value: str, *, user) -> str:
    payload = f"{getattr(user, 'pk', '') or ''}|{normalise_identifier(value)}"
    return SEAL_PREFIX + _seal_fernet().encrypt(payload.encode("utf-8")).decode("ascii")


def unseal_search(token: str, *, user) -> str | None:
    """The identifier in ``token`` when it was sealed for ``user`` within SEAL_TTL; None otherwise."""
    from cryptography.fernet import InvalidToken

    if not is_sealed(token):
        return None
    try:
        payload = (
            _seal_fernet().decrypt(token[len(SEAL_PREFIX) :].encode("ascii"), ttl=SEAL_TTL).decode("utf-8")
        )
    except (InvalidToken, UnicodeError, ValueError):
        return None
    owner, _sep, value = payload.partition("|")
    if owner != str(getattr(user, "pk", "") or ""):
        return None
    return value


_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def mask_filters(params: dict | None, *, user) -> dict:
    """A list's stored filters as audit rows and the "my exports" page show them: a sealed identifier
    search as its masked number (``320***********1234``; "•••" once the token expired), and any ID number
    written in clear in a value masked too."""

    def one(value):
        if isinstance(value, list | tuple):
            return [one(v) for v in value]
        if not isinstance(value, str):
            return value
        if is_sealed(value):
            plain = unseal_search(value, user=user)
            return mask_identifier(plain) if plain else "•••"
        return _ID_NUMBER_IN_TEXT.sub(lambda m: mask_identifier(m.group(0)), value)

    return {key: one(value) for key, value in (params or {}).items()}
