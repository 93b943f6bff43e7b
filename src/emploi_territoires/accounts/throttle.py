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

from emploi_territoires.core.ratelimit import client_ip


def _key(kind: str, value: str) -> str:
    # Hashed so the cache never holds email addresses in clear.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def _keys(email: str, request: HttpRequest | None) -> list[tuple[str, int]]:
    return [
        (_key("email", email.strip().lower()), settings.LOGIN_THROTTLE_ATTEMPTS),
        # Per IP the limit is higher: a town hall or an Apec office shares one address.
        (_key("ip", client_ip(request)), settings.LOGIN_THROTTLE_IP_ATTEMPTS),
    ]


def is_locked(email: str, request: HttpRequest | None) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(email, request))


def record_failure(email: str, request: HttpRequest | None) -> None:
    window = settings.LOGIN_THROTTLE_WINDOW
    for key, _limit in _keys(email, request):
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


# --- Sign-up probing ------------------------------------------------------------------------------
# Sign-up logs the person in at once, so it has to say when an address already has an account;
# counting those answers per client address (same window as the login) stops probing in bulk.
# SIGNUP_THROTTLE_ATTEMPTS (default 10) answers « already taken » per address and window.


def _signup_key(request: HttpRequest | None) -> str:
    return _key("signup-ip", client_ip(request))


def _signup_limit() -> int:
    return int(getattr(settings, "SIGNUP_THROTTLE_ATTEMPTS", 10))


def signup_is_locked(request: HttpRequest | None) -> bool:
    return (cache.get(_signup_key(request)) or 0) >= _signup_limit()


def record_signup_taken(request: HttpRequest | None) -> None:
    key = _signup_key(request)
    if not cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


def signup_lockout_message() -> str:
    minutes = max(1, round(settings.LOGIN_THROTTLE_WINDOW / 60))
    return (
        "Trop de tentatives d'inscription avec des adresses déjà utilisées depuis votre connexion. "
        f"Réessayez dans {minutes} minutes, ou connectez-vous si vous avez déjà un compte."
    )
