"""A small fixed-window rate limiter in the cache, for public endpoints (API, HTMX partials).

    result = hit(f"offers-analyse:{client_ip(request)}", limit=60, window=60)
    if not result.allowed:
        return too_many_requests(result)

or, on a Django view (or a django-ninja operation through `ninja.decorators.decorate_view`):

    @rate_limited("offers-analyse", limit=60, window=60)
    def view(request): ...

A fixed window is simple and cheap (one `add` and one `incr`); it lets a client send up to twice
the limit around a window boundary, which is fine for abuse control (not for billing). Keys are
hashed: the cache never holds addresses in clear. The client address is the one the login
throttle trusts (REMOTE_ADDR, or the header the deployment's own proxy sets).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the header the trusted reverse proxy sets.

    X-Forwarded-For can be forged by anyone, so it is read only when the deployment says which
    header its own proxy rewrites (LOGIN_THROTTLE_IP_HEADER, e.g. "HTTP_X_REAL_IP").
    """
    if request is None:
        return "unknown"
    header = settings.LOGIN_THROTTLE_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or "unknown"


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    count: int  # requests counted in the current window, this one included
    limit: int
    retry_after: int  # seconds until the window resets

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def hit(key: str, *, limit: int, window: int, now: float | None = None, cost: int = 1) -> RateLimitResult:
    """Count one request for `key`; allowed while the window's count is at most `limit`.

    `cost` charges more than one unit (e.g. the characters a request makes the server analyse), so
    that a budget can bound the work done for a client, not only its number of requests.
    """
    now = time.time() if now is None else now
    window_index = int(now // window)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{digest}:{window_index}"
    # add() creates the counter with the window's lifetime; incr() keeps that expiry.
    if cache.add(cache_key, cost, timeout=window + 1):
        count = cost
    else:
        try:
            count = cache.incr(cache_key, cost)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, cost, timeout=window + 1)
            count = cost
    retry_after = max(1, math.ceil((window_index + 1) * window - now))
    return RateLimitResult(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


def hit_for_client(request: HttpRequest, scope: str, *, limit: int, window: int, cost: int = 1) -> RateLimitResult:
    return hit(f"{scope}:{client_ip(request)}", limit=limit, window=window, cost=cost)


def too_many_requests(result: RateLimitResult) -> JsonResponse:
    """429 with Retry-After and a French message (JSON, like every API error)."""
    seconds = result.retry_after
    response = JsonResponse(
        {
            "detail": (
                f"Trop de requêtes : la limite est de {result.limit} requêtes par période. "
                f"Réessayez dans {seconds} seconde{'s' if seconds > 1 else ''}."
            )
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(
    scope: str, *, limit: int | Callable[[], int], window: int = 60
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator: 429 once a client address exceeds `limit` requests per `window` seconds.

    `limit` may be a callable (read at request time, so settings overridden in tests apply).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            current = limit() if callable(limit) else limit
            result = hit_for_client(request, scope, limit=current, window=window)
            if not result.allowed:
                return too_many_requests(result)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
