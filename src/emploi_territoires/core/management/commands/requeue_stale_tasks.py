"""Put back in the queue the tasks left RUNNING by a worker that died (see core/task_recovery.py).

python manage.py requeue_stale_tasks --older-than 3600            # lists them (dry run)
python manage.py requeue_stale_tasks --older-than 3600 --apply    # requeues them
python manage.py requeue_stale_tasks --worker-id web-1 --apply    # what worker web-1 was running
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from emploi_territoires.core.task_recovery import requeue, stale_tasks


class Command(BaseCommand):
    help = "Remet en file les tâches restées « en cours » après la mort de leur worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, help="secondes depuis le début de la tâche (plus que la plus longue)"
        )
        parser.add_argument("--worker-id", default="", help="les tâches que ce worker (arrêté) exécutait")
        parser.add_argument("--apply", action="store_true", help="remettre en file (sinon : simulation)")

    def handle(self, older_than: int | None, worker_id: str, apply: bool, **options):
        if older_than is None and not worker_id:
            raise CommandError("Indiquez --older-than SECONDES ou --worker-id NOM.")
        if older_than is not None and older_than < 60:
            raise CommandError("--older-than doit valoir au moins 60 secondes : une tâche en cours serait relancée.")
        tasks = stale_tasks(
            worker_id=worker_id,
            older_than=datetime.timedelta(seconds=older_than) if older_than is not None else None,
        )
        now = timezone.now()
        for stale in tasks:
            age = f"{(now - stale.started_at).total_seconds():.0f} s" if stale.started_at else "?"
            self.stdout.write(f"  {stale.id}  {stale.task_path}  en cours depuis {age}  (worker {stale.worker_id})")
        if not apply:
            self.stdout.write(f"{len(tasks)} tâche(s) à remettre en file : rien n'a été écrit (ajoutez --apply).")
            return
        self.stdout.write(f"{requeue(tasks)} tâche(s) remise(s) en file.")
