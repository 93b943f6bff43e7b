"""Territory diagnostic pages: access by persona, rendering from the aggregates, exports (CSV, XLSX, PDF)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.diagnostics import aggregates
from emploi_territoires.territories.models import TerritoryAggregate

from .test_diagnostics import loire  # noqa: F401  (fixture)

Level = TerritoryAggregate.Level


@pytest.fixture
def refreshed(loire):  # noqa: F811
    aggregates.refresh_all(now=loire)
    return loire


def url(level="commune", code="42218"):
    return reverse("territories:diagnostic", args=[level, code])


def test_anonymous_is_sent_to_login(refreshed, anonymous_client):
    response = anonymous_client.get(url())
    assert response.status_code == 302
    assert "/connexion" in response["Location"] or "login" in response["Location"]


def test_candidate_is_refused(refreshed, client, candidate):
    client.force_login(candidate)
    assert client.get(url()).status_code == 403
    assert client.get(reverse("territories:diagnostic_pdf", args=["commune", "42218"])).status_code == 403
    assert client.post(reverse("territories:diagnostic_report", args=["commune", "42218"])).status_code == 403


def test_commune_page_shows_the_three_columns_and_when(refreshed, client, advisor, django_assert_max_num_queries):
    client.force_login(advisor)
    with django_assert_max_num_queries(7):
        response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diagnostic territorial : Saint-Étienne (42)" in html
    assert "Chiffres calculés le" in html
    assert "Loire (42)" in html and "France entière" in html  # comparison columns
    assert "Indice de tension = (personnes à recruter déclarées + offres ouvertes)" in html
    assert "<td>66,7</td>" in html  # fill rate 2 / 3, in %, one decimal
    assert "Carte des organisations et des offres" in html
    assert "Comparaison des départements" in html


def test_departement_and_programme_pages(refreshed, client, recruiter_b, django_assert_max_num_queries):
    client.force_login(recruiter_b)
    for level, code in [("departement", "42"), ("programme", "qpv"), ("national", "france"), ("region", "84")]:
        with django_assert_max_num_queries(6):
            response = client.get(url(level, code) + "?carte=fill_rate")
        assert response.status_code == 200, (level, code)


def test_unknown_territory_and_commune_without_activity(refreshed, client, advisor):
    client.force_login(advisor)
    assert client.get(url("departement", "99")).status_code == 404
    assert client.get(url("programme", "zzz")).status_code == 404
    assert client.get(url("galaxie", "1")).status_code == 404
    assert client.get(url("commune", "00000")).status_code == 404


def test_csv_export_parses_back(refreshed, client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("territories:diagnostic_export", args=["commune", "42218", "tension", "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Code ROME" and rows[0][-1] == "Indice de tension"
    assert rows[1] == ["M1403", "Chargé / Chargée d'études socio-économiques", "0", "1", "2", "0.5"]


def test_xlsx_export_opens(refreshed, client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("territories:diagnostic_export", args=["commune", "42218", "synthese", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Offres publiées sur la période"] == (4, 4, 5)
    assert values["Taux de pourvoi (%)"][0] == 66.7
    assert (
        client.get(reverse("territories:diagnostic_export", args=["commune", "42218", "secret", "xlsx"])).status_code
        == 404
    )


def test_charts_are_images_so_the_content_security_policy_keeps_their_styles():
    from emploi_territoires.core.templatetags.core_tags import svg_data_uri

    uri = svg_data_uri('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:#000091"/></svg>')
    assert uri.startswith("data:image/svg+xml;base64,")
    assert svg_data_uri("") == ""


def test_a_diagnostic_is_found_by_name_or_code(refreshed, client, advisor):
    client.force_login(advisor)
    choose = reverse("territories:diagnostic_choose")
    assert client.get(choose, {"territoire": "Loire"})["Location"] == url("departement", "42")
    assert client.get(choose, {"territoire": "Saint-Étienne Métropole"})["Location"] == url("epci", "244200770")
    assert client.get(choose, {"territoire": "42218"})["Location"] == url("commune", "42218")
    assert client.get(choose, {"territoire": "pvd"})["Location"] == url("programme", "pvd")
    # Several territories fit: a French choice, each a link to its diagnostic.
    html = client.get(choose, {"territoire": "Saint"}).content.decode()
    assert "Plusieurs territoires correspondent à « Saint »" in html
    assert f'<a href="{url("commune", "42218")}">Saint-Étienne (42218) — commune, Loire (42)</a>' in html
    assert f'<a href="{url("epci", "244200770")}">' in html
    html = client.get(choose, {"territoire": "Atlantide"}).content.decode()
    assert "Aucun territoire" in html and "ne correspond à « Atlantide »" in html
    # Every diagnostic page offers the same search.
    page = client.get(url()).content.decode()
    assert 'action="/territoires/diagnostic/"' in page and 'id="diagnostic-territory"' in page
