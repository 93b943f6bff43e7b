"""A task worker that first recovers what it was running when it died, then runs `db_worker`.

    python manage.py task_worker --worker-id "$(hostname)-1"

Give each worker a stable id, unique in the pool (e.g. host name + slot, as in a systemd
template `task-worker@1`): when a worker killed mid-task (SIGKILL, out of memory, reboot) is
started again under the same id, the RUNNING tasks last claimed by that id are certainly orphaned
and go back to the queue before it takes new work (core/task_recovery.py). E-mail tasks are
idempotent, so a task run again never sends its e-mail twice.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from emploi_territoires.core.task_recovery import requeue, stale_tasks


class Command(BaseCommand):
    help = "Lance un worker de tâches après avoir remis en file ce qu'il exécutait à son dernier arrêt brutal."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", required=True, help="nom stable et unique du worker (ex. web-1)")
        parser.add_argument("--queue-name", default="default", help="files à traiter, séparées par des virgules")
        parser.add_argument("--interval", type=float, default=1.0, help="secondes d'attente quand la file est vide")
        parser.add_argument("--batch", action="store_true", help="traiter la file puis s'arrêter")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, worker_id: str, queue_name: str, interval: float, batch: bool, max_tasks: int | None, **options):
        orphans = stale_tasks(worker_id=worker_id)
        if orphans:
            count = requeue(orphans)
            self.stdout.write(f"{count} tâche(s) interrompue(s) au dernier arrêt de {worker_id} remise(s) en file.")
        arguments = {"worker_id": worker_id, "queue_name": queue_name, "interval": interval, "batch": batch}
        if max_tasks:
            arguments["max_tasks"] = max_tasks
        call_command("db_worker", reload=False, startup_delay=False, verbosity=options.get("verbosity", 1), **arguments)
