"""Impact studies: run, save and rerun (the only writes to ImpactStudy).

The request reads and checks the upload (bounded by the web limits of impact/panel.py), stores the
canonical panel with the study and queues the task `run_impact_study` (tasks.py); the task estimates
(the long, memory-hungry part) and writes its progress, like the diagnostic PDF (territories/diagnostics/reports.py):

    queued ──(worker starts)──► running ──► done (result; a rerun: rerun_at, rerun_identical)
       ▲                           └──────► failed (error, in French) ──(« Relancer »)──┐
       └────────────────────────────────────────────────────────────────────────────────┘

A study queued or running for longer than STALE_AFTER is taken as lost and can be relaunched.
"""

from __future__ import annotations

import datetime
import gzip
import io
import logging

import pandas as pd
from django.db import transaction
from django.utils import timezone

from emploi_territoires.core import audit
from emploi_territoires.core.text import clean_text
from emploi_territoires.territories.models import ProgrammeMembership

from .impact.estimators import EstimationError, estimate
from .impact.panel import MAX_WEB_ROWS, Panel, PanelError, load_panel, read_table
from .impact.results import StudyParams
from .models import ImpactStudy

logger = logging.getLogger(__name__)
Status = ImpactStudy.Status
# A study queued or running for longer than this is taken as lost (no worker, or a worker killed).
STALE_AFTER = datetime.timedelta(minutes=5)
FAILURE_MESSAGE = (
    "Le calcul de l'étude a échoué. Relancez-le ; si l'échec se répète, signalez-le à l'équipe de la plateforme."
)

CANONICAL = {"unit": "unit", "time": "time", "outcome": "outcome", "treatment_start": "first_treat"}


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
    table = read_table(upload, upload.name, max_rows=MAX_WEB_ROWS)
    treated_units = programme_start_years(programme) if programme else None
    return load_panel(
        table,
        unit=unit,
        time=time,
        outcome=outcome,
        treatment_start=None if programme else treatment_start,
        treated_units=treated_units,
        covariates=covariates,
    )


def _pack(panel: Panel) -> bytes:
    columns = ["unit", "time", "outcome", "first_treat", *panel.covariates]
    text = panel.frame[columns].to_csv(index=False, float_format="%.17g", lineterminator="\n")
    # mtime=0: the same panel always packs to the same bytes.
    return gzip.compress(text.encode("utf-8"), mtime=0)


def stored_panel(study: ImpactStudy) -> Panel:
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
        limit, units = (f"{n:,}".replace(",", "\u202f") for n in (MAX_WEB_SYNTHETIC_UNITS, panel.n_units))
        raise EstimationError(
            f"Les méthodes synthétiques se limitent ici à {limit} unités ({units} dans ce fichier) : "
            "gardez les unités traitées et un groupe de comparaison plus restreint, utilisez Callaway & "
            "Sant'Anna (cs), ou lancez la commande manage.py impact_study."
        )


def create_study(user, *, title: str, source_name: str, panel: Panel, params: StudyParams) -> ImpactStudy:
    """Save the study with its panel, « en attente », and queue its estimation (run_impact_study)."""
    check_web_size(panel, params)
    with transaction.atomic():
        study = ImpactStudy.objects.create(
            title=clean_text(title or "", single_line=True).strip(),
            source_name=clean_text(source_name or "", single_line=True)[:255],
            estimator=params.estimator,
            control=params.control,
            parameters=params.to_dict(),
            panel_data=_pack(panel),
            data_hash=panel.data_hash(),
            result={},
            created_by=user,
            status=Status.QUEUED,
            progress=0,
            step="En attente d'un processus de calcul.",
            queued_at=timezone.now(),
        )
        audit.record(
            user,
            "evaluation.study.created",
            study,
            {"title": study.title, "source_name": study.source_name, "estimator": study.estimator},
        )
    _enqueue(study.pk, None)
    return study


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
        study = ImpactStudy.objects.select_for_update().defer("panel_data").get(pk=study.pk)
        if is_busy(study):
            return False
        study.status, study.progress, study.error = Status.QUEUED, 0, ""
        study.step = "En attente d'un processus de calcul."
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
        panel = stored_panel(study)
        if panel.data_hash() != study.data_hash:
            raise EstimationError(
                "Les données enregistrées ne correspondent plus à leur empreinte : étude non relancée."
            )
        params = study_params(study)
        check_web_size(panel, params)
        method = study.get_estimator_display()
        _write(study_id, progress=20, step=f"Estimation : {method} ({panel.n_units} unités, {len(panel.frame)} lignes)")
        fresh = estimate(panel, params).to_dict()
    except (EstimationError, PanelError) as exc:
        _fail(study_id, str(exc))
        return Status.FAILED
    except (ValueError, ArithmeticError) as exc:
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
