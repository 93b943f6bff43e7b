"""A real task worker for tests/ops/test_worker_crash.py, with a pause at a chosen crash point.

    python tests/ops/worker.py --worker-id ops-1 [--batch]

Environment: DATABASE_URL (the shared test database), OPS_MAILBOX (folder of the file e-mail
backend), OPS_CRASH_POINT:
- "before_send": pauses when the task starts, before the e-mail is sent;
- "after_send": pauses once the task function returned (e-mail sent, its SentEmail record
  committed) but before django-tasks-db marks the task SUCCESSFUL — the window where a killed
  worker leaves a RUNNING task whose e-mail already left;
- unset: no pause.
Before pausing it creates OPS_MAILBOX/../paused, so the test knows when to kill it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")


def pause(*args, **kwargs) -> None:
    (Path(os.environ["OPS_MAILBOX"]).parent / "paused").touch()
    time.sleep(60)  # the test kills the worker long before


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = os.environ["OPS_MAILBOX"]
    point = os.environ.get("OPS_CRASH_POINT", "")
    if point == "before_send":
        from django_tasks.signals import task_started

        task_started.connect(pause, weak=False)
    elif point == "after_send":
        from django_tasks_db.models import DBTaskResult

        original = DBTaskResult.set_successful

        def pause_then_mark(self, return_value):
            pause()
            original(self, return_value)

        DBTaskResult.set_successful = pause_then_mark
    call_command("task_worker", *sys.argv[1:], interval=0.2, verbosity=0)


if __name__ == "__main__":
    main()
