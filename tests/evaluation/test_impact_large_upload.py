"""Issue 20, item 15: a large impact panel is not processed inside the request.

Up to 1 Mo the request reads the file (a mistake is shown on the form with its line); beyond, it only
checks the header, the columns and the row count, stores the file compressed and queues the study;
the background task reads it (only the panel's columns), stores the canonical panel, drops the file
and estimates, writing its progress. A file the task cannot read fails the study with the line to
fix, and is not kept.
"""

import io

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse

from emploi_territoires.evaluation import services_impact
from emploi_territoires.evaluation.impact.panel import PanelError, peek_table
from emploi_territoires.evaluation.models import ImpactStudy

LIST = reverse("evaluation:impact_list")
YEARS = range(2015, 2025)


def french_panel(n_units: int, *, seed: int = 7, note: str = "") -> pd.DataFrame:
    """Communes x 2015-2024, employment with a decimal comma, a third of the communes in the programme from 2019
    or 2021, and an unused free-text column (the kind that makes a spreadsheet heavy)."""
    rng = np.random.default_rng(seed)
    codes = [f"{58000 + u:05d}" for u in range(n_units)]
    first = rng.choice([0, 0, 2019, 2021], size=n_units)
    rows = []
    for code, start, level in zip(codes, first, rng.normal(300, 40, n_units), strict=True):
        for year in YEARS:
            effect = 6.0 if start and year >= start else 0.0
            value = level + 2.0 * (year - 2015) + effect + rng.normal(0, 1)
            rows.append((code, str(year), f"{value:.2f}".replace(".", ","), str(start), note))
    return pd.DataFrame(rows, columns=["codgeo", "annee", "emploi", "debut", "commentaire"])


def upload(table: pd.DataFrame, name: str = "emploi_communes.csv", encoding: str = "utf-8") -> io.BytesIO:
    buffer = io.BytesIO(table.to_csv(index=False, sep=";").encode(encoding))
    buffer.name = name
    return buffer


def post(client, file, **overrides):
    data = {
        "title": "Petites villes de demain et emploi salarié",
        "panel": file,
        "unit": "codgeo",
        "time": "annee",
        "outcome": "emploi",
        "programme": "",
        "treatment_start": "debut",
        "estimator": "cs",
        "control": "never",
        "covariates": "",
        **overrides,
    }
    return client.post(LIST, data)


@pytest.fixture
def heavy_panel():
    # 300 communes x 10 years with a 400-character comment per row: 1.2 Mo, above the 1 Mo read in the request.
    table = french_panel(300, note="Donnée provisoire, à confirmer avec l'Insee. " * 9)
    assert len(upload(table).getvalue()) > services_impact.INLINE_MAX_BYTES
    return table


def test_a_large_file_is_only_peeked_at_in_the_request_and_read_by_the_task(client, staff, heavy_panel, queued_tasks):
    client.force_login(staff)
    response = post(client, upload(heavy_panel))
    study = ImpactStudy.objects.get()
    assert response.status_code == 302 and response.url == study.get_absolute_url()
    # Nothing read yet: the file waits, compressed, with the columns to read.
    assert (study.status, study.data_hash, bytes(study.panel_data), study.result) == ("queued", "", b"", {})
    assert len(bytes(study.upload_data)) > 0
    assert study.panel_spec["outcome"] == "emploi" and study.panel_spec["treatment_start"] == "debut"
    assert study.step == "En attente d'un processus de calcul ; le fichier (3\u202f000 lignes) sera lu en arrière-plan."
    page = client.get(study.get_absolute_url())
    assert page.status_code == 200 and "sera lu en arrière-plan" in page.content.decode()

    assert services_impact.run_study(study.pk) == ImpactStudy.Status.DONE
    study.refresh_from_db()
    assert (study.status, study.progress, bytes(study.upload_data)) == ("done", 100, b"")
    assert study.result["panel"]["n_units"] == 300 and study.result["data_hash"] == study.data_hash

    # The same panel without its comment column, read in the request: the same data, the same result.
    small = post(client, upload(heavy_panel.drop(columns="commentaire")), title="Même panel, fichier léger")
    assert small.status_code == 302
    inline = ImpactStudy.objects.exclude(pk=study.pk).get()
    # Read in the request: the canonical panel is stored before the task runs, and no file waits.
    assert bytes(inline.upload_data) == b"" and inline.data_hash == study.data_hash
    assert services_impact.run_study(inline.pk) == ImpactStudy.Status.DONE
    inline.refresh_from_db()
    assert inline.result["estimates"] == study.result["estimates"]


def test_a_rerun_of_a_study_read_in_the_background_uses_the_stored_panel(client, staff, heavy_panel):
    client.force_login(staff)
    post(client, upload(heavy_panel))
    study = ImpactStudy.objects.get()
    assert study.status == "done" and study.data_hash
    client.post(reverse("evaluation:impact_rerun", args=[study.pk]))
    study.refresh_from_db()
    assert (study.status, study.rerun_identical) == ("done", True)


