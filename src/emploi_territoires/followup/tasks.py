"""Background work of the follow-ups: the daily purge of those ended more than RETENTION_YEARS ago."""

from __future__ import annotations

import datetime

from django_tasks import task

from . import services


@task()
def purge_ended_followups(now: str | None = None) -> dict[str, int]:
    """See services.purge_ended_followups; `now` is ISO 8601 or None."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    return {"purged": services.purge_ended_followups(now=moment)}


@task()
def send_outcome_reminders() -> int:
    """Remind the referents of the situations to record (end, 3 and 6 months), once per milestone."""
    from . import services_outcomes

    return services_outcomes.send_outcome_reminders()
