"""Background work of job datings (django-tasks; a `db_worker` process runs them).

The exact solver runs for up to its time limit (30 s by default): far too long for a request.
The task writes its progress on the run row, which the schedule page polls.
"""

from __future__ import annotations

from django_tasks import task


@task()
def build_schedule_task(run_id: int) -> None:
    from .services import run_schedule  # services import this module to enqueue

    run_schedule(run_id)
