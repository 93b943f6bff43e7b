"""Indicator pages: permissions, the dashboard's target chart, the report's exports and PDF."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.evaluation.models import IndicatorTarget
from emploi_territoires.offers.models import OfferStatus
from tests.clock import paris
from tests.factories import clamecy
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_november_2026(time_machine):
    # The objects the factories date "now" must fall in 2026, whatever day the suite runs.
    time_machine.move_to(paris(2026, 11, 20))


DASHBOARD = reverse("evaluation:indicators")
LOIRE_2026 = "?niveau=departement&code=42&annee=2026"


@pytest.fixture
def loire_offers(organisation_a):
    from django.utils import timezone

    for _ in range(3):
        offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, written_with_assistant=True,
                             quality_score=72)  # fmt: skip
        offer.published_at = timezone.make_aware(timezone.datetime(2026, 3, 2, 10))
        offer.save(update_fields=["published_at"])
    IndicatorTarget.objects.create(
        indicator="offers_published", level="departement", code="42", year=2026, target=Decimal(12)
    )


def test_advisor_sees_target_against_actual(client, advisor, loire_offers, django_assert_max_num_queries):
    client.force_login(advisor)
    # 16, plus individual support: 6 for its indicators and 6 for its table by public (indicators_followup).
    # Plus 4 for the VTA indicators (indicators_vta).
    with django_assert_max_num_queries(32):
        response = client.get(DASHBOARD + LOIRE_2026)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Loire (42) — année 2026" in page
    # The chart is an image (CSP: no inline style), its values written on it and in its text alternative.
    assert "3 / 12 (25 %)" in response.context["chart"] and response.context["chart_src"] in page
    assert 'src="data:image/svg+xml;base64,' in page and "Offres publiées : 3 pour une cible de 12" in page
    assert "Offres publiées" in page and "Définition des indicateurs" in page


def test_dashboard_query_count_does_not_grow(client, advisor, loire_offers, django_assert_max_num_queries):
    for _ in range(20):
        OfferFactory(status=OfferStatus.PUBLISHED)
    client.force_login(advisor)
    # 16, plus individual support: 6 for its indicators and 6 for its table by public (indicators_followup).
    # Plus 4 for the VTA indicators (indicators_vta).
    with django_assert_max_num_queries(32):
        assert client.get(DASHBOARD + LOIRE_2026).status_code == 200


def test_bad_parameters_get_a_french_message_with_the_form(client, staff):
    # Bad input is a message on the page, next to the form to correct it: not an error page.
    client.force_login(staff)
    response = client.get(DASHBOARD + "?niveau=commune&code=99999&annee=2026")
    assert response.status_code == 200
    assert "Aucun territoire (commune) ne correspond à « 99999 »" in response.content.decode()
    assert 'id="code"' in response.content.decode()
    response = client.get(DASHBOARD + "?niveau=national&du=2026-13-01&au=2026-12-31")
    assert response.status_code == 200 and "AAAA-MM-JJ" in response.content.decode()
    assert "Choisissez une année" in client.get(DASHBOARD + "?niveau=national&annee=1999").content.decode()
    # "²⁰²⁶" passes str.isdigit() but not int(): a French message, not a 500.
    response = client.get(DASHBOARD + "?niveau=national&annee=²⁰²⁶")
    assert response.status_code == 200 and "Choisissez une année" in response.content.decode()
    response = client.get(DASHBOARD + "?niveau=planete")
    assert response.status_code == 200 and "Choisissez un niveau de territoire" in response.content.decode()
    # The PDF and the exports of a bad request lead back to the dashboard, which says what is wrong.
    response = client.get(reverse("evaluation:indicators_pdf") + "?niveau=commune&code=99999")
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD + "?niveau=commune&code=99999"


def test_collectivite_member_reads_its_commune_and_epci_only(client, member_a):
    client.force_login(member_a)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Saint-Étienne (42218)" in response.content.decode()
    epci = member_a.memberships.get().organisation.commune.epci_id
    assert client.get(DASHBOARD + f"?niveau=epci&code={epci}").status_code == 200
    assert client.get(DASHBOARD + "?niveau=departement&code=42").status_code == 403
    assert client.get(DASHBOARD + "?niveau=national").status_code == 403
    clamecy()
    assert client.get(reverse("evaluation:indicators_pdf") + "?niveau=commune&code=58079").status_code == 403


def test_anonymous_goes_to_login(anonymous_client):
    response = anonymous_client.get(DASHBOARD + LOIRE_2026)
    assert response.status_code == 302 and DASHBOARD in response["Location"]
    assert anonymous_client.get(reverse("evaluation:indicators_pdf")).status_code == 302


def test_others_are_refused(client, candidate, recruiter_b):
    client.force_login(candidate)
    assert client.get(DASHBOARD).status_code == 403
    client.force_login(recruiter_b)  # an entreprise, not a collectivité
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(reverse("evaluation:indicators_export", args=["offres", "csv"])).status_code == 403


def test_csv_export_parses_back(client, advisor, loire_offers):
    client.force_login(advisor)
    url = reverse("evaluation:indicators_export", args=["offres", "csv"]) + LOIRE_2026
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="indicateurs-departement-42-2026-offres.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Indicateur", "Unité", "Valeur"]
    by_label = {row[0]: row[2] for row in rows[1:]}
    assert by_label["Offres publiées"] == "3"
    assert by_label["Score de qualité moyen des offres rédigées avec l'assistant"] == "72"
    assert by_label["Délai médian pour pourvoir une offre"] == ""


def test_xlsx_export_of_the_targets_table(client, advisor, loire_offers):
    client.force_login(advisor)
    response = client.get(reverse("evaluation:indicators_export", args=["cibles", "xlsx"]) + LOIRE_2026)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Indicateur", "Unité", "Cible", "Réalisé", "Taux de réalisation (%)")
    assert rows[1] == ("Offres publiées", "nombre", 12, 3, 25)


def test_unknown_table_is_404(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("evaluation:indicators_export", args=["salaires", "csv"])).status_code == 404
    assert client.get(reverse("evaluation:indicators_export", args=["offres", "ods"])).status_code == 404


def test_report_page_and_pdf(client, advisor, loire_offers):
    client.force_login(advisor)
    page = client.get(reverse("evaluation:indicators_report") + LOIRE_2026)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rapport d'indicateurs : Loire (42)" in text and "Note de méthode" in text
    assert "Télécharger en PDF" in text
    response = client.get(reverse("evaluation:indicators_pdf") + LOIRE_2026)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="indicateurs-departement-42-2026.pdf"' in response["Content-Disposition"]


def test_advisor_space_links_to_the_indicators(client, advisor):
    client.force_login(advisor)
    page = client.get(reverse("accounts:space")).content.decode()
    assert "Indicateurs et études d'impact" in page and DASHBOARD in page
