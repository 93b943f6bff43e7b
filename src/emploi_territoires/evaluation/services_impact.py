"""Impact studies: run, save and rerun (the only writes to ImpactStudy).

The request checks the upload and queues the task `run_impact_study` (tasks.py); the task estimates
(the long, memory-hungry part) and writes its progress, like the diagnostic PDF (diagnostics/reports.py).
A small file (up to INLINE_MAX_BYTES) is read in the request, so a mistake in it is shown on the form
with its line at once, and the study stores its canonical panel; a large one (up to MAX_WEB_ROWS rows)
is only peeked at — header, columns, row count — then stored compressed (`upload_data`, with the
columns to read in `panel_spec`) and read by the task, whose memory is bounded by that row limit and by
reading only the panel's columns (bench/impact_upload.py measures both paths):

    queued ──(worker starts)──► running ──► done (result; a rerun: rerun_at, rerun_identical)
       ▲                           └──────► failed (error, in French) ──(« Relancer »)──┐
       └────────────────────────────────────────────────────────────────────────────────┘

A study queued or running for longer than STALE_AFTER is taken as lost and can be relaunched.
"""

from __future__ import annotations

import datetime
import gc
import gzip
import io
import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from emploi_territoires.core import audit, formats
from emploi_territoires.core.text import clean_text
from emploi_territoires.territories.models import ProgrammeMembership

from .impact.errors import EstimationError, PanelError
from .impact.panel import (
    MAX_WEB_ROWS,
    Panel,
    check_columns,
    check_row_count,
    load_panel,
    peek_table,
    read_table,
)
from .impact.results import StudyParams
from .models import ImpactStudy

if TYPE_CHECKING:
    import pandas as pd

    from .impact.results import StudyResult

logger = logging.getLogger(__name__)
Status = ImpactStudy.Status
# A study queued or running for longer than this is taken as lost (no worker, or a worker killed).
STALE_AFTER = datetime.timedelta(minutes=5)
FAILURE_MESSAGE = (
    "Le calcul de l'étude a échoué. Relancez-le ; si l'échec se répète, signalez-le à l'équipe de la plateforme."
)

CANONICAL = {"unit": "unit", "time": "time", "outcome": "outcome", "treatment_start": "first_treat"}
# Up to this size a file is read in the request (about 30,000 rows of CSV, well under a second);
# beyond, by the background task.
INLINE_MAX_BYTES = 1024 * 1024
WAITING = "En attente d'un processus de calcul."


@dataclass(frozen=True)
class PanelSpec:
    """Which columns of the file make the panel, and where the treatment comes from."""

    unit: str
    time: str
    outcome: str
    treatment_start: str | None = None
    programme: str | None = None
    covariates: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        start = [self.treatment_start] if self.treatment_start and not self.programme else []
        return list(dict.fromkeys([self.unit, self.time, self.outcome, *self.covariates, *start]))

    def to_dict(self) -> dict:
        return {**asdict(self), "covariates": list(self.covariates)}

    @classmethod
    def from_dict(cls, data: dict) -> PanelSpec:
        return cls(**{**data, "covariates": tuple(data.get("covariates", ()))})


def programme_start_years(programme: str) -> dict[str, int]:
    """INSEE code -> year of signature of the programme convention (ACV, PVD…), from the reference data."""
    rows = ProgrammeMembership.objects.filter(
        programme=programme, commune__isnull=False, signed_on__isnull=False
    ).values_list("commune_id", "signed_on")
    years: dict[str, int] = {}
    for code, signed_on in rows:
        # A commune can hold several conventions of one programme: the first signature starts the treatment.
        years[code] = min(years.get(code, signed_on.year), signed_on.year)
    return years


def load_uploaded_panel(upload, *, unit, time, outcome, treatment_start=None, programme=None, covariates=()) -> Panel:
    spec = PanelSpec(unit, time, outcome, treatment_start, programme, tuple(covariates))
    return _load(read_table(upload, upload.name, max_rows=MAX_WEB_ROWS), spec)


def _load(table: pd.DataFrame, spec: PanelSpec) -> Panel:
    return load_panel(
        table,
        unit=spec.unit,
        time=spec.time,
        outcome=spec.outcome,
        treatment_start=None if spec.programme else spec.treatment_start,
        treated_units=programme_start_years(spec.programme) if spec.programme else None,
        covariates=spec.covariates,
    )


def _pack(panel: Panel, canonical: bytes | None = None) -> bytes:
    # mtime=0: the same panel always packs to the same bytes.
    return gzip.compress(panel.canonical_csv() if canonical is None else canonical, compresslevel=6, mtime=0)


def estimate(panel: Panel, params: StudyParams) -> StudyResult:
    """The engine's estimate; scipy, pandas and diff-diff load here, at the first study, not with the views."""
    from .impact.estimators import estimate as engine_estimate

    return engine_estimate(panel, params)


