"""Background refresh of the diagnostic aggregates (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import aggregates


@task()
def refresh_diagnostics(if_stale: bool = False) -> int:
    """Full refresh (or only when stale); returns the number of aggregates written (0 if skipped)."""
    if if_stale:
        return aggregates.refresh_if_stale() or 0
    return aggregates.refresh_all()
