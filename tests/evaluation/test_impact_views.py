"""Impact-study pages: advisors and staff upload a panel, read the result, rerun it, export it."""

import datetime as dt
import io
import json

import numpy as np
import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from emploi_territoires.evaluation.models import ImpactStudy

LIST = reverse("evaluation:impact_list")


@pytest.fixture
def mpdta_upload(mpdta_table):
    def make(name="mpdta.csv"):
        buffer = io.BytesIO(mpdta_table.to_csv(index=False).encode("utf-8"))
        buffer.name = name
        return buffer

    return make


def _post(client, upload, **overrides):
    data = {
        "title": "Salaire minimum et emploi des comtés",
        "panel": upload,
        "unit": "countyreal",
        "time": "year",
        "outcome": "lemp",
        "programme": "",
        "treatment_start": "first.treat",
        "estimator": "cs",
        "control": "never",
        "covariates": "",
        **overrides,
    }
    return client.post(LIST, data)


@pytest.fixture
def study(client, advisor, mpdta_upload):
    client.force_login(advisor)
    response = _post(client, mpdta_upload())
    assert response.status_code == 302
    client.logout()
    return ImpactStudy.objects.get()


def test_advisor_uploads_a_panel_and_reads_the_result(client, advisor, mpdta_upload):
    client.force_login(advisor)
    response = _post(client, mpdta_upload())
    study = ImpactStudy.objects.get()
    assert response.url == study.get_absolute_url()
    assert study.created_by == advisor
    assert study.result["estimates"]["simple"]["att"] == pytest.approx(-0.0399513, abs=1e-6)
    page = client.get(study.get_absolute_url()).content.decode()
    assert "-0,0400" in page or "−0,0400" in page
    assert "Tendances parallèles" in page
    assert "Ce que le résultat ne montre pas" in page
    assert "p = 0,168" in page


def test_bad_file_is_refused_with_the_line_and_nothing_is_saved(client, staff, mpdta_table):
    client.force_login(staff)
    broken = mpdta_table.copy()
    broken.loc[0, "lemp"] = "n/a"
    upload = io.BytesIO(broken.to_csv(index=False).encode("utf-8"))
    upload.name = "mpdta.csv"
    response = _post(client, upload)
    assert response.status_code == 400
    assert "Ligne 2 : valeur « n/a » non numérique dans la colonne « lemp »" in response.content.decode()
    assert not ImpactStudy.objects.exists()


def test_missing_treatment_source_is_refused(client, staff, mpdta_upload):
    client.force_login(staff)
    response = _post(client, mpdta_upload(), treatment_start="")
    assert response.status_code == 400
    assert "Indiquez la colonne du début du traitement" in response.content.decode()


def test_rerun_gives_the_same_numbers(client, advisor_other, study):
    client.force_login(advisor_other)
    response = client.post(reverse("evaluation:impact_rerun", args=[study.pk]), follow=True)
    assert "résultats identiques" in response.content.decode()
    study.refresh_from_db()
    assert study.rerun_at is not None


def test_plot_and_json_export(client, staff, study):
    client.force_login(staff)
    png = client.get(reverse("evaluation:impact_plot", args=[study.pk]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    exported = client.get(reverse("evaluation:impact_json", args=[study.pk]))
    document = json.loads(exported.content)
    assert document["data_hash"] == study.data_hash
    assert document["versions"]["diff-diff"] == "3.13.0"
    assert len(document["estimates"]["att_gt"]) == 12


@pytest.mark.parametrize("persona", ["candidate", "recruiter_a"])
def test_other_personas_are_refused(client, request, persona, study):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(study.get_absolute_url()).status_code == 404
    assert client.get(reverse("evaluation:impact_json", args=[study.pk])).status_code == 404
    assert client.post(reverse("evaluation:impact_rerun", args=[study.pk])).status_code == 404


def test_anonymous_is_sent_to_login(anonymous_client, study):
    for url in (LIST, study.get_absolute_url(), reverse("evaluation:impact_plot", args=[study.pk])):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_list_query_count_is_pinned(client, staff, study, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert study.title in response.content.decode()


def test_treatment_from_the_pvd_signature_dates(client, staff):
    """Clamecy signs Petites villes de demain in 2021; Nevers and Saint-Étienne stay untreated (panel of 3)."""
    from emploi_territoires.territories.models import Programme, ProgrammeMembership
    from tests.factories import clamecy, nevers, saint_etienne

    treated = clamecy()
    nevers(), saint_etienne()
    ProgrammeMembership.objects.create(
        programme=Programme.PVD, vintage="2024", local_id="PVD-58-1", commune=treated, signed_on=dt.date(2021, 3, 4)
    )
    rng = np.random.default_rng(3)
    lines = ["codgeo;annee;emplois"]
    for code in ("58079", "58194", "42218"):
        base = rng.normal(1000, 100)
        for year in range(2016, 2024):
            bump = 30 if code == "58079" and year >= 2021 else 0
            lines.append(f"{code};{year};{base + 5 * (year - 2016) + bump + rng.normal(0, 1):.2f}")
    upload = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
    upload.name = "emplois.csv"
    client.force_login(staff)
    response = _post(
        client, upload, unit="codgeo", time="annee", outcome="emplois", programme="pvd", treatment_start="",
        estimator="sc",
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    study = ImpactStudy.objects.get()
    assert study.result["panel"]["cohorts"] == {"0": 2, "2021": 1}
    unit = study.result["estimates"]["by_unit"][0]
    assert unit["unit"] == "58079"
    assert unit["att"] == pytest.approx(30, abs=8)
