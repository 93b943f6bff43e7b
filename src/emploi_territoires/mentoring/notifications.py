"""Mentoring's e-mails: rendered from `mentoring/emails/*.txt` and sent once the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from emploi_territoires.core.tasks import send_email_on_commit

from .models import HelpRequest, Pair


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def _email(template: str, context: dict, to: list[str], subject: str) -> None:
    body = render_to_string(f"mentoring/emails/{template}.txt", {**context, "site_url": _site_url()})
    send_email_on_commit(subject, body, to)


def _notify_managers(pair: Pair, help_request: HelpRequest) -> None:
    emails = list(pair.programme.managers.values_list("email", flat=True))
    if emails:
        _email(
            "alert_manager",
            {"pair": pair, "help_request": help_request, "programme": pair.programme},
            emails,
            f"Mentorat : {help_request.get_kind_display().lower()} — {pair}",
        )