def stored_panel(study: ImpactStudy) -> Panel:
    import pandas as pd

    text = gzip.decompress(bytes(study.panel_data)).decode("utf-8")
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return load_panel(
        table,
        unit="unit",
        time="time",
        outcome="outcome",
        treatment_start="first_treat",
        # Every stored covariate, the matching columns included, so the data hash is the saved one.
        covariates=tuple(c for c in table.columns if c not in ("unit", "time", "outcome", "first_treat")),
    )


# The synthetic methods refit the panel hundreds of times (placebo inference): measured 5.5 s for
# synthetic DiD and 2.8 s for synthetic control on 1,000 units × 10 periods, over a minute on 10,000.
MAX_WEB_SYNTHETIC_UNITS = 1_000


def check_web_size(panel: Panel, params: StudyParams) -> None:
    """EstimationError (French) when the study would take too long for a request."""
    synthetic = params.estimator in (ImpactStudy.Estimator.SC, ImpactStudy.Estimator.SDID)
    if synthetic and panel.n_units > MAX_WEB_SYNTHETIC_UNITS:
        limit, units = (formats.number(n) for n in (MAX_WEB_SYNTHETIC_UNITS, panel.n_units))
        raise EstimationError(
            f"Les méthodes synthétiques se limitent ici à {limit} unités ({units} dans ce fichier) : "
            "gardez les unités traitées et un groupe de comparaison plus restreint, utilisez Callaway & "
            "Sant'Anna (cs), ou lancez la commande manage.py impact_study."
        )


def create_study(user, *, title: str, source_name: str, panel: Panel, params: StudyParams) -> ImpactStudy:
    """Save the study with its panel, « en attente », and queue its estimation (run_impact_study)."""
    check_web_size(panel, params)
    canonical = panel.canonical_csv()
    return _save_queued(
        user,
        title,
        source_name,
        params,
        WAITING,
        panel_data=_pack(panel, canonical),
        data_hash=panel.data_hash(canonical),
    )


def create_study_from_upload(user, *, title: str, upload, spec: PanelSpec, params: StudyParams) -> ImpactStudy:
    """A large file: check its header and size here (PanelError in French), store it, let the task read it."""
    raw = upload.read()
    peek = peek_table(raw, upload.name)
    check_columns(peek.columns, spec.columns())
    if peek.rows is not None:
        check_row_count(peek.rows, MAX_WEB_ROWS)
    if peek.rows == 0:
        raise PanelError("Le fichier ne contient aucune ligne de données.")
    rows = "" if peek.rows is None else f" ({formats.number(peek.rows)} lignes)"
    return _save_queued(
        user,
        title,
        upload.name,
        params,
        f"En attente d'un processus de calcul ; le fichier{rows} sera lu en arrière-plan.",
        panel_data=b"",
        data_hash="",
        # Level 1: four times faster than the default for a third more bytes, in the request.
        upload_data=gzip.compress(raw, compresslevel=1, mtime=0),
        panel_spec=spec.to_dict(),
    )


def _save_queued(user, title: str, source_name: str, params: StudyParams, step: str, **data: object) -> ImpactStudy:
    """Save a study « en attente » with its data (a panel, or a file for the task to read), audit it, queue it."""
    with transaction.atomic():
        study = ImpactStudy.objects.create(
            title=clean_text(title or "", single_line=True).strip(),
            source_name=clean_text(source_name or "", single_line=True)[:255],
            estimator=params.estimator,
            control=params.control,
            parameters=params.to_dict(),
            result={},
            created_by=user,
            status=Status.QUEUED,
            progress=0,
            step=step,
            queued_at=timezone.now(),
            **data,
        )
        audit.record(
            user,
            "evaluation.study.created",
            study,
            {"title": study.title, "source_name": study.source_name, "estimator": study.estimator},
        )
    _enqueue(study.pk, None)
    return study


def _read_upload(study: ImpactStudy) -> Panel:
    """The task's first step for a large file: read and check it, store the canonical panel, drop the file."""
    _write(study.pk, progress=5, step=f"Lecture du fichier « {study.source_name} »")
    raw = gzip.decompress(bytes(study.upload_data))
    study.upload_data = b""
    spec = PanelSpec.from_dict(study.panel_spec)
    table = read_table(io.BytesIO(raw), study.source_name, max_rows=MAX_WEB_ROWS, columns=spec.columns())
    del raw
    panel = _load(table, spec)
    del table
    gc.collect()
    check_web_size(panel, study_params(study))
    units, periods = (formats.number(n) for n in (panel.n_units, len(panel.periods)))
    canonical = panel.canonical_csv()  # serialised once for the stored panel and its hash
    _write(
        study.pk,
        panel_data=_pack(panel, canonical),
        data_hash=panel.data_hash(canonical),
        upload_data=b"",
        progress=15,
        step=f"Fichier lu : {units} unités, {periods} périodes",
    )
    return panel


