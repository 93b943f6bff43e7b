"""API tokens of organisations: creation (the key is shown once), revocation, authentication.

Only the SHA-256 of a key is stored (`accounts.models.ApiToken.key_hash`): a database leak gives
no usable key. Keys are long random strings, so a plain hash (no salt, no slow KDF) is enough and
lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import ApiToken, Organisation, User

KEY_PREFIX = "et_"
# last_used_at is written at most this often per token: not one UPDATE per API call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(organisation: Organisation, name: str, *, created_by: User | None = None) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not stored anywhere: show it once."""
    name = (name or "").strip()[:100] or "Jeton d'API"
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name,
            prefix=key[: len(KEY_PREFIX) + 5],
            key_hash=hash_key(key),
            created_by=created_by,
        )
    return token, key


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def authenticate_key(key: str) -> ApiToken | None:
    """The active token holding this key (its organisation loaded), or None."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisation").filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
