"""Exports of published VTA offers (issue 16): schema.org JobPosting plus the scheme's fields in JSON,
the same facts in CSV; texts survive (accents, quotes, newlines); drafts and other contracts stay out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import LegalNature, Organisation
from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.territories.models import Commune
from tests.clock import paris
from tests.factories import OrganisationFactory, clamecy
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

MISSIONS = (
    "Vous conduisez le projet « Cœur de bourg » : diagnostic, dossiers de subvention (DETR, région).\n"
    'Le maire dit : "on compte sur vous" ; l\'équipe aussi.\n\n- pilotage des études\n- animation des partenaires'
)


@pytest.fixture
def vta_offers(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    Commune.objects.filter(code=clamecy().code).update(density_level=5)
    commune = Commune.objects.get(code="58079")
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE,
        name="Mairie de Clamecy",
        commune=commune,
        siren="215800798",
        legal_nature=LegalNature.COMMUNE,
    )
    common = {
        "organisation": mairie,
        "contract_type": ContractType.VTA,
        "contract_duration_months": 18,
        "weekly_hours": 35,
        "salary_min": 24_000,
        "salary_max": 26_000,
        "education_level": 7,
        "missions": MISSIONS,
    }
    title = "Volontaire territorial·e en administration — revitalisation (F/H)"
    published = OfferFactory(title=title, status=OfferStatus.PUBLISHED, **common)
    OfferFactory(title="Brouillon de VTA", status=OfferStatus.DRAFT, **common)
    OfferFactory(organisation=mairie, title="Agent·e d'accueil (F/H)", status=OfferStatus.PUBLISHED)
    return published


def test_json_feed_is_jobposting_plus_the_scheme(client, vta_offers, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vta:offers_json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert data["count"] == 1
    assert data["rules"]["aidEuros"] == 15_000 and data["rules"]["smicHourlyEuros"] == 12.02
    (posting,) = data["jobPostings"]
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Volontaire territorial·e en administration — revitalisation (F/H)"
    assert posting["identifier"]["value"] == vta_offers.reference
    assert posting["url"].endswith(vta_offers.get_absolute_url())
    assert posting["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert posting["educationRequirements"]["credentialCategory"] == "postgraduate degree"
    assert "« Cœur de bourg »" in posting["description"] and "&quot;on compte sur vous&quot;" in posting["description"]
    scheme = posting["volontariatTerritorialAdministration"]
    assert scheme["dureeMois"] == 18 and scheme["partTempsPlein"] == 100
    assert scheme["employeur"] == {
        "nom": "Mairie de Clamecy",
        "siren": "215800798",
        "natureJuridique": "commune",
        "communeInsee": "58079",
    }
    assert scheme["lieu"]["niveauDensite"] == 5 and scheme["lieu"]["niveauDensiteLibelle"] == "Bourgs ruraux"
    assert scheme["eligibilite"]["statut"] == "eligible"


def test_csv_keeps_the_text_and_neutralises_nothing_it_should_not(client, vta_offers):
    response = client.get(reverse("vta:offers_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="offres-vta.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 2
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["Référence"] == vta_offers.reference
    assert record["Missions"] == MISSIONS, "accents, quotes and newlines come back as written"
    assert record["Niveau de densité (Insee, 7 niveaux)"] == "5 Bourgs ruraux"
    assert record["Éligibilité"] == "éligible"
    assert (record["Durée (mois)"], record["Heures par semaine"], record["Part d'un temps plein (%)"]) == (
        "18",
        "35",
        "100",
    )


def test_exports_refuse_post(client, vta_offers):
    assert client.post(reverse("vta:offers_json")).status_code == 405
