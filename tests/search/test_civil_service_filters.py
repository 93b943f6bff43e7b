"""Catégorie, versant and « ouvert aux contractuels » filters of the one offer search (issue 18).

Real-sounding offers: a catégorie A « Chef·fe de projet Petites villes de demain » at Clamecy
(territoriale, contrat de projet), a catégorie B « Technicien·ne bâtiment » of the préfecture of
the Nièvre at Nevers (État, civil servants only), a catégorie C « Aide-soignant·e » of a hospital
at Nevers (hospitalière, « ouvert aux contractuels » in its text), and a private offer.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.models import ContractType, OfferStatus, PublicServiceBranch
from emploi_territoires.search.indexing import index_offer, open_to_contractuels, reindex_all
from emploi_territoires.search.models import OfferDocument
from emploi_territoires.search.offers import OfferSearchParams, count_offers, search_offers, widen_search
from emploi_territoires.search.params import parse_search, query_string
from tests.factories import OrganisationFactory, clamecy, nevers

pytestmark = pytest.mark.django_db


def refs(params: OfferSearchParams) -> set[str]:
    return {hit.reference for hit in search_offers(params).hits}


@pytest.fixture
def offers(publish_offer):
    return {
        "pvd": publish_offer(
            title="Chef·fe de projet Petites villes de demain (F/H)",
            organisation=OrganisationFactory(
                kind=Organisation.Kind.COLLECTIVITE, name="Commune de Clamecy", commune=clamecy()
            ),
            contract_type=ContractType.PROJECT,
            public_category="A",
        ),
        "prefecture": publish_offer(
            title="Technicien·ne bâtiment (F/H)",
            organisation=OrganisationFactory(
                kind=Organisation.Kind.ANCT, name="Préfecture de la Nièvre", commune=nevers()
            ),
            contract_type=ContractType.CIVIL_SERVANT,
            public_category="B",
            missions="Vous suivez l'entretien des bâtiments de l'État dans la Nièvre.",
            profile="Poste non ouvert aux contractuels : mutation ou détachement uniquement.",
        ),
        "hopital": publish_offer(
            title="Aide-soignant·e de nuit (F/H)",
            organisation=OrganisationFactory(
                kind=Organisation.Kind.COLLECTIVITE,
                name="Centre hospitalier de l'agglomération de Nevers",
                commune=nevers(),
            ),
            contract_type=ContractType.CIVIL_SERVANT,
            public_category="C",
            public_service_branch=PublicServiceBranch.HOSPITALIERE,
            profile="Titulaire du diplôme d'État d'aide-soignant. Poste ouvert aux contractuels.",
        ),
        "prive": publish_offer(
            title="Comptable (F/H)",
            organisation=OrganisationFactory(name="Cabinet Bourgogne Conseil", commune=nevers()),
            contract_type=ContractType.CDI,
        ),
    }


def test_the_projection_copies_category_branch_and_contractuels(offers):
    pvd = OfferDocument.objects.get(pk=offers["pvd"].pk)
    assert (pvd.public_category, pvd.public_service_branch, pvd.open_to_contractuels) == ("A", "territoriale", True)
    prefecture = OfferDocument.objects.get(pk=offers["prefecture"].pk)
    assert (prefecture.public_category, prefecture.public_service_branch) == ("B", "etat")
    assert prefecture.open_to_contractuels is False
    hopital = OfferDocument.objects.get(pk=offers["hopital"].pk)
    assert (hopital.public_service_branch, hopital.open_to_contractuels) == ("hospitaliere", True)
    prive = OfferDocument.objects.get(pk=offers["prive"].pk)
    assert (prive.public_category, prive.public_service_branch, prive.open_to_contractuels) == ("", "", False)
    assert "xka" in pvd.search_facets.split() and "xvterritoriale" in pvd.search_facets.split()
    assert "xo1" in hopital.search_facets.split() and "xo1" not in prefecture.search_facets.split()


@pytest.mark.parametrize("with_text", [False, True], ids=["filters only", "with a text (full-text index)"])
def test_filters_alone_together_and_with_a_text(offers, with_text):
    base = OfferSearchParams()
    if with_text:
        # A word every offer has: the full-text index (FTS5 MATCH / tsquery) then carries the filters.
        for offer in offers.values():
            offer.title = offer.title.replace("(F/H)", "— Nièvre (F/H)")
            offer.save()
            index_offer(offer.pk)
        base = OfferSearchParams(text="Nièvre")
        assert len(search_offers(base).hits) == 4
    assert refs(replace(base, public_categories=("A",))) == {offers["pvd"].reference}
    assert refs(replace(base, public_categories=("B", "C"))) == {
        offers["prefecture"].reference,
        offers["hopital"].reference,
    }
    assert refs(replace(base, branches=("etat",))) == {offers["prefecture"].reference}
    assert refs(replace(base, branches=("territoriale", "hospitaliere"))) == {
        offers["pvd"].reference,
        offers["hopital"].reference,
    }
    assert refs(replace(base, contractuels=True)) == {offers["pvd"].reference, offers["hopital"].reference}
    assert refs(replace(base, contractuels=True, public_categories=("C",))) == {offers["hopital"].reference}
    assert refs(replace(base, branches=("etat",), contractuels=True)) == set()
    assert count_offers(replace(base, branches=("hospitaliere",))) == 1


def test_the_board_query_string_round_trip(offers):
    parsed = parse_search({"categorie": ["a", "C"], "versant": ["FPT", "hospitalière"], "contractuels": "1"})
    assert parsed.errors == {}
    assert parsed.params.public_categories == ("A", "C")
    assert parsed.params.branches == ("territoriale", "hospitaliere")
    assert parsed.params.contractuels is True
    assert (
        query_string(parsed.params)
        == "categorie=A&categorie=C&versant=territoriale&versant=hospitaliere&contractuels=1"
    )
    assert parse_search({"categorie": "B,C"}).params.public_categories == ("B", "C")
    assert refs(parsed.params) == {offers["pvd"].reference, offers["hopital"].reference}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"categorie": "D"}, "categorie", "Catégorie inconnue : D. Valeurs possibles : A, B, C."),
        ({"versant": "militaire"}, "versant", "Versant inconnu : militaire."),
        ({"contractuels": "peut-être"}, "contractuels", "valeur attendue 1 (oui) ou 0 (indifférent)"),
    ],
)
def test_bad_values_are_left_out_with_a_french_message(offers, data, field, message):
    parsed = parse_search(data)
    assert message in parsed.errors[field]
    assert parsed.params.public_categories == () and parsed.params.branches == () and not parsed.params.contractuels
    assert len(search_offers(parsed.params).hits) == 4


def test_an_empty_filtered_search_offers_to_drop_each_new_filter(offers):
    params = OfferSearchParams(branches=("etat",), contractuels=True, public_categories=("B",))
    assert search_offers(params).total == 0
    labels = {s.label: s.count for s in widen_search(params)}
    assert labels["Y compris les postes réservés aux fonctionnaires"] == 1
    assert labels["Tous les versants"] == 0
    assert labels["Toutes les catégories"] == 0


def test_reindex_fills_the_new_columns(offers):
    OfferDocument.objects.update(public_category="", public_service_branch="", open_to_contractuels=False)
    assert reindex_all() == (4, 0)
    assert OfferDocument.objects.get(pk=offers["prefecture"].pk).public_service_branch == "etat"
    assert refs(OfferSearchParams(contractuels=True)) == {offers["pvd"].reference, offers["hopital"].reference}


def test_unpublished_offers_are_not_found_by_the_new_filters(offers):
    offers["hopital"].status = OfferStatus.FILLED
    offers["hopital"].save()
    index_offer(offers["hopital"].pk)
    assert refs(OfferSearchParams(branches=("hospitaliere",))) == set()


@pytest.mark.parametrize(
    ("contract", "text", "expected"),
    [
        ("contractuel", "", True),
        ("cdd", "", True),
        ("contrat_projet", "", True),
        ("vta", "", True),
        ("cdi", "", False),
        ("fonctionnaire", "Recrutement par voie statutaire ou, à défaut, par voie contractuelle.", True),
        ("fonctionnaire", "Cadre d'emplois des attachés territoriaux (titulaire ou contractuel).", True),
        ("fonctionnaire", "Poste accessible aux agents contractuels de droit public.", True),
        ("fonctionnaire", "Poste ouvert aux fonctionnaires uniquement.", False),
        ("fonctionnaire", "Poste non ouvert aux contractuels.", False),
        ("fonctionnaire", "Gestionnaire des contrats des agents contractuels.", False),
    ],
)
def test_open_to_contractuels_reads_the_contract_then_the_text(contract, text, expected):
    assert open_to_contractuels(contract, "Attaché·e territorial·e", text) is expected
