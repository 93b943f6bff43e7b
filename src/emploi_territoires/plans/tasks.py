"""Background tasks of the action plans (django-tasks; schedule `send_plan_notifications` daily)."""

from __future__ import annotations

from django_tasks import task

from . import notifications


@task()
def send_plan_notifications() -> dict[str, int]:
    """Due and late reminders (once per action and kind) and the weekly digests (once per plan and week)."""
    report = notifications.send_notifications()
    return {"reminders": len(report.reminders), "digests": len(report.digests)}
