"""Background tasks of the VTA (django-tasks; schedule `send_vta_reminders` daily)."""

from __future__ import annotations

from django_tasks import task

from . import reminders


@task()
def send_vta_reminders() -> dict[str, int]:
    """Mid-term, end and six-month reminders of the missions whose aid was granted (each once)."""
    return {"reminders": len(reminders.send_reminders())}
