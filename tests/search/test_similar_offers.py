"""« Offres similaires » on an offer page (issue 18): same job words, nearby first, never the offer
itself, never a filled or closed one; the ROME occupation when titles are worded differently.

Clamecy (58) is the offer's commune; Nevers (58, about 60 km away) is nearer than Saint-Étienne (42).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from emploi_territoires.offers.models import OfferStatus
from emploi_territoires.search.indexing import index_offer
from emploi_territoires.search.similar import job_words, similar_offers
from tests.factories import OrganisationFactory, clamecy, nevers, saint_etienne
from tests.offers.factories import OfferFactory, RomeOccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(publish_offer):
    at = {
        "clamecy": OrganisationFactory(kind="collectivite", name="Commune de Clamecy", commune=clamecy()),
        "nevers": OrganisationFactory(kind="collectivite", name="Ville de Nevers", commune=nevers()),
        "saint_etienne": OrganisationFactory(
            kind="collectivite", name="Saint-Étienne Métropole", commune=saint_etienne()
        ),
    }
    offers = {
        "self": publish_offer(title="Chef·fe de projet Petites villes de demain (F/H)", organisation=at["clamecy"]),
        "far": publish_offer(title="Chef de projet Petites villes de demain", organisation=at["saint_etienne"]),
        "near": publish_offer(title="Cheffe de projet Action cœur de ville (F/H)", organisation=at["nevers"]),
        "other_job": publish_offer(title="Comptable (F/H)", organisation=at["nevers"], occupation=None),
        "filled": publish_offer(title="Chef de projet Petites villes de demain", organisation=at["nevers"]),
    }
    offers["filled"].status = OfferStatus.FILLED
    offers["filled"].save()
    index_offer(offers["filled"].pk)
    return offers


def test_same_job_nearby_first_never_itself_nor_a_filled_offer(world):
    similar = similar_offers(world["self"])
    assert [s.reference for s in similar] == [world["near"].reference, world["far"].reference]
    assert similar[0].distance_km is not None and similar[0].distance_km < 80
    assert similar[0].commune_name == "Nevers" and similar[0].employer_name == "Ville de Nevers"


def test_a_cached_list_drops_an_offer_filled_since(world):
    assert len(similar_offers(world["self"])) == 2
    world["near"].status = OfferStatus.FILLED
    world["near"].save()
    index_offer(world["near"].pk)
    assert [s.reference for s in similar_offers(world["self"])] == [world["far"].reference]


def test_an_offer_past_its_closing_date_is_not_proposed(world):
    world["near"].closing_date = timezone.localdate() - datetime.timedelta(days=1)
    world["near"].save()
    index_offer(world["near"].pk)
    assert [s.reference for s in similar_offers(world["self"])] == [world["far"].reference]


def test_the_occupation_finds_offers_worded_differently(world, publish_offer):
    occupation = RomeOccupationFactory(code="M1607", label="Secrétariat")
    secretary = publish_offer(
        title="Secrétaire de mairie (F/H)", organisation=OrganisationFactory(commune=clamecy()), occupation=occupation
    )
    assistant = publish_offer(
        title="Assistant·e administratif·ve", organisation=OrganisationFactory(commune=nevers()), occupation=occupation
    )
    assert [s.reference for s in similar_offers(secretary)] == [assistant.reference]


def test_the_offer_page_shows_them(client, world):
    page = client.get(world["self"].get_absolute_url()).content.decode()
    section = page[page.index('id="offres-similaires"') :]
    assert '<h2 id="similar-title">Offres similaires</h2>' in section
    assert section.index(world["near"].reference) < section.index(world["far"].reference)
    assert world["filled"].reference not in section and "Comptable" not in section
    # An offer with nothing similar has no section.
    alone = OfferFactory(title="Garde champêtre", status=OfferStatus.PUBLISHED, occupation=None)
    index_offer(alone.pk)
    assert 'id="offres-similaires"' not in client.get(alone.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Chef·fe de projet Petites villes de demain (F/H)", ["chef", "projet"]),
        ("Secrétaire de mairie H/F", ["secretaire", "mairie"]),
        ("CDD - Aide-soignant·e de nuit", ["aide", "soignant"]),
    ],
)
def test_job_words_skip_what_says_nothing_about_the_job(title, words):
    assert job_words(title)[:2] == words