def _drop_upload(study_id: int) -> None:
    # A file that cannot be read is not kept: the person corrects it and deposits it again.
    ImpactStudy.objects.filter(pk=study_id, data_hash="").update(upload_data=b"", panel_spec={})


def _enqueue(study_id: int, actor_id: int | None) -> None:
    from .tasks import run_impact_study

    # Not on commit: the database backend writes the task in the request's transaction (it runs once
    # that commits); the immediate backend (tests) runs it here, after the study is saved.
    run_impact_study.enqueue(study_id, actor_id)


def study_params(study: ImpactStudy) -> StudyParams:
    saved = dict(study.parameters)
    for name in ("covariates", "match_exact", "match_nearest"):
        saved[name] = tuple(saved.get(name, []))
    return StudyParams(**saved)


def is_stale(study: ImpactStudy, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    since = study.started_at or study.queued_at or study.created_at
    return study.status in (Status.QUEUED, Status.RUNNING) and now - since > STALE_AFTER


def is_busy(study: ImpactStudy) -> bool:
    return study.status in (Status.QUEUED, Status.RUNNING) and not is_stale(study)


def request_rerun(study: ImpactStudy, *, actor=None) -> bool:
    """Queue a rerun (or, when the first run failed or was lost, the first run again).

    False when the study is already queued or running (and not lost): nothing is queued twice.
    """
    with transaction.atomic():
        study = ImpactStudy.objects.select_for_update().defer("panel_data", "upload_data").get(pk=study.pk)
        if is_busy(study):
            return False
        study.status, study.progress, study.error = Status.QUEUED, 0, ""
        study.step = WAITING
        study.queued_at, study.started_at, study.finished_at = timezone.now(), None, None
        study.save(update_fields=["status", "progress", "error", "step", "queued_at", "started_at", "finished_at"])
    _enqueue(study.pk, actor.pk if actor is not None and actor.is_authenticated else None)
    return True


def _write(study_id: int, **fields: object) -> None:
    ImpactStudy.objects.filter(pk=study_id).update(**fields)


def run_study(study_id: int, actor_id: int | None = None) -> str:
    """The task's body: estimate from the stored panel, writing the progress. Returns the final status.

    A study without a result gets its first estimation; one with a result is rerun and compared
    (rerun_identical) and the rerun is written to the audit log under `actor_id`.
    """
    from django.contrib.auth import get_user_model

    study = ImpactStudy.objects.filter(pk=study_id).first()
    if study is None or study.status == Status.DONE:
        return study.status if study else ""
    _write(study_id, status=Status.RUNNING, started_at=timezone.now(), progress=5, step="Lecture du panel enregistré")
    try:
        if study.data_hash:
            panel = stored_panel(study)
            if panel.data_hash() != study.data_hash:
                raise EstimationError(
                    "Les données enregistrées ne correspondent plus à leur empreinte : étude non relancée."
                )
        elif study.upload_data:
            panel = _read_upload(study)
        else:
            raise PanelError("Le fichier de cette étude n'a pas pu être lu : corrigez-le et déposez-le à nouveau.")
        params = study_params(study)
        check_web_size(panel, params)
        method = study.get_estimator_display()
        _write(study_id, progress=20, step=f"Estimation : {method} ({panel.n_units} unités, {len(panel.frame)} lignes)")
        fresh = estimate(panel, params).to_dict()
    except (EstimationError, PanelError) as exc:
        _drop_upload(study_id)
        _fail(study_id, str(exc))
        return Status.FAILED
    except (ValueError, ArithmeticError) as exc:
        _drop_upload(study_id)
        _fail(study_id, f"L'estimation a échoué sur ces données ({exc}).")
        return Status.FAILED
    except Exception:
        logger.exception("Étude d'impact %s : échec", study_id)
        _fail(study_id, FAILURE_MESSAGE)
        return Status.FAILED
    _write(study_id, progress=90, step="Enregistrement du résultat")
    done = {"status": Status.DONE, "progress": 100, "step": "Étude terminée", "finished_at": timezone.now()}
    if not study.result:
        _write(study_id, result=fresh, **done)
        return Status.DONE
    saved = study.result
    identical = fresh["estimates"] == saved["estimates"] and fresh["diagnostics"] == saved["diagnostics"]
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    with transaction.atomic():
        _write(study_id, rerun_at=timezone.now(), rerun_identical=identical, **done)
        study.refresh_from_db(fields=["rerun_at"])
        audit.record(actor, "evaluation.study.rerun", study, {"identical": identical})
    return Status.DONE


def _fail(study_id: int, reason: str) -> None:
    _write(study_id, status=Status.FAILED, error=reason, finished_at=timezone.now())


def export_json(study: ImpactStudy) -> str:
    """The reproducible JSON: the result plus what a rerun needs besides the data (title, source, dates)."""
    import json

    document = {
        **study.result,
        "study": {
            "id": study.pk,
            "title": study.title,
            "source_name": study.source_name,
            "created_at": study.created_at.isoformat(),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
