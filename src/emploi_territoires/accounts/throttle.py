"""Login throttling: a fixed window of failed attempts per email and per IP, in the cache.

Counting per email stops guessing one person's password from many addresses; counting per IP
stops one address from trying many accounts. Successful logins clear the email counter only,
so one attacker cannot reset their IP counter by logging into their own account.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(kind: str, value: str) -> str:
    # Hashed so the cache never holds email addresses in clear.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def client_ip(request: HttpRequest | None) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged unless a trusted proxy rewrites it.
    return (request.META.get("REMOTE_ADDR") or "unknown") if request is not None else "unknown"


def _keys(email: str, request: HttpRequest | None) -> list[str]:
    return [_key("email", email.strip().lower()), _key("ip", client_ip(request))]


def is_locked(email: str, request: HttpRequest | None) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(email, request))


def record_failure(email: str, request: HttpRequest | None) -> None:
    window = settings.LOGIN_THROTTLE_WINDOW
    for key in _keys(email, request):
        # add() starts the window at the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=window)


def record_success(email: str) -> None:
    cache.delete(_key("email", email.strip().lower()))


def lockout_message() -> str:
    minutes = max(1, round(settings.LOGIN_THROTTLE_WINDOW / 60))
    return (
        "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est bloquée "
        f"pendant {minutes} minutes. Vous pouvez aussi réinitialiser votre mot de passe."
    )
