"""Absolute links to the platform, for e-mails, feeds and exports built outside a request.

The address is `settings.SITE_URL`, the one default being in settings.py
(`SITE_URL` from the environment, else http://127.0.0.1:8000). A view with a request at hand
may use `request.build_absolute_uri` instead; a task or a command has only this.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    """The platform's public address, without a trailing slash: "https://emploi-territoires.example.fr"."""
    return str(settings.SITE_URL).rstrip("/")


def absolute_url(path_or_name: str, *args: Any) -> str:
    """A path ("/offres/") or a URL name with its arguments ("offers:detail", 12) as an absolute link.

    A wrong URL name raises NoReverseMatch: a link is never silently sent to the home page.
    """
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args)
    return site_url() + path
