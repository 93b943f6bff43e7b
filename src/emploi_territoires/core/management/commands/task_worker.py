"""A task worker that recovers what it was running when it died, and outlives database outages.

    python manage.py task_worker --worker-id "$(hostname)-1"

Give each worker a stable id, unique in the pool (e.g. host name + slot, as in a systemd
template `task-worker@1`): when a worker killed mid-task (SIGKILL, out of memory, reboot) is
started again under the same id, the RUNNING tasks last claimed by that id are certainly orphaned
and go back to the queue before it takes new work (core/task_recovery.py). E-mail tasks are
idempotent, so a task run again never sends its e-mail twice.

`db_worker` alone exits on the first database error (a PostgreSQL restart stops every worker, and
the task it was running stays RUNNING). This command waits and starts it again (1 s, then up to
30 s between attempts), requeueing its own interrupted task first. SIGTERM/SIGINT still stop it.
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from emploi_territoires.core.task_recovery import requeue, stale_tasks

MAX_DELAY_S = 30.0


class Command(BaseCommand):
    help = "Lance un worker de tâches qui reprend ses tâches interrompues et survit aux coupures de la base."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", required=True, help="nom stable et unique du worker (ex. web-1)")
        parser.add_argument("--queue-name", default="default", help="files à traiter, séparées par des virgules")
        parser.add_argument("--interval", type=float, default=1.0, help="secondes d'attente quand la file est vide")
        parser.add_argument("--batch", action="store_true", help="traiter la file puis s'arrêter")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, worker_id: str, queue_name: str, interval: float, batch: bool, max_tasks: int | None, **options):
        arguments = {"worker_id": worker_id, "queue_name": queue_name, "interval": interval, "batch": batch}
        if max_tasks:
            arguments["max_tasks"] = max_tasks
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                orphans = stale_tasks(worker_id=worker_id)
                if orphans:
                    count = requeue(orphans)
                    self.stdout.write(f"{count} tâche(s) interrompue(s) de {worker_id} remise(s) en file.")
                call_command(
                    "db_worker", reload=False, startup_delay=False, verbosity=options.get("verbosity", 1), **arguments
                )
                return
            except (OperationalError, InterfaceError) as error:
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                self.stderr.write(f"Base de données injoignable ({first_line}) : nouvel essai dans {delay:.0f} s.")
                connections.close_all()
                if time.monotonic() - started > 2 * MAX_DELAY_S:
                    delay = 1.0  # it had been running fine: a new outage starts with a short wait
                time.sleep(delay)
                delay = min(delay * 2, MAX_DELAY_S)
