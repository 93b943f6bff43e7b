"""Background work shared by every app, through Django's task API (django-tasks).

With the database backend a `db_worker` process runs the tasks (`make demo` starts one beside
the web server; production runs as many as needed, on several machines, against one
PostgreSQL). Tests use the immediate backend, so tasks run synchronously.

E-mails are idempotent (docs/operations.md): `send_email` records each message it hands to the
mail server in `SentEmail`, by key (the task's id), in the transaction that sends it. A task run
again — its worker was killed after sending but before the task was marked done, and
`requeue_stale_tasks` or a restarted `task_worker` put it back in the queue — finds the record
and sends nothing. What remains is the few milliseconds between the mail server's acceptance and
the commit: a crash exactly there sends twice, with the same Message-ID, which mail systems use to
spot a duplicate (nothing can do better over SMTP).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django_tasks import TaskContext, task
from django_tasks_db.backend import DatabaseBackend

from .models import SentEmail


def message_id(key: str) -> str:
    """A Message-ID derived from the idempotency key: the same e-mail always has the same one."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{DNS_NAME.get_fqdn()}>"


def deliver_email(
    key: str,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send the e-mail unless one was already sent under `key`; the number of messages sent (0 or 1).

    `attachments`: (file name, text content, MIME type) — small texts only, e.g. an interview's .ics
    (task arguments are stored as JSON).

    The record is inserted first, in the transaction that sends: a second run with the same key
    (another worker, or this task run again) waits on the unique key, then finds it and skips.
    A failed sending rolls the record back, so the task can be retried.
    """
    with transaction.atomic():
        _, created = SentEmail.objects.get_or_create(
            key=key, defaults={"subject": subject[:300], "recipients": list(to)}
        )
        if not created:
            return 0
        message = EmailMultiAlternatives(
            subject=subject, body=body, to=to, reply_to=reply_to or None, headers={"Message-ID": message_id(key)}
        )
        if html_body:
            message.attach_alternative(html_body, "text/html")
        for filename, content, mimetype in attachments or ():
            message.attach(filename, content, mimetype)
        return message.send()


@task(takes_context=True)
def send_email(
    context: TaskContext,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    reply_to: list[str] | None = None,
    idempotency_key: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    key = idempotency_key or f"task:{context.task_result.id}"
    return deliver_email(key, subject, body, to, html_body=html_body, reply_to=reply_to, attachments=attachments)


def send_email_on_commit(
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Queue an email with the current transaction: a rolled-back change sends nothing.

    With the database backend the task row is written inside the transaction itself, so the change
    and its e-mail are committed together or not at all (a database outage right after the commit
    cannot lose the e-mail); with another backend it is queued once the transaction commits.
    """
    # Without attachments or reply-to the task's arguments stay exactly as before (queued tasks keep working).
    extra: dict[str, Any] = {"attachments": [list(item) for item in attachments]} if attachments else {}
    if reply_to:
        extra["reply_to"] = list(reply_to)
    if isinstance(send_email.get_backend(), DatabaseBackend):
        send_email.enqueue(subject=subject, body=body, to=to, html_body=html_body, **extra)
    else:
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, body=body, to=to, html_body=html_body, **extra)
        )
