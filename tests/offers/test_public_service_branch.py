"""The versant of an offer (fonction publique territoriale, de l'État, hospitalière; issue 18).

Defaulted from the employer (collectivité: territoriale; ANCT or préfecture: État), editable in
the editor and the API, refused for a private employer, shown on the offer page and in JSON-LD.
"""

from __future__ import annotations

import pytest

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers import jsonld, services
from emploi_territoires.offers.api_tokens import create_token
from emploi_territoires.offers.forms import OfferForm
from emploi_territoires.offers.models import Offer, OfferStatus
from emploi_territoires.search.indexing import index_offer
from tests.factories import OrganisationFactory, clamecy, nevers
from tests.offers.factories import OfferFactory, RomeOccupationFactory
from tests.offers.test_api import API, bearer, new_offer_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def clamecy_town():
    RomeOccupationFactory()
    return OrganisationFactory(commune=clamecy(), kind=Organisation.Kind.COLLECTIVITE, name="Commune de Clamecy")


@pytest.fixture
def prefecture():
    return OrganisationFactory(commune=nevers(), kind=Organisation.Kind.ANCT, name="Préfecture de la Nièvre")


def test_the_editor_proposes_the_employers_versant(clamecy_town, prefecture):
    assert OfferForm(organisation=clamecy_town).fields["public_service_branch"].initial == "territoriale"
    assert OfferForm(organisation=prefecture).fields["public_service_branch"].initial == "etat"
    private = OrganisationFactory(name="Bureau d'études Morvan Ingénierie", commune=nevers())
    assert "public_service_branch" not in OfferForm(organisation=private).fields


def test_the_editor_keeps_a_chosen_versant_and_refuses_it_for_a_private_employer(clamecy_town):
    data = {
        "title": "Aide-soignant·e (F/H)",
        "occupation": "M1403",
        "commune": "58079",
        "contract_type": "fonctionnaire",
        "public_category": "C",
        "public_service_branch": "hospitaliere",
        "remote": "none",
        "positions": "1",
        "apply_method": "platform",
    }
    form = OfferForm(data, organisation=clamecy_town)
    assert form.is_valid(), form.errors
    offer = services.create_offer(clamecy_town, form.values(), actor=None)
    assert offer.public_service_branch == "hospitaliere"
    private = OrganisationFactory(name="Bureau d'études Morvan Ingénierie", commune=nevers())
    errors = services.validate_offer({**form.values(), "public_category": "", "contract_type": "cdi"}, private)
    assert errors["public_service_branch"] == [
        "Le versant de la fonction publique ne concerne que les employeurs publics."
    ]


def test_the_service_defaults_the_versant_from_the_organisation(clamecy_town, prefecture):
    values = {"title": "Chargé·e de mission (F/H)", "commune": clamecy(), "contract_type": "contractuel"}
    assert services.create_offer(clamecy_town, values, actor=None).public_service_branch == "territoriale"
    assert services.create_offer(prefecture, values, actor=None).public_service_branch == "etat"
    private = OrganisationFactory(name="Bureau d'études Morvan Ingénierie", commune=nevers())
    assert services.create_offer(private, values | {"contract_type": "cdi"}, actor=None).public_service_branch == ""


def test_the_api_defaults_accepts_and_filters_the_versant(client, clamecy_town, django_capture_on_commit_callbacks):
    _, key = create_token(clamecy_town, "Logiciel RH")
    with django_capture_on_commit_callbacks(execute=True):
        default = client.post(
            API, new_offer_payload(publish=True), content_type="application/json", headers=bearer(key)
        )
        hospital = client.post(
            API,
            new_offer_payload(publish=True, title="Aide-soignant·e (F/H)", public_service_branch="hospitaliere"),
            content_type="application/json",
            headers=bearer(key),
        )
        wrong = client.post(
            API,
            new_offer_payload(public_service_branch="militaire"),
            content_type="application/json",
            headers=bearer(key),
        )
    assert default.status_code == 201 and default.json()["public_service_branch"] == "territoriale"
    assert hospital.status_code == 201 and hospital.json()["public_service_branch"] == "hospitaliere"
    assert wrong.status_code == 422 and "Choix inconnu" in wrong.content.decode()
    found = client.get(API, {"versant": "hospitaliere"}).json()
    assert [r["reference"] for r in found["results"]] == [hospital.json()["reference"]]
    assert client.get(API, {"categorie": "Z"}).status_code == 422


def test_offer_page_and_json_ld_name_the_versant(client, prefecture):
    offer = OfferFactory(
        organisation=prefecture, title="Technicien·ne bâtiment (F/H)", status=OfferStatus.PUBLISHED, public_category="B"
    )
    index_offer(offer.pk)
    assert offer.public_service_branch == "etat"
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "<dt>Versant</dt><dd>Fonction publique de l&#x27;État</dd>" in page
    offer = Offer.objects.select_related("organisation", "commune__region", "occupation").get(pk=offer.pk)
    assert jsonld.job_posting(offer, "https://example.org/")["industry"] == "Fonction publique de l'État"
