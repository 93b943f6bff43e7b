"""requeue_stale_tasks: tasks left RUNNING by a dead worker go back to the queue, and only those."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from emploi_territoires.core.tasks import send_email


@pytest.fixture
def running(db, settings):
    """Three tasks claimed by workers: two hours ago by web-2 (dead), just now by web-1 and web-2."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    tasks = {}
    for name, worker, started in (
        ("old", "web-2", now - datetime.timedelta(hours=2)),
        ("recent", "web-1", now - datetime.timedelta(seconds=20)),
        ("recent_web2", "web-2", now - datetime.timedelta(seconds=5)),
    ):
        result = send_email.enqueue(subject=f"Rappel {name}", body="Bonjour", to=["camille.martin@exemple.fr"])
        DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=started, worker_ids=[worker])
        tasks[name] = result.id
    return tasks


def statuses(tasks: dict) -> dict[str, str]:
    return {name: DBTaskResult.objects.get(pk=pk).status for name, pk in tasks.items()}


def test_dry_run_lists_old_tasks_and_changes_nothing(running, capsys):
    call_command("requeue_stale_tasks", "--older-than", "3600")
    out = capsys.readouterr().out
    assert "1 tâche(s) à remettre en file : rien n'a été écrit (ajoutez --apply)." in out
    assert "(worker web-2)" in out
    assert set(statuses(running).values()) == {"RUNNING"}


def test_apply_requeues_only_tasks_older_than_the_threshold(running, capsys):
    call_command("requeue_stale_tasks", "--older-than", "3600", "--apply")
    assert "1 tâche(s) remise(s) en file." in capsys.readouterr().out
    assert statuses(running) == {"old": "READY", "recent": "RUNNING", "recent_web2": "RUNNING"}


def test_by_worker_id_requeues_everything_that_worker_was_running(running):
    call_command("requeue_stale_tasks", "--worker-id", "web-2", "--apply")
    assert statuses(running) == {"old": "READY", "recent": "RUNNING", "recent_web2": "READY"}


def test_a_threshold_shorter_than_a_minute_is_refused(running):
    with pytest.raises(CommandError, match="au moins 60 secondes"):
        call_command("requeue_stale_tasks", "--older-than", "10", "--apply")
    with pytest.raises(CommandError, match="--older-than SECONDES ou --worker-id"):
        call_command("requeue_stale_tasks", "--apply")
    assert set(statuses(running).values()) == {"RUNNING"}
