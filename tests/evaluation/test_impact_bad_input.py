"""Impact studies on absurd values: a French form error at upload, never a 500 nor a saved study whose
page then fails (issue 20, item 11)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.urls import reverse

from emploi_territoires.evaluation.impact.panel import PanelError, load_panel, read_table
from emploi_territoires.evaluation.models import ImpactStudy

pytestmark = pytest.mark.django_db
LIST = reverse("evaluation:impact_list")


def panel_csv(value: str) -> io.BytesIO:
    """Six communes of the Nièvre over 2016-2023, Clamecy treated in 2021, one outcome replaced by `value`."""
    rng = np.random.default_rng(7)
    lines = ["codgeo;annee;emplois;debut"]
    for code in ("58079", "58194", "58086", "58117", "58303", "58160"):
        base = rng.normal(1000, 100)
        for year in range(2016, 2024):
            amount = f"{base + 5 * (year - 2016) + rng.normal(0, 1):.2f}"
            if code == "58194" and year == 2019:
                amount = value
            lines.append(f"{code};{year};{amount};{2021 if code == '58079' else 0}")
    upload = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
    upload.name = "emplois.csv"
    return upload


def post(client, upload, estimator):
    return client.post(
        LIST,
        {
            "title": "Emploi des communes de la Nièvre",
            "panel": upload,
            "unit": "codgeo",
            "time": "annee",
            "outcome": "emplois",
            "programme": "",
            "treatment_start": "debut",
            "estimator": estimator,
            "control": "never",
            "covariates": "",
        },
    )


@pytest.mark.parametrize("estimator", ["sc", "sdid", "cs"])
@pytest.mark.parametrize("value", ["1e300", "-1e300", "1e200"])
def test_huge_outcome_values_are_refused_at_upload(client, staff, estimator, value):
    client.force_login(staff)
    response = post(client, panel_csv(value), estimator)
    assert response.status_code == 400
    assert "trop grande" in response.content.decode()
    assert not ImpactStudy.objects.exists()


def test_the_same_panel_with_ordinary_values_is_saved(client, staff):
    client.force_login(staff)
    response = post(client, panel_csv("1234.5"), "sdid")
    assert response.status_code == 302
    study = ImpactStudy.objects.get()
    assert client.get(study.get_absolute_url()).status_code == 200
    assert client.get(reverse("evaluation:impact_pdf", args=[study.pk])).status_code == 200


def test_huge_periods_are_refused_by_the_panel_loader():
    table = read_table(io.BytesIO(b"unit;time;y;t\na;1;1;0\na;99999999999999999999;2;0\n"), "p.csv")
    with pytest.raises(PanelError, match="période"):
        load_panel(table, unit="unit", time="time", outcome="y", treatment_start="t")


# --- item 15: the request only takes what it can process within about 500 MB -------------------------


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("emplois.csv", 50 * 1024 * 1024 + 1, "Le fichier dépasse 50 Mo"),
        ("emplois.xlsx", 2 * 1024 * 1024 + 1, "Le classeur dépasse 2 Mo : enregistrez-le en CSV"),
    ],
)
def test_uploads_beyond_what_a_request_processes_are_refused(client, staff, name, size, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    upload = SimpleUploadedFile(name, b"x" * size)
    response = post(client, upload, "cs")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImpactStudy.objects.exists()


def test_a_panel_over_the_web_row_limit_points_to_the_command(monkeypatch):
    from emploi_territoires.evaluation import services_impact
    from emploi_territoires.evaluation.impact import panel

    monkeypatch.setattr(services_impact, "MAX_WEB_ROWS", 40)
    upload = panel_csv("1000")
    with pytest.raises(PanelError) as caught:
        services_impact.load_uploaded_panel(
            upload, unit="codgeo", time="annee", outcome="emplois", treatment_start="debut"
        )
    assert str(caught.value) == (
        "Le fichier compte 48 lignes : la limite est de 40. Pour un panel plus grand, lancez la commande "
        "manage.py impact_study."
    )
    assert panel.MAX_WEB_ROWS == 1_000_000


def test_synthetic_methods_on_too_many_units_are_refused_before_estimating(client, staff, monkeypatch):
    from emploi_territoires.evaluation import services_impact

    monkeypatch.setattr(services_impact, "MAX_WEB_SYNTHETIC_UNITS", 5)
    client.force_login(staff)
    for estimator in ("sc", "sdid"):
        response = post(client, panel_csv("1000"), estimator)
        assert response.status_code == 400
        assert "Les méthodes synthétiques se limitent ici à 5 unités (6 dans ce fichier)" in response.content.decode()
    assert not ImpactStudy.objects.exists()
    assert post(client, panel_csv("1000"), "cs").status_code == 302  # the staggered DiD has no such limit
