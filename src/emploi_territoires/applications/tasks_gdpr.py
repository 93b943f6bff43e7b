"""Background work for personal data (GDPR): the daily inactivity pass, for the task workers."""

from __future__ import annotations

import datetime

from django_tasks import task

from . import gdpr


@task()
def anonymise_inactive(now: str | None = None) -> dict[str, int]:
    """Warn, then anonymise, inactive candidates (see gdpr.process_inactive); `now` is ISO 8601 or None."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    _, report = gdpr.process_inactive(moment, apply=True)
    return {"warned": len(report.warned), "anonymised": len(report.anonymised)}
