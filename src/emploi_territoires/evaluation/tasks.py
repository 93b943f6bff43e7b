"""Background work of the evaluation app (django-tasks): the impact studies' estimations."""

from __future__ import annotations

from django_tasks import task

from . import services_impact


@task()
def run_impact_study(study_id: int, actor_id: int | None = None) -> str:
    """Estimate (or rerun) one impact study (services_impact.run_study), writing its progress."""
    return services_impact.run_study(study_id, actor_id)
