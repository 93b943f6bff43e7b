"""Background work of job datings (django-tasks; a `db_worker` process runs them).

The exact solver runs for up to its time limit (30 s by default): far too long for a request.
The task writes its progress on the run row, which the schedule page polls. Opening an event's
registrations queues its invitations (`services_invitations.send_invitations`).
"""

from __future__ import annotations

from django_tasks import task


@task()
def build_schedule_task(run_id: int) -> None:
    from .services_schedule import run_schedule  # services_schedule imports this module to enqueue

    run_schedule(run_id)


@task()
def send_invitations_task(event_id: int) -> dict[str, int | str]:
    """Queued when an event opens its registrations: suggest it, once, to whom it suits."""
    from .models import Event
    from .services_invitations import send_invitations

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return {"candidates": 0, "advisors": 0, "skipped": "Ce job dating n'existe plus."}
    run = send_invitations(event)
    return {"candidates": run.candidates, "advisors": run.advisors, "skipped": run.skipped}


@task()
def send_email_with_attachments(
    subject: str, body: str, to: list[str], attachments: list[list[str]], reply_to: list[str] | None = None
) -> int:
    """Only for the e-mails queued before the schedule e-mails moved to core.tasks.send_email_on_commit
    (which takes attachments and records each e-mail once): a worker still finds them. Nothing queues it now;
    delete it once no such task is left. `attachments` is [[filename, text, mimetype], ...]."""
    from django.core.mail import EmailMessage

    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()
