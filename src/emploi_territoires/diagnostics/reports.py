"""The diagnostic PDF, built in the background with its progress (`DiagnosticReport`).

Who calls it: the diagnostic views (`request_report` on « Préparer le rapport », `current_report` to
show the progress or serve the file) and the task `build_diagnostic_report` (tasks.py), which runs
`build_report` in a worker.

    report = request_report("epci", "200067429", "offers_published")   # queued, task sent on commit
    build_report(report.pk)                                             # the task: QUEUED → RUNNING → DONE

    queued ──(worker starts)──► running ──► done (pdf, size)
       ▲                           └──────► failed (error, shown in French) ──(asked again)──┐
       └──────────────────────────────────────────────────────────────────────────────────────┘

A report is keyed by territory, cartogram indicator and `generation` (the time of the last refresh
of the aggregates): the same report serves every reader until the next refresh, and asking for a
report deletes those of earlier generations. The progress is written at each step (five writes);
a worker that dies mid-way leaves the row running: the task is requeued by the workers' recovery
(core.task_recovery) and `build_report` starts over, and asking again after STALE_AFTER requeues it.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from emploi_territoires.territories.models import DiagnosticReport, TerritoryAggregate

from .document import build_pdf, check_territory, indicator_from

logger = logging.getLogger(__name__)
Status = DiagnosticReport.Status
# A report queued or running for longer than this is taken as lost (no worker, or a worker killed).
STALE_AFTER = datetime.timedelta(minutes=5)
FAILURE_MESSAGE = (
    "La préparation du rapport a échoué. Relancez-la ; si l'échec se répète, signalez-le à l'équipe de la plateforme."
)


def generation() -> str:
    """The refresh the aggregates come from ("" before the first one): a report is valid until the next.

    A refresh writes every row with the same time: France's row says when (one indexed row).
    """
    at = (
        TerritoryAggregate.objects.filter(level=TerritoryAggregate.Level.NATIONAL, code="france")
        .values_list("computed_at", flat=True)
        .first()
    )
    return at.isoformat() if at else ""


def current_report(
    level: str, code: str, indicator: str, current_generation: str | None = None
) -> DiagnosticReport | None:
    """The report of this territory for the current aggregates, whatever its state (without its file)."""
    wanted = generation() if current_generation is None else current_generation
    return (
        DiagnosticReport.objects.defer("pdf")
        .filter(level=level, code=code, indicator=indicator_from(indicator), generation=wanted)
        .first()
    )


def is_stale(report: DiagnosticReport, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    since = report.started_at or report.created_at
    return report.status in (Status.QUEUED, Status.RUNNING) and now - since > STALE_AFTER


def request_report(level: str, code: str, indicator: str) -> DiagnosticReport:
    """The report for the current aggregates, queued for building unless it is ready or under way.

    Idempotent: a second reader gets the same row. A failed or stale report is queued again.
    """
    from .tasks import build_diagnostic_report

    check_territory(level, code)
    indicator = indicator_from(indicator)
    current = generation()
    with transaction.atomic():
        DiagnosticReport.objects.filter(level=level, code=code).exclude(generation=current).delete()
        report, created = DiagnosticReport.objects.select_for_update().get_or_create(
            level=level, code=code, indicator=indicator, generation=current
        )
        if created or report.status == Status.FAILED or is_stale(report):
            report.status, report.progress, report.error = Status.QUEUED, 0, ""
            report.step = "En attente d'un processus de calcul."
            report.created_at, report.started_at, report.finished_at = timezone.now(), None, None
            report.save(
                update_fields=["status", "progress", "error", "step", "created_at", "started_at", "finished_at"]
            )
            report_id = report.pk
            transaction.on_commit(lambda: build_diagnostic_report.enqueue(report_id))
    return report


def _write(report_id: int, **fields: object) -> None:
    DiagnosticReport.objects.filter(pk=report_id).update(**fields)


def build_report(report_id: int) -> int:
    """The task's body: build the PDF and store it, writing the progress at each step. Returns its size."""
    report = DiagnosticReport.objects.defer("pdf").filter(pk=report_id).first()
    if report is None or report.status == Status.DONE:
        return report.size if report else 0
    _write(report_id, status=Status.RUNNING, started_at=timezone.now(), progress=1, step="Démarrage")

    def progress(percent: int, step: str) -> None:
        _write(report_id, progress=percent, step=step)

    try:
        pdf = build_pdf(report.level, report.code, report.indicator, progress=progress)
    except Exception:
        logger.exception("Rapport de diagnostic %s : échec", report_id)
        _write(report_id, status=Status.FAILED, error=FAILURE_MESSAGE, finished_at=timezone.now())
        return 0
    _write(
        report_id,
        status=Status.DONE,
        pdf=pdf,
        size=len(pdf),
        progress=100,
        step="Rapport prêt",
        finished_at=timezone.now(),
    )
    return len(pdf)


def report_pdf(report: DiagnosticReport) -> bytes:
    """The file of a finished report (read only when it is downloaded)."""
    return bytes(DiagnosticReport.objects.values_list("pdf", flat=True).get(pk=report.pk) or b"")
