"""The diagnostic PDF is prepared in the background, with its progress, then shared (issue 14: « the
diagnostic PDF takes about 20 s »). Tasks run with the immediate backend in tests: the build happens
when the request's transaction commits, which `django_capture_on_commit_callbacks` plays."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.diagnostics import aggregates, reports
from emploi_territoires.diagnostics.document import build_pdf
from emploi_territoires.territories.models import DiagnosticReport

from .test_diagnostics import loire  # noqa: F401  (fixture)

Status = DiagnosticReport.Status
LOIRE = ("departement", "42")


@pytest.fixture
def refreshed(loire):  # noqa: F811
    aggregates.refresh_all(now=loire)
    return loire


def url(name: str, level: str = "departement", code: str = "42") -> str:
    return reverse(f"territories:{name}", args=[level, code])


def test_the_report_is_prepared_once_then_downloaded_by_everyone(
    refreshed, client, advisor, recruiter_b, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    # Not prepared yet: the PDF link leads to the report page, which offers to prepare it.
    response = client.get(url("diagnostic_pdf"))
    assert response.status_code == 302
    assert response["Location"] == url("diagnostic_report") + "?carte=offers_published"
    page = client.get(response["Location"]).content.decode()
    assert "Préparer le rapport (PDF)" in page
    assert "Préparer le rapport (PDF)" in client.get(url("diagnostic")).content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("diagnostic_report"), {"carte": "fill_rate"})
    assert len(callbacks) == 1  # the task is queued once the row is committed
    assert response.status_code == 302
    assert response["Location"] == url("diagnostic_report") + "?carte=fill_rate"
    report = DiagnosticReport.objects.get()
    assert (report.status, report.progress, report.step) == (Status.DONE, 100, "Rapport prêt")
    assert (report.level, report.code, report.indicator) == (*LOIRE, "fill_rate")
    assert report.size > 10_000 and report.finished_at is not None

    page = client.get(response["Location"]).content.decode()
    assert "Votre rapport est prêt" in page
    assert 'hx-trigger="every 1s"' not in page  # nothing left to poll
    download = client.get(url("diagnostic_pdf") + "?carte=fill_rate")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF") and len(download.content) == report.size
    assert download["Content-Disposition"] == 'attachment; filename="diagnostic-departement-42.pdf"'

    # Another professional finds it ready: a download link on the diagnostic, and asking again builds nothing.
    client.force_login(recruiter_b)
    assert "Télécharger le rapport (PDF" in client.get(url("diagnostic") + "?carte=fill_rate").content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url("diagnostic_report"), {"carte": "fill_rate"})
    assert callbacks == []
    assert DiagnosticReport.objects.count() == 1


def test_each_step_reports_its_progress_in_french(refreshed):
    steps = []
    pdf = build_pdf(*LOIRE, "offers_published", progress=lambda percent, step: steps.append((percent, step)))
    assert pdf.startswith(b"%PDF")
    assert [percent for percent, _ in steps] == [5, 15, 30, 75]
    assert steps[0][1] == "Lecture des indicateurs du territoire"
    assert steps[-1][1].startswith("Écriture du PDF (") and steps[-1][1].endswith(" pages)")


def test_the_panel_polls_while_the_report_is_prepared(refreshed, client, advisor, django_assert_max_num_queries):
    DiagnosticReport.objects.create(
        level="departement", code="42", indicator="offers_published", generation=reports.generation(),
        status=Status.RUNNING, progress=30, step="Mise en page des tableaux et des graphiques",
        started_at=timezone.now(),
    )  # fmt: skip
    client.force_login(advisor)
    with django_assert_max_num_queries(7):
        panel = client.get(url("diagnostic_report_status")).content.decode()
    assert "<html" not in panel
    assert 'hx-trigger="every 1s"' in panel
    assert '<progress id="report-progress" max="100" value="30">' in panel
    assert "Avancement : 30 %" in panel
    assert "Mise en page des tableaux et des graphiques" in panel
    # The diagnostic page points to the progress instead of offering a second build.
    assert "suivre sa progression" in client.get(url("diagnostic")).content.decode()


def test_a_report_lost_by_its_worker_says_so_and_is_requeued(
    refreshed, client, advisor, django_capture_on_commit_callbacks
):
    lost = DiagnosticReport.objects.create(
        level="departement", code="42", indicator="offers_published", generation=reports.generation(),
        status=Status.QUEUED, step="En attente d'un processus de calcul.",
    )  # fmt: skip
    DiagnosticReport.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    client.force_login(advisor)
    page = client.get(url("diagnostic_report")).content.decode()
    assert "La préparation n'avance plus" in page
    assert 'hx-trigger="every 1s"' not in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url("diagnostic_report"))
    assert len(callbacks) == 1
    assert DiagnosticReport.objects.get(pk=lost.pk).status == Status.DONE


def test_a_failed_build_is_a_french_message_and_can_be_relaunched(
    refreshed, client, advisor, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint en panne")

    monkeypatch.setattr(reports, "build_pdf", broken)
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("diagnostic_report"))
    report = DiagnosticReport.objects.get()
    assert report.status == Status.FAILED
    page = client.get(url("diagnostic_report")).content.decode()
    assert "Le rapport n'a pas pu être préparé" in page
    assert "Relancez-la ; si l&#x27;échec se répète, signalez-le" in page
    assert "WeasyPrint" not in page
    assert client.get(url("diagnostic_pdf"))["Location"].startswith(url("diagnostic_report"))

    monkeypatch.setattr(reports, "build_pdf", build_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("diagnostic_report"))
    assert DiagnosticReport.objects.get(pk=report.pk).status == Status.DONE


def test_a_new_refresh_makes_earlier_reports_obsolete(refreshed, client, advisor, django_capture_on_commit_callbacks):
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("diagnostic_report"))
    first = DiagnosticReport.objects.get()
    aggregates.refresh_all(now=refreshed + datetime.timedelta(hours=1))
    assert reports.current_report(*LOIRE, "offers_published") is None
    assert client.get(url("diagnostic_pdf")).status_code == 302  # the old file is not served as current
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("diagnostic_report"))
    assert list(DiagnosticReport.objects.values_list("pk", flat=True)) != [first.pk]
    assert DiagnosticReport.objects.count() == 1


def test_unknown_territories_and_readers_who_may_not(refreshed, client, advisor, candidate):
    client.force_login(advisor)
    assert client.post(url("diagnostic_report", "departement", "99")).status_code == 404
    assert client.post(url("diagnostic_report", "galaxie", "1")).status_code == 404
    assert client.get(url("diagnostic_report_status", "commune", "00000")).status_code == 404
    assert not DiagnosticReport.objects.exists()
    client.force_login(candidate)
    assert client.get(url("diagnostic_report")).status_code == 403
    assert client.get(url("diagnostic_report_status")).status_code == 403
