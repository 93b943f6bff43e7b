"""Impact studies run in a background task: the request saves the study « en attente » and returns at once;
the task estimates it, writing its progress; the page polls it, then shows the result or the reason of a failure."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from emploi_territoires.core.models import AuditLog
from emploi_territoires.evaluation import services_impact
from emploi_territoires.evaluation.impact.estimators import EstimationError
from emploi_territoires.evaluation.models import ImpactStudy
from tests.evaluation.test_impact_views import _post as post_study

LIST = reverse("evaluation:impact_list")
PARIS = ZoneInfo("Europe/Paris")


def _post(client, table):
    upload = io.BytesIO(table.to_csv(index=False).encode("utf-8"))
    upload.name = "mpdta.csv"
    return post_study(client, upload)


def test_the_request_returns_at_once_with_a_queued_study_the_task_completes(client, advisor, mpdta_table, queued_tasks):
    client.force_login(advisor)
    response = _post(client, mpdta_table)
    study = ImpactStudy.objects.get()
    assert response.status_code == 302 and response.url == study.get_absolute_url()
    assert (study.status, study.progress, study.result) == (ImpactStudy.Status.QUEUED, 0, {})
    assert AuditLog.objects.filter(action="evaluation.study.created", target_id=str(study.pk)).count() == 1

    page = client.get(study.get_absolute_url()).content.decode()
    status_url = reverse("evaluation:impact_status", args=[study.pk])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 1s"' in page
    assert "Calcul en attente" in page and "Tendances parallèles" not in page
    assert client.get(reverse("evaluation:impact_json", args=[study.pk])).status_code == 404

    assert services_impact.run_study(study.pk) == ImpactStudy.Status.DONE
    study.refresh_from_db()
    assert (study.status, study.progress, study.step) == (ImpactStudy.Status.DONE, 100, "Étude terminée")
    assert study.result["estimates"]["simple"]["att"] == pytest.approx(-0.0399513, abs=1e-6)
    assert study.result["data_hash"] == study.data_hash
    partial = client.get(status_url, headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true" and "hx-get" not in partial.content.decode()
    assert "Tendances parallèles" in client.get(study.get_absolute_url()).content.decode()


def test_a_failing_estimate_shows_the_french_reason_and_can_be_relaunched(client, staff, mpdta_table, monkeypatch):
    def refuse(panel, params):
        raise EstimationError("Aucune unité traitée n'a de période avant son traitement : estimation impossible.")

    monkeypatch.setattr(services_impact, "estimate", refuse)
    client.force_login(staff)
    _post(client, mpdta_table)
    study = ImpactStudy.objects.get()
    assert study.status == ImpactStudy.Status.FAILED and study.result == {}
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Le calcul de l'étude a échoué" in page
    assert "Aucune unité traitée n&#x27;a de période avant son traitement : estimation impossible." in page
    assert "Relancer le calcul" in page and "hx-get" not in page

    monkeypatch.undo()
    client.post(reverse("evaluation:impact_rerun", args=[study.pk]))
    study.refresh_from_db()
    assert (study.status, study.error) == (ImpactStudy.Status.DONE, "")
    assert study.result["estimates"]["simple"]["att"] == pytest.approx(-0.0399513, abs=1e-6)
    # Relaunching a first run that failed is not a rerun of a result.
    assert not AuditLog.objects.filter(action="evaluation.study.rerun").exists()


def test_an_unexpected_error_gives_the_generic_french_message(client, staff, mpdta_table, monkeypatch):
    def crash(panel, params):
        raise RuntimeError("worker out of memory")

    monkeypatch.setattr(services_impact, "estimate", crash)
    client.force_login(staff)
    _post(client, mpdta_table)
    study = ImpactStudy.objects.get()
    assert (study.status, study.error) == (ImpactStudy.Status.FAILED, services_impact.FAILURE_MESSAGE)
    assert "worker out of memory" not in client.get(study.get_absolute_url()).content.decode()


def test_a_study_under_way_is_not_queued_twice_and_a_lost_one_can_be_relaunched(
    client, staff, mpdta_table, queued_tasks, time_machine
):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS), tick=False)
    client.force_login(staff)
    _post(client, mpdta_table)
    study = ImpactStudy.objects.get()
    rerun = reverse("evaluation:impact_rerun", args=[study.pk])
    response = client.post(rerun, follow=True)
    assert "Le calcul de cette étude est déjà en cours." in response.content.decode()

    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 6, tzinfo=PARIS), tick=False)
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Le calcul n'avance plus" in page and "hx-get" not in page
    response = client.post(rerun, follow=True)
    assert "le calcul se poursuit en arrière-plan" in response.content.decode()
    study.refresh_from_db()
    assert study.status == ImpactStudy.Status.QUEUED
    assert study.queued_at == dt.datetime(2026, 6, 15, 10, 6, tzinfo=PARIS)


def test_rerun_runs_in_the_task_and_is_audited_with_who_asked(client, advisor, staff, mpdta_table):
    client.force_login(advisor)
    _post(client, mpdta_table)
    study = ImpactStudy.objects.get()
    client.force_login(staff)
    page = client.post(reverse("evaluation:impact_rerun", args=[study.pk]), follow=True).content.decode()
    assert "Dernière relance : résultats identiques" in page
    study.refresh_from_db()
    assert (study.status, study.rerun_identical) == (ImpactStudy.Status.DONE, True)
    entry = AuditLog.objects.get(action="evaluation.study.rerun")
    assert (entry.actor, entry.changes) == (staff, {"identical": True})
