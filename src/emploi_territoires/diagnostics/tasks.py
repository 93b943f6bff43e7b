"""Background work of the diagnostics (django-tasks): the refresh of the aggregates, and the PDF reports."""

from __future__ import annotations

from django_tasks import task

from . import aggregates, reports


@task()
def refresh_diagnostics(if_stale: bool = False) -> int:
    """Full refresh (or only when stale); returns the number of aggregates written (0 if skipped)."""
    if if_stale:
        return aggregates.refresh_if_stale() or 0
    return aggregates.refresh_all()


@task()
def build_diagnostic_report(report_id: int) -> int:
    """Build one diagnostic PDF (diagnostics/reports.py), writing its progress; returns its size in bytes."""
    return reports.build_report(report_id)
