"""VTA eligibility (issue 16): the pure rule on plain facts (every route of the préfectures' texts),
the adapter on real communes and their real density levels, and the page « Êtes-vous éligible au
VTA ? » (own organisation, the public check, bad input in French, nothing written)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import LegalNature, Organisation
from emploi_territoires.offers.vta_scheme import scheme_for
from emploi_territoires.territories.models import Commune
from emploi_territoires.vta.eligibility import (
    CONDITIONAL,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    EligibilityFacts,
    Territory,
    assess,
    eligibility_for,
    infer_legal_nature,
)
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    clamecy,
    nevers,
)

SCHEME = scheme_for(datetime.date(2026, 12, 7))
RURAL_CC = Territory("200067429", "CC Haut Nivernais - Val d'Yonne", 0.91)
URBAN_EPCI = Territory("200054781", "Métropole du Grand Paris", 0.0)
NIEVRE = Territory("58", "Nièvre", 0.62)
SEINE_SAINT_DENIS = Territory("93", "Seine-Saint-Denis", 0.0)


def facts(**overrides) -> EligibilityFacts:
    values = {
        "organisation": "Mairie de Clamecy",
        "legal_nature": LegalNature.COMMUNE,
        "commune_code": "58079",
        "commune_name": "Clamecy",
        "commune_population": 3_544,
        "level": 5,
        "epci": RURAL_CC,
        "departement": NIEVRE,
    }
    return EligibilityFacts(**{**values, **overrides})


# --- the pure rule ----------------------------------------------------------------------------------


def test_a_rural_commune_is_eligible_with_its_grid_level():
    result = assess(facts(), SCHEME)
    assert (result.eligible, result.status, result.level, result.exception, result.route) == (
        True,
        ELIGIBLE,
        5,
        "",
        "",
    )
    assert result.reason == (
        "Clamecy est une commune rurale au sens de l'Insee : « Bourgs ruraux » "
        "(niveau 5 de la grille communale de densité)."
    )
    assert result.vintage == "VTA 2026 (dispositif reconduit)"


def test_saint_denis_is_told_why_not_and_where_to_turn():
    result = assess(
        facts(
            organisation="Mairie de Saint-Denis",
            commune_code="93066",
            commune_name="Saint-Denis",
            commune_population=150_000,
            level=1,
            epci=URBAN_EPCI,
            departement=SEINE_SAINT_DENIS,
            prefecture="Préfecture de la Seine-Saint-Denis",
        ),
        SCHEME,
    )
    assert (result.eligible, result.status, result.level) == (False, NOT_ELIGIBLE, 1)
    assert result.reason == (
        "Saint-Denis n'est pas une commune rurale au sens de l'Insee : « Grands centres urbains » "
        "(niveau 1 de la grille communale de densité)."
    )
    assert "PETR" in result.route and "syndicat mixte" in result.route
    assert "« Préfecture de la Seine-Saint-Denis » (délégué territorial de l'ANCT)" in result.route
    assert "Votre intercommunalité" not in result.route, "the Métropole du Grand Paris is not rural"


def test_an_urban_commune_of_a_rural_epci_is_sent_to_its_epci():
    result = assess(facts(commune_name="Cosne-Cours-sur-Loire", level=2, commune_population=25_000), SCHEME)
    assert not result.eligible
    assert "compte 25\u202f000 habitants (le seuil est 20\u202f000)" in result.reason
    assert result.route.startswith("Votre intercommunalité, CC Haut Nivernais - Val d'Yonne, est rurale")


def test_an_intermediate_commune_under_20000_in_a_rural_epci_is_the_exception():
    result = assess(facts(commune_name="Nevers", level=2, commune_population=19_999), SCHEME)
    assert (result.eligible, result.status) == (True, ELIGIBLE)
    assert result.exception == (
        "Commune de moins de 20\u202f000 habitants de densité intermédiaire dans un EPCI ou un département rural"
    )
    assert "l'intercommunalité rurale CC Haut Nivernais - Val d'Yonne" in result.reason
    # In an urban EPCI, the rural département is enough.
    in_dep = assess(facts(level=4, epci=Territory("1", "CA de Nevers", 0.3)), SCHEME)
    assert in_dep.eligible and "le département rural Nièvre" in in_dep.reason
    # Neither rural: refused, and said so.
    neither = assess(
        facts(level=4, epci=Territory("1", "CA de Nevers", 0.3), departement=Territory("58", "X", 0.4)), SCHEME
    )
    assert not neither.eligible and "ni son intercommunalité ni son département ne sont ruraux" in neither.reason


def test_an_epci_is_rural_when_most_of_its_population_lives_in_rural_communes():
    rural = assess(facts(organisation="CC Haut Nivernais - Val d'Yonne", legal_nature=LegalNature.EPCI), SCHEME)
    assert rural.eligible and "91 % de sa population vit dans des communes rurales" in rural.reason
    half = Territory("1", "CA de Nevers", 0.5)
    urban = assess(facts(organisation="CA de Nevers", legal_nature=LegalNature.EPCI, epci=half), SCHEME)
    assert not urban.eligible and "50 % seulement" in urban.reason and "PETR" in urban.route


def test_syndicat_mixte_association_and_petr_are_eligible_under_conditions():
    syndicat = assess(facts(organisation="Syndicat mixte du Pays Nivernais", legal_nature="syndicat_mixte"), SCHEME)
    assert (syndicat.eligible, syndicat.status) == (True, CONDITIONAL)
    assert "exclusivement aux communes et intercommunalités rurales" in syndicat.conditions[0]
    urban_seat = assess(
        facts(legal_nature="syndicat_mixte", level=1, epci=URBAN_EPCI, departement=SEINE_SAINT_DENIS), SCHEME
    )
    assert not urban_seat.eligible and "ni dans un département rural" in urban_seat.reason
    association = assess(facts(organisation="Les communes rurales associées", legal_nature="association"), SCHEME)
    assert association.status == CONDITIONAL and "postes mutualisés" in association.exception
    petr = assess(facts(organisation="PETR du Pays Bourgogne Nivernaise", legal_nature="petr"), SCHEME)
    assert petr.status == CONDITIONAL and "CRTE" in petr.exception


@pytest.mark.parametrize("nature", ["departement", "region", "etat", "entreprise", "syndicat_intercommunal"])
def test_other_employers_are_told_who_recruits(nature):
    result = assess(facts(legal_nature=nature), SCHEME)
    assert (result.eligible, result.status) == (False, NOT_ELIGIBLE)
    assert "il n'est pas ouvert à un employeur de nature" in result.reason
    assert "ce sont elles qui recrutent" in result.route


def test_missing_nature_or_grid_is_said_not_guessed():
    no_nature = assess(facts(legal_nature=""), SCHEME)
    assert no_nature.status == UNKNOWN and "Modifier l'organisation" in no_nature.route
    no_grid = assess(facts(level=None), SCHEME)
    assert no_grid.status == UNKNOWN and "import_density_grid" in no_grid.route


# --- the adapter, on real communes and levels (../shared/data/territoires/densite_communes.csv) ------


@pytest.fixture
def saint_denis() -> Commune:
    idf = RegionFactory(code="11", name="Île-de-France")
    return CommuneFactory(
        code="93066",
        name="Saint-Denis",
        siren="219300662",
        postcodes=["93200", "93210"],
        population=150_000,
        departement=DepartementFactory(code="93", name="Seine-Saint-Denis", region=idf),
        epci=EPCIFactory(siren="200054781", name="Métropole du Grand Paris", nature="METRO", population=7_000_000),
        density_level=1,
        in_ti=False,
        in_qpv=True,
        in_fs=True,
    )


@pytest.mark.django_db
def test_adapter_reads_the_commune_its_epci_and_departement():
    Commune.objects.filter(code=clamecy().code).update(density_level=5, siren="215800798")
    Commune.objects.filter(code=nevers().code).update(density_level=2)
    commune = Commune.objects.get(code="58079")
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE, name="Mairie de Clamecy", commune=commune, siren="215800798"
    )
    assert infer_legal_nature(mairie) == LegalNature.COMMUNE, "its SIREN is its commune's"
    result = eligibility_for(mairie, today=datetime.date(2026, 12, 7))
    assert (result.eligible, result.level, result.level_label) == (True, 5, "Bourgs ruraux")
    assert result.details[0] == (
        "Commune du siège : Clamecy (58079), 3\u202f544 habitants, « Bourgs ruraux » "
        "(niveau 5 de la grille communale de densité)"
    )
    assert "Intercommunalité (EPCI) — CC Haut Nivernais - Val d'Yonne : 100 % de la population en commune rurale" in (
        result.details
    )
    # Nevers (33,085) and Clamecy (3,544): 10 % of the Nièvre's population (of these two) is rural.
    assert "Département — Nièvre : 10 % de la population en commune rurale" in result.details

    cc = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE, name="CC Haut Nivernais - Val d'Yonne", commune=commune, siren="200067429"
    )
    assert infer_legal_nature(cc) == LegalNature.EPCI
    assert eligibility_for(cc).eligible


@pytest.mark.django_db
def test_adapter_names_the_prefecture_of_the_departement(saint_denis):
    OrganisationFactory(anct=True, name="Préfecture de la Seine-Saint-Denis", commune=saint_denis)
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE, name="Mairie de Saint-Denis", commune=saint_denis, siren="219300662"
    )
    result = eligibility_for(mairie)
    assert (result.eligible, result.level) == (False, 1)
    assert "« Préfecture de la Seine-Saint-Denis »" in result.route


# --- the page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_shows_the_organisation_eligibility_before_writing(client):
    Commune.objects.filter(code=clamecy().code).update(density_level=5)
    commune = Commune.objects.get(code="58079")
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE,
        name="Mairie de Clamecy",
        commune=commune,
        siren="215800798",
        legal_nature=LegalNature.COMMUNE,
    )
    member = MembershipFactory(organisation=mairie).user
    client.force_login(member)
    html = client.get(reverse("vta:eligibility")).content.decode()
    assert "<h1>Êtes-vous éligible au VTA ?</h1>" in html
    assert "Mairie de Clamecy : éligible au VTA" in html
    assert "« Bourgs ruraux » (niveau 5 de la grille communale de densité)" in html
    assert reverse("offers:create") + "?modele=vta" in html
    assert "12 à 18 mois" in html and "15\u202f000 €" in html


@pytest.mark.django_db
def test_public_check_for_saint_denis_and_bad_input(client, saint_denis):
    url = reverse("vta:eligibility")
    html = client.get(url, {"commune": "93066", "legal_nature": "commune"}).content.decode()
    assert "Commune à Saint-Denis (93066) : non éligible au VTA" in html
    assert "Ce que vous pouvez faire" in html
    bad = client.get(url, {"commune": "Atlantide", "legal_nature": "royaume"}).content.decode()
    assert "Commune inconnue" in bad
    assert "Choisissez la nature de la structure dans la liste." in bad
    assert "non éligible" not in bad
    assert Organisation.objects.count() == 0, "a check writes nothing"


@pytest.mark.django_db
def test_page_query_budget(client, saint_denis, django_assert_max_num_queries):
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE, name="Mairie de Saint-Denis", commune=saint_denis, siren="219300662"
    )
    client.force_login(MembershipFactory(organisation=mairie).user)
    # The organisation's answer and a public check: a few grouped queries each, never one per commune.
    with django_assert_max_num_queries(20):  # 19 measured
        html = client.get(reverse("vta:eligibility"), {"commune": "93066", "legal_nature": "epci"}).content.decode()
    assert "Mairie de Saint-Denis : non éligible au VTA" in html
    assert "Intercommunalité à fiscalité propre" in html and "0 % seulement" in html
