"""The alert task: daily and weekly, scheduled by cron through the `send_alerts --apply` command
(or enqueued), run by a `db_worker`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import alerts


@task()
def send_alerts_task(frequency: str) -> dict[str, int]:
    run = alerts.send_alerts(frequency, timezone.now(), apply=True)
    return {"checked": run.checked, "emails": run.emails, "offers": run.offers}
