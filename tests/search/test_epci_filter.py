"""The intercommunality (EPCI) filter of the one offer search: what a territory page links to.

Real territories: Clamecy (58079) in the CC Haut Nivernais - Val d'Yonne (200067429), Nevers (58194)
in the CA de Nevers (245804406), both in the Nièvre; Saint-Étienne in Saint-Étienne Métropole.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from emploi_territoires.search.offers import OfferSearchParams, count_offers, search_offers, widen_search
from emploi_territoires.search.params import parse_search, query_string
from tests.factories import OrganisationFactory, clamecy, nevers, saint_etienne

pytestmark = pytest.mark.django_db

HAUT_NIVERNAIS = "200067429"


def refs(params: OfferSearchParams) -> set[str]:
    return {hit.reference for hit in search_offers(params).hits}


@pytest.fixture
def offers(publish_offer):
    return {
        "clamecy": publish_offer(
            title="Chef de projet Petites villes de demain (F/H)", organisation=OrganisationFactory(commune=clamecy())
        ),
        "nevers": publish_offer(
            title="Chef de projet Action cœur de ville (F/H)", organisation=OrganisationFactory(commune=nevers())
        ),
        "saint_etienne": publish_offer(organisation=OrganisationFactory(commune=saint_etienne())),
    }


def test_epci_filter_keeps_the_offers_of_its_communes_only(offers):
    assert refs(OfferSearchParams(epci=HAUT_NIVERNAIS)) == {offers["clamecy"].reference}
    assert refs(OfferSearchParams(epci="245804406")) == {offers["nevers"].reference}
    assert count_offers(OfferSearchParams(epci=HAUT_NIVERNAIS)) == 1
    # With a text (the full-text index drives the query) and with another filter.
    assert refs(OfferSearchParams(epci=HAUT_NIVERNAIS, text="chef de projet")) == {offers["clamecy"].reference}
    assert refs(OfferSearchParams(epci=HAUT_NIVERNAIS, departement="58")) == {offers["clamecy"].reference}
    assert refs(OfferSearchParams(epci="245804406", text="petites villes")) == set()


def test_query_string_round_trip_by_siren_or_by_name(offers):
    parsed = parse_search({"epci": HAUT_NIVERNAIS})
    assert parsed.errors == {}
    assert parsed.params.epci == HAUT_NIVERNAIS
    assert query_string(parsed.params) == f"epci={HAUT_NIVERNAIS}"
    # A picker accepts names: the parser resolves it through the territory search, and writes the SIREN.
    by_name = parse_search({"epci": "CC Haut Nivernais"})
    assert by_name.errors == {}
    assert by_name.params.epci == HAUT_NIVERNAIS


@pytest.mark.parametrize("value", ["999999999", "Communauté imaginaire"])
def test_unknown_epci_is_named_in_french_and_the_filter_dropped(offers, value):
    parsed = parse_search({"epci": value})
    assert "Aucun territoire (intercommunalité) ne correspond" in parsed.errors["epci"]
    assert parsed.params.epci == ""


def test_an_empty_epci_search_suggests_all_intercommunalities(offers):
    params = OfferSearchParams(epci=HAUT_NIVERNAIS, text="cœur de ville")
    assert refs(params) == set()
    suggestions = {s.label: s for s in widen_search(params)}
    assert suggestions["Toutes les intercommunalités"].count == 1
    assert suggestions["Toutes les intercommunalités"].params == replace(params, epci="")


def test_the_board_filters_on_the_epci_and_shows_it_as_a_box_to_untick(client, offers):
    html = client.get("/offres/", {"epci": HAUT_NIVERNAIS}).content.decode()
    assert offers["clamecy"].reference in html
    assert offers["nevers"].reference not in html and offers["saint_etienne"].reference not in html
    assert 'id="board-epci" name="epci" value="200067429" checked' in html
    assert "Intercommunalité : CC Haut Nivernais - Val d&#x27;Yonne" in html
