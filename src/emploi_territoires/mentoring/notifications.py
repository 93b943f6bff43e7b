"""Mentoring's e-mails: rendered from `mentoring/emails/*.txt` and sent once the transaction commits."""

from __future__ import annotations

from emploi_territoires.core.mail import send_templated_email

from .models import HelpRequest, Pair


def _email(template: str, context: dict, to: list[str], subject: str) -> None:
    send_templated_email(f"mentoring/emails/{template}", context, to, subject=subject, html=False)


def _notify_managers(pair: Pair, help_request: HelpRequest) -> None:
    emails = list(pair.programme.managers.values_list("email", flat=True))
    if emails:
        _email(
            "alert_manager",
            {"pair": pair, "help_request": help_request, "programme": pair.programme},
            emails,
            f"Mentorat : {help_request.get_kind_display().lower()} — {pair}",
        )
