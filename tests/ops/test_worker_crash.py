"""A task worker killed mid-task (SIGKILL): the task runs again and its e-mail leaves exactly once.

A real `task_worker` process (tests/ops/worker.py) runs a real `send_email` task against the test
database (copied to a file on SQLite); it is killed at a crash point, then a worker with the same
id is started again: it puts the orphaned task back in the queue and runs it.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from emploi_territoires.core.tasks import send_email

ROOT = Path(__file__).resolve().parents[2]


def start_worker(shared_database, mailbox: Path, crash_point: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=shared_database.url, OPS_MAILBOX=str(mailbox), DJANGO_LOG_LEVEL="ERROR")
    env.pop("TASKS_BACKEND", None)
    env["OPS_CRASH_POINT"] = crash_point
    command = [sys.executable, str(ROOT / "tests" / "ops" / "worker.py"), "--worker-id", "ops-worker-1", *extra]
    return subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603


def sent_messages(mailbox: Path) -> list[str]:
    """The subjects of the messages written by the file backend (separated by a line of dashes)."""
    text = "".join(p.read_text() for p in sorted(mailbox.glob("*.log"))) if mailbox.is_dir() else ""
    messages = [email.message_from_string(part.strip()) for part in text.split("-" * 79) if part.strip()]
    return [str(make_header(decode_header(message["Subject"]))) for message in messages]


@pytest.mark.parametrize("crash_point", ["after_send", "before_send"])
def test_killed_worker_task_runs_again_and_sends_once(shared_database, settings, tmp_path, crash_point):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_email.enqueue(
        subject="Votre candidature à « Agent d'accueil (F/H) » est bien envoyée",
        body="Bonjour Camille, la commune de Clamecy a bien reçu votre candidature.",
        to=["camille.martin@exemple.fr"],
    )
    shared_database.publish()
    mailbox = tmp_path / "mailbox"
    paused = tmp_path / "paused"

    worker = start_worker(shared_database, mailbox, crash_point)
    try:
        deadline = time.monotonic() + 40
        while not paused.exists() and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert paused.exists(), "le worker n'a pas atteint le point d'arrêt"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=10)

    status = shared_database.query("SELECT status FROM django_tasks_database_dbtaskresult")
    assert status == [("RUNNING",)], "un worker tué laisse sa tâche « en cours » : personne ne la relance seule"
    assert len(sent_messages(mailbox)) == (1 if crash_point == "after_send" else 0)

    # The same worker started again (systemd Restart=always): it requeues its orphan, then runs the queue.
    restarted = start_worker(shared_database, mailbox, "", "--batch")
    try:
        assert restarted.wait(timeout=60) == 0
    finally:
        restarted.kill()  # no-op once it has exited; never left running if it hangs

    rows = shared_database.query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert [row[0] for row in rows] == ["SUCCESSFUL"]
    assert str(rows[0][1]).count("ops-worker-1") == 2  # claimed twice: the task ran again
    assert sent_messages(mailbox) == ["Votre candidature à « Agent d'accueil (F/H) » est bien envoyée"]
    keys = shared_database.query("SELECT key FROM core_sentemail")
    assert len(keys) == 1 and keys[0][0].startswith("task:")
