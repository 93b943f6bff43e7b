"""Content security policy: scripts and styles only from our own origin, with a per-request nonce;
requests carrying NUL characters refused."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                "default-src 'self'; "
                f"script-src 'self' 'nonce-{nonce}'; "
                f"style-src 'self' 'nonce-{nonce}'; "
                "img-src 'self' data:; font-src 'self' data:; "
                "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
            )
        return response


class RejectNullCharactersMiddleware:
    """Answer 400 to a query string containing NUL characters.

    PostgreSQL cannot store or compare text holding NUL (0x00): a filter read from the query string
    would raise a DataError (a 500) deep in a query. Forms already refuse NUL (Django's
    ProhibitNullCharactersValidator); this covers every hand-read parameter at once. Found by the
    API fuzzing (tests/security/test_api_fuzz.py) on PostgreSQL.
    """

    MESSAGE = "La requête contient un caractère nul (0x00), qui n'est accepté dans aucun champ."

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            from emploi_territoires.core.views import bad_request

            return bad_request(request)
        return self.get_response(request)
