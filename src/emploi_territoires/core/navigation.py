"""Where to send a user after a form: the `next` parameter, only if it stays on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, target: str | None, default: str) -> str:
    """`target` if it is a URL of this site (no open redirect), else `default`."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
