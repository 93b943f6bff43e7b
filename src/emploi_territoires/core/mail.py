"""Templated e-mails: subject, text and HTML rendered from one template name, sent on commit.

`send_templated_email("applications/emails/received", context, to)` renders
`<name>_subject.txt` (on one line, unless a subject is given), `<name>.txt` and, when `html` is
true, `<name>.html`, with `site_url` added to the context, and queues the message through
`core.tasks.send_email_on_commit` (the task queue, written in the transaction: a rolled-back
change sends nothing). Recipients are deduplicated, sorted and blanks dropped; nobody left,
nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.template.loader import render_to_string

from .links import site_url
from .tasks import send_email_on_commit


def render_subject(template: str, context: Mapping[str, Any]) -> str:
    """A subject template rendered on one line (a line break in a subject breaks the header)."""
    return " ".join(render_to_string(template, dict(context)).split())


def send_templated_email(
    name: str,
    context: Mapping[str, Any],
    to: Sequence[str],
    *,
    html: bool = True,
    subject: str = "",
    reply_to: Sequence[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> bool:
    """Render and queue the e-mail `name` (a template path without suffix); False when nobody is left.

    `subject` given, there is no subject template; `html` false, no HTML template (text only).
    `attachments`: (file name, text, MIME type), as `send_email_on_commit` takes them.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return False
    context = {"site_url": site_url(), **context}
    subject = subject or render_subject(f"{name}_subject.txt", context)
    body = render_to_string(f"{name}.txt", context)
    html_body = render_to_string(f"{name}.html", context) if html else ""
    send_email_on_commit(
        subject,
        body,
        recipients,
        html_body=html_body,
        attachments=attachments,
        reply_to=list(reply_to) if reply_to else None,
    )
    return True
