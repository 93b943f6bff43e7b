"""Tasks left RUNNING by a worker that died (SIGKILL, out of memory, machine lost) go back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
function returns or raises. A worker killed in between leaves the row RUNNING for ever: nothing
retries it. Two ways to put such tasks back (status READY), both race-safe (a conditional UPDATE
on status RUNNING):

- by worker id: `task_worker --worker-id NAME` starts with `requeue_stale_tasks(worker_id=NAME)`.
  A worker id runs once at a time (django-tasks-db requires it unique in the pool), so a RUNNING
  task last claimed by NAME when NAME starts is certainly orphaned — restarting the crashed
  worker (systemd `Restart=always`) recovers its task at once;
- by age: `requeue_stale_tasks --older-than 3600 --apply` for a worker that never comes back.
  The age must exceed the longest task, or a task still running elsewhere would run twice.

Tasks run again must be idempotent: e-mails are (core.tasks.deliver_email).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaleTask:
    id: str
    task_path: str
    started_at: datetime.datetime | None
    worker_id: str


def stale_tasks(*, worker_id: str = "", older_than: datetime.timedelta | None = None) -> list[StaleTask]:
    """RUNNING tasks last claimed by `worker_id`, and/or started more than `older_than` ago."""
    if not worker_id and older_than is None:
        return []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).order_by("started_at")
    cutoff = timezone.now() - older_than if older_than is not None else None
    found = []
    for result in running.only("id", "task_path", "started_at", "worker_ids"):
        last_worker = result.worker_ids[-1] if result.worker_ids else ""
        mine = bool(worker_id) and last_worker == worker_id
        old = cutoff is not None and result.started_at is not None and result.started_at < cutoff
        if mine or old:
            found.append(StaleTask(str(result.id), result.task_path, result.started_at, last_worker))
    return found


def requeue(tasks: list[StaleTask]) -> int:
    """Put the tasks back in the queue (READY); a task that finished meanwhile is left alone."""
    done = 0
    for stale in tasks:
        done += DBTaskResult.objects.filter(pk=stale.id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        )
        logger.warning(
            "Tâche %s (%s) remise en file : son worker %s a disparu", stale.id, stale.task_path, stale.worker_id
        )
    return done