def test_a_missing_column_is_refused_in_the_request_and_nothing_is_saved(client, staff, heavy_panel):
    client.force_login(staff)
    response = post(client, upload(heavy_panel), outcome="emploi_salarie")
    assert response.status_code == 400
    assert (
        "Colonne absente du fichier : « emploi_salarie » (colonnes trouvées : « codgeo », « annee », « emploi », "
        "« debut », « commentaire »)." in response.content.decode()
    )
    assert not ImpactStudy.objects.exists()


def test_the_row_limit_is_checked_before_anything_is_read(client, staff, heavy_panel, monkeypatch):
    monkeypatch.setattr(services_impact, "MAX_WEB_ROWS", 2_000)
    client.force_login(staff)
    response = post(client, upload(heavy_panel))
    assert response.status_code == 400
    assert (
        "Le fichier compte 3\u202f000 lignes : la limite est de 2\u202f000. Pour un panel plus grand, lancez la "
        "commande manage.py impact_study." in response.content.decode()
    )
    assert not ImpactStudy.objects.exists()


def test_a_large_file_not_in_utf8_is_refused_in_the_request(client, staff, heavy_panel):
    client.force_login(staff)
    response = post(client, upload(heavy_panel.rename(columns={"annee": "année"}), encoding="latin-1"), time="année")
    assert response.status_code == 400
    assert "Le fichier CSV doit être encodé en UTF-8." in response.content.decode()
    assert not ImpactStudy.objects.exists()


def test_a_bad_value_fails_the_study_with_its_line_and_the_file_is_not_kept(client, staff, heavy_panel):
    heavy_panel.loc[1200, "emploi"] = "n.c."
    client.force_login(staff)
    assert post(client, upload(heavy_panel)).status_code == 302
    study = ImpactStudy.objects.get()
    assert study.status == "failed"
    assert study.error == "Ligne 1202 : valeur « n.c. » non numérique dans la colonne « emploi »."
    assert (bytes(study.upload_data), study.panel_spec, study.data_hash) == (b"", {}, "")
    assert not study.can_relaunch
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Ligne 1202 : valeur « n.c. » non numérique" in page
    assert "Déposer le fichier corrigé" in page and "Relancer le calcul" not in page

    response = client.post(reverse("evaluation:impact_rerun", args=[study.pk]), follow=True)
    assert "déposez le fichier corrigé dans une nouvelle étude" in response.content.decode()
    study.refresh_from_db()
    assert study.status == "failed"


def test_the_synthetic_methods_unit_limit_applies_once_the_task_has_read_the_file(
    client, staff, heavy_panel, monkeypatch
):
    monkeypatch.setattr(services_impact, "MAX_WEB_SYNTHETIC_UNITS", 50)
    client.force_login(staff)
    assert post(client, upload(heavy_panel), estimator="sdid").status_code == 302
    study = ImpactStudy.objects.get()
    assert study.status == "failed"
    assert study.error.startswith("Les méthodes synthétiques se limitent ici à 50 unités (300 dans ce fichier)")


def test_an_unexpected_failure_keeps_the_file_so_the_study_can_be_relaunched(client, staff, heavy_panel, monkeypatch):
    def crash(panel, params):
        raise RuntimeError("worker out of memory")

    monkeypatch.setattr(services_impact, "estimate", crash)
    client.force_login(staff)
    post(client, upload(heavy_panel))
    study = ImpactStudy.objects.get()
    # The file was read and its panel stored before the estimation failed: a relaunch needs no file.
    assert study.status == "failed" and study.error == services_impact.FAILURE_MESSAGE
    assert study.data_hash and study.can_relaunch
    monkeypatch.undo()
    client.post(reverse("evaluation:impact_rerun", args=[study.pk]))
    study.refresh_from_db()
    assert study.status == "done" and study.result["panel"]["n_units"] == 300


def test_peek_reads_the_header_and_counts_the_rows_of_csv_and_xlsx():
    table = french_panel(12)
    csv_bytes = table.to_csv(index=False, sep=";").encode("utf-8-sig")
    peek = peek_table(csv_bytes, "emploi.csv")
    assert peek.columns == ("codgeo", "annee", "emploi", "debut", "commentaire") and peek.rows == 120
    assert peek_table(csv_bytes.rstrip(b"\r\n"), "emploi.csv").rows == 120

    workbook = io.BytesIO()
    table.to_excel(workbook, index=False)
    peek = peek_table(workbook.getvalue(), "emploi.xlsx")
    assert peek.columns == ("codgeo", "annee", "emploi", "debut", "commentaire") and peek.rows == 120

    with pytest.raises(PanelError, match="Le fichier n'a pas pu être lu"):
        peek_table(b"PK\x03\x04 not a workbook", "emploi.xlsx")
    with pytest.raises(PanelError, match=r"La première ligne du fichier doit donner le nom des colonnes\."):
        peek_table(b"\n\n", "emploi.csv")
