"""Background work shared by every app, through Django's task API (django-tasks).

With the database backend a `db_worker` process runs the tasks (`make demo` starts one beside
the web server; production runs as many as needed, on several machines, against one
PostgreSQL). Tests use the immediate backend, so tasks run synchronously.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str], html_body: str = "", reply_to: list[str] | None = None) -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=reply_to or None)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def send_email_on_commit(subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Queue an email once the current transaction commits: a rolled-back change sends nothing."""
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to, html_body=html_body))
