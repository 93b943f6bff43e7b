"""A clean 503 page while the database is unreachable (restart, failover, network cut).

Django turns an exception into a 500 response at the layer that raised it: a view, but also a
middleware (the session saved after the view, the current organisation read before it). So the
answer is built in two steps:

- `note_database_error`, connected to `got_request_exception` (sent for every uncaught exception,
  inside the `except` block), marks the request when the exception is a database
  `OperationalError` or `InterfaceError`;
- `DatabaseOutageMiddleware`, first in MIDDLEWARE, replaces the 500 response of a marked request
  by a 503 page in French with `Retry-After`, rendered without touching the database (no context
  processor, no session, no user).

The error is still logged by Django (`django.request`), and the next request reconnects by itself:
CONN_HEALTH_CHECKS checks a persistent connection before reusing it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 30
_MARK = "_emploi_territoires_database_error"


def is_database_outage(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and is_database_outage(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response = HttpResponse(
            '{"detail": "Le service est momentanément indisponible. Réessayez dans quelques instants."}',
            content_type="application/json; charset=utf-8",
            status=503,
        )
    else:
        html = render_to_string("core/unavailable.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The page has no script nor inline style: the strictest policy (the CSP middleware did not run).
    response["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; script-src 'none'; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except (OperationalError, InterfaceError):
            return unavailable_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return unavailable_response(request)
        return response
