"""Background tasks of the needs module (django-tasks; run them daily from a scheduler)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def send_needs_reminders() -> int:
    """Remind, once, the invited organisations that have not answered when the reminder day comes."""
    return len(services.send_reminders())
