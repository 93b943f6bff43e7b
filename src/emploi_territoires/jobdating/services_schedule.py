"""Job-dating schedule runs: queued, solved in the background with their progress, retained."""

from __future__ import annotations

import datetime
import logging
import math
import time as time_module
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.core import formats

from .errors import JobDatingError, ValidationFailed
from .formatting import gap_label
from .models import ACTIVE_INTERVIEW, Event, EventStatus, Interview, RunKind, RunStatus, ScheduleRun, Wish
from .solver import Progress, build_schedule
from .solver_adapter import build_instance, solve_options, solver_settings
from .workflow import WORKFLOW, _check_can_manage

logger = logging.getLogger(__name__)
# Progress is written to the database at most this often (seconds): the page polls every 2 s.
PROGRESS_WRITE_INTERVAL = 1.0
MAX_PROGRESS_MESSAGES = 30


def accepted_run(event: Event) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(event=event, accepted=True).first()


def schedule_interviews(event: Event) -> QuerySet[Interview]:
    """The interviews of the retained schedule (scheduled or held), slot by slot."""
    return Interview.objects.filter(event=event, run__accepted=True).filter(ACTIVE_INTERVIEW)


def start_schedule_run(
    event: Event, *, actor: User | None, at_least_one: bool = False, max_interviews: int | None = None
) -> ScheduleRun:
    """Queue a run (the exact solver works in the background); it starts once the transaction commits."""
    from .tasks import build_schedule_task

    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_can_manage(actor, locked)
        if locked.status not in (EventStatus.REGISTRATION_OPEN, EventStatus.SCHEDULE_BUILT):
            raise JobDatingError(
                "Le planning se calcule quand les inscriptions sont ouvertes, et avant sa publication."
            )
        if max_interviews is not None and (
            not isinstance(max_interviews, int) or not 1 <= max_interviews <= locked.slot_count
        ):
            raise ValidationFailed(
                {
                    "max_interviews": [
                        f"Le plafond d'entretiens par candidat doit être compris entre 1 et {locked.slot_count}."
                    ]
                }
            )
        if ScheduleRun.objects.filter(event=locked, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise JobDatingError("Un calcul est déjà en cours pour ce job dating : attendez qu'il se termine.")
        if not Wish.objects.filter(recruiter_registration__event=locked).exists():
            raise JobDatingError("Aucun souhait n'est encore enregistré : il n'y a rien à planifier.")
        run = ScheduleRun.objects.create(
            event=locked,
            kind=RunKind.BUILD,
            options={"at_least_one": at_least_one, "max_interviews": max_interviews, **solver_settings()},
            progress={"phase": "queued", "messages": ["Calcul en attente d'un processus de calcul."]},
            created_by=actor,
        )
        transaction.on_commit(lambda: build_schedule_task.enqueue(run.pk))
    return run


class ProgressWriter:
    """The solver's progress callback: keeps the run's `progress` JSON, written at most every second.

    The first answer (the greedy) and the end are always written; CP-SAT may find dozens of
    improvements a second, and each write would cost a transaction for nothing (the page polls
    every 2 s).
    """

    def __init__(self, run_id: int, interval: float = PROGRESS_WRITE_INTERVAL):
        self.run_id = run_id
        self.interval = interval
        self.last_write = -math.inf
        self.state: dict[str, Any] = {"phase": "running", "messages": []}
        self.writes = 0

    def __call__(self, progress: Progress) -> None:
        labels = {
            "greedy": "Première réponse (glouton)",
            "cpsat": "Meilleur planning trouvé",
            "done": "Calcul terminé",
        }
        seconds = f"{progress.elapsed:.1f}".replace(".", ",")
        message = (
            f"{labels.get(progress.phase, progress.phase)} : {formats.number(progress.score)} points, "
            f"à {gap_label(progress.gap)} de la meilleure valeur possible ({seconds} s)."
        )
        messages = [*self.state["messages"], message][-MAX_PROGRESS_MESSAGES:]
        self.state = {
            "phase": progress.phase,
            "objective": progress.score,
            "bound": progress.bound,
            "gap": progress.gap,
            "elapsed": round(progress.elapsed, 2),
            "messages": messages,
        }
        now = time_module.monotonic()
        if progress.phase in ("greedy", "done") or now - self.last_write >= self.interval:
            self.flush()
            self.last_write = now

    def flush(self) -> None:
        ScheduleRun.objects.filter(pk=self.run_id).update(progress=self.state)
        self.writes += 1


def run_schedule(run_id: int) -> ScheduleRun:
    """The body of the background task: solve, then store the interviews and the figures."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run  # already taken by another worker, or finished
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    writer = ProgressWriter(run.pk)
    try:
        instance = build_instance(run.event)
        result = build_schedule(instance, solve_options(run.options), progress=writer)
    except Exception as exc:  # the page must say the run failed, whatever happened in the solver
        logger.exception("Job-dating schedule run %s failed", run.pk)
        run.status = RunStatus.FAILED
        run.error = f"Le calcul a échoué : {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    weights = instance.weights()
    with transaction.atomic():
        Interview.objects.bulk_create(
            Interview(
                event_id=run.event_id,
                run=run,
                candidate_registration_id=i.candidate,
                recruiter_registration_id=i.recruiter,
                slot=i.slot,
                table=i.table,
                weight=weights[(i.candidate, i.recruiter)],
            )
            for i in result.interviews
        )
        run.status = RunStatus.DONE
        run.score, run.bound, run.optimal, run.method = result.score, result.bound, result.optimal, result.method
        run.gap = result.gap
        run.progress = writer.state
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "score", "bound", "gap", "optimal", "method", "progress", "finished_at"])
    return run


def accept_run(run: ScheduleRun, *, actor: User | None, now: datetime.datetime | None = None) -> ScheduleRun:
    """Retain a finished run as the event's schedule; the event moves to "planning construit"."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=run.event_id)
        _check_can_manage(actor, event)
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise JobDatingError("Ce calcul n'est pas terminé : attendez sa fin pour le retenir.")
        allowed = {EventStatus.REGISTRATION_OPEN, EventStatus.SCHEDULE_BUILT}
        if run.kind == RunKind.REOPTIMISE:
            allowed |= {EventStatus.PUBLISHED, EventStatus.HELD}
        if event.status not in allowed:
            raise JobDatingError(
                f"Un planning ne peut plus être retenu : le job dating est à l'état « {event.get_status_display()} »."
            )
        ScheduleRun.objects.filter(event=event, accepted=True).exclude(pk=run.pk).update(
            accepted=False, accepted_at=None
        )
        run.accepted = True
        run.accepted_at = now
        run.save(update_fields=["accepted", "accepted_at"])
        if event.status == EventStatus.REGISTRATION_OPEN:
            WORKFLOW.apply(
                event,
                EventStatus.SCHEDULE_BUILT,
                actor=actor,
                comment=f"Calcul n° {run.pk} retenu : {formats.number(run.score or 0)} points, "
                f"à {gap_label(run.gap)} de la meilleure valeur possible.",
                at=now,
            )
    return run
