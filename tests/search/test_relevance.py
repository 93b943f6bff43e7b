"""Relevance of the board's search (search.ranking): the right offer first, on SQLite and PostgreSQL.

Realistic offers: the programme lead the platform exists for, among the « Chef … » posts that
share its words (the demo's complaint: « chef de projet » showed « Chef de groupe affrètement »,
« Chef de laboratoire en charcuterie » and « Chef de cuisine » above the only PVD lead).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from emploi_territoires.search import offers as search_module
from emploi_territoires.search.indexing import reindex_all
from emploi_territoires.search.offers import MAX_BROWSABLE, OfferSearchParams, Sort, search_offers
from emploi_territoires.search.params import parse_search
from emploi_territoires.search.vocabulary import Vocabulary, damerau_levenshtein
from tests.factories import CommuneFactory, OrganisationFactory, clamecy, nevers
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def refs(result) -> list[str]:
    return [hit.reference for hit in result.hits]


def search(**kwargs):
    return search_offers(OfferSearchParams(**kwargs))


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def chefs(publish_offer):
    """The PVD lead of Clamecy, published 40 days ago, and three newer « Chef … » offers whose
    texts speak of projects."""
    lead = publish_offer(
        title="Chef·fe de projet Petites villes de demain (F/H)",
        organisation=OrganisationFactory(commune=clamecy(), name="Mairie de Clamecy"),
        missions=(
            "La commune est lauréate du programme Petites villes de demain. Vous écrivez et mettez en œuvre le "
            "projet de revitalisation du centre-ville, coordonnez les actions et animez les comités de projet."
        ),
        published_at=days_ago(40),
    )
    others = [
        publish_offer(
            title="Chef de groupe affrètement (F/H)",
            missions="Vous pilotez les projets de développement de l'agence et négociez avec les transporteurs.",
            published_at=days_ago(1),
        ),
        publish_offer(
            title="Chef de laboratoire en charcuterie (F/H)",
            missions="Vous encadrez le laboratoire et participez au projet de nouvelle gamme de produits.",
            published_at=days_ago(2),
        ),
        publish_offer(
            title="Chef de cuisine (F/H)",
            missions="Vous dirigez la cuisine de l'EHPAD et participez au projet d'établissement.",
            published_at=days_ago(3),
        ),
    ]
    return lead, others


def test_chef_de_projet_puts_the_project_lead_above_other_chefs(chefs):
    lead, others = chefs
    result = search(text="chef de projet")
    assert result.sort == Sort.RELEVANCE
    assert refs(result)[0] == lead.reference
    assert set(refs(result)[1:]) == {o.reference for o in others}


@pytest.mark.parametrize("query", ["cheffe de projet", "chefs de projets", "Chef·fe de projet", "CHEF PROJET"])
def test_feminine_plural_and_inclusive_forms_find_the_same_lead(chefs, query):
    lead, _ = chefs
    assert refs(search(text=query))[0] == lead.reference


def test_acronyms_match_what_offers_write_out(chefs, publish_offer):
    lead, _ = chefs
    vta = publish_offer(
        title="Volontaire territorial en administration – ingénierie de projets (F/H)",
        missions="Vous aidez la commune de Vézelay à monter ses dossiers de subventions.",
    )
    assert refs(search(text="PVD")) == [lead.reference]
    assert refs(search(text="chef de projet PVD")) == [lead.reference]
    assert refs(search(text="VTA")) == [vta.reference]


def test_a_typo_is_corrected_against_the_indexed_words_and_said(chefs):
    lead, _ = chefs
    result = search(text="chef de projt")
    assert refs(result)[0] == lead.reference
    assert result.corrected == "chef de projet"
    # A word the offers use is never "corrected", even a rare one.
    assert search(text="charcuterie").corrected == ""


def test_feminine_title_words_fold_to_the_masculine(publish_offer):
    mission = publish_offer(title="Chargé de mission politique de la ville (F/H)", missions="Contrat de ville.")
    agent = publish_offer(title="Agent·e d'accueil (F/H)", missions="Accueil du public en mairie.")
    assert refs(search(text="chargée de mission")) == [mission.reference]
    assert refs(search(text="agente d'accueil")) == [agent.reference]


def test_exact_title_first_then_title_phrases_then_text_matches(publish_offer):
    in_text = publish_offer(
        title="Chargé·e de mission revitalisation (F/H)",
        missions="En lien avec le secrétaire de mairie, vous suivez les commerces.",
        published_at=days_ago(1),
    )
    longer = publish_offer(title="Secrétaire de mairie itinérant·e du Haut Nivernais (F/H)", published_at=days_ago(2))
    exact = publish_offer(title="Secrétaire de mairie (F/H)", published_at=days_ago(90))
    scattered = publish_offer(title="Secrétaire général·e de la mairie (F/H)", published_at=days_ago(3))
    assert refs(search(text="secrétaire de mairie")) == [
        exact.reference,
        longer.reference,
        scattered.reference,
        in_text.reference,
    ]


def test_an_old_exact_title_beyond_300_newer_matches_is_first(db):
    """Relevance used to rank only the 300 most recent matches: an older exact title never showed."""
    organisation = OrganisationFactory(commune=nevers())
    now = timezone.now()
    exact = OfferFactory(
        organisation=organisation,
        title="Directeur·rice général·e des services (F/H)",
        status="published",
        published_at=now - datetime.timedelta(days=200),
        closing_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    newer = [
        OfferFactory(
            organisation=organisation,
            title=f"Assistant·e de direction n° {i} (F/H)",
            missions="Vous assistez le directeur général des services dans la gestion des dossiers.",
            status="published",
            published_at=now - datetime.timedelta(hours=i + 1),
        )
        for i in range(320)
    ]
    reindex_all()
    result = search(text="directeur général des services")
    assert len(newer) == 320 and result.total == 321
    assert refs(result)[0] == exact.reference
    assert search(text="DGS").hits[0].reference == exact.reference
    # Every match can be paged through by relevance, not only the first few hundred.
    assert result.browsable_total == 321 <= MAX_BROWSABLE
    last_page = search(text="directeur général des services", offset=320, limit=20)
    assert len(last_page.hits) == 1 and last_page.hits[0].reference != exact.reference


def test_relevance_is_the_default_order_of_a_text_search_on_the_board(chefs, client):
    lead, others = chefs
    # What the board's form sends with the sort left on its default (empty) choice.
    parsed = parse_search({"q": "chef de projet", "sort": ""})
    assert parsed.params.effective_sort == Sort.RELEVANCE
    html = client.get("/offres/", {"q": "chef de projet"}).content.decode()
    assert html.index(lead.reference) < min(html.index(o.reference) for o in others)


def test_freshness_orders_equally_relevant_offers(publish_offer):
    older = publish_offer(title="Agent·e des espaces verts (F/H)", published_at=days_ago(30))
    newer = publish_offer(title="Agent·e des espaces verts (F/H)", published_at=days_ago(2))
    assert refs(search(text="agent des espaces verts")) == [newer.reference, older.reference]


def test_every_match_is_ranked_when_title_matches_do_not_fill_the_page(publish_offer):
    in_title = publish_offer(title="Juriste de la commande publique (F/H)", published_at=days_ago(50))
    in_text = [
        publish_offer(title=f"Acheteur·se n° {i} (F/H)", missions="Vous conseillez les services en commande publique.")
        for i in range(3)
    ]
    result = search(text="commande publique", limit=2)
    assert refs(result)[0] == in_title.reference and result.total == 4
    page_two = search(text="commande publique", limit=2, offset=2)
    assert len(in_text) == 3 and set(refs(result)[1:] + refs(page_two)) <= {o.reference for o in in_text}


# --- postcodes and commune names in the commune field -------------------------------------------------


def test_a_postcode_is_accepted_in_the_commune_field(publish_offer):
    in_clamecy = publish_offer(
        title="Cuisinier·ère en restauration scolaire (F/H)",
        organisation=OrganisationFactory(commune=clamecy()),
    )
    publish_offer(title="Cuisinier·ère (F/H)", organisation=OrganisationFactory(commune=nevers()))
    parsed = parse_search({"q": "cuisinier", "commune": "58500"})
    assert parsed.errors == {} and parsed.params.commune.name == "Clamecy"
    assert refs(search_offers(parsed.params)) == [in_clamecy.reference]
    assert parse_search({"commune": "Clamecy"}).params.commune.code == "58079"


def test_a_shared_postcode_takes_its_most_populous_commune_and_names_the_others(db):
    rodez = CommuneFactory(code="12202", name="Rodez", postcodes=["12000"], population=23_981)
    CommuneFactory(code="12176", name="Onet-le-Château", postcodes=["12000", "12850"], population=12_080)
    parsed = parse_search({"commune": "12000"})
    assert parsed.errors == {}
    assert parsed.params.commune == rodez
    assert "Onet-le-Château" in parsed.notes["commune"] and "Rodez" in parsed.notes["commune"]


def test_a_postcode_wins_over_the_insee_code_another_commune_has(db):
    # 15100 is Saint-Flour's postcode and the INSEE code of Laveissenet (postcode 15300).
    saint_flour = CommuneFactory(code="15187", name="Saint-Flour", postcodes=["15100"], population=6_391)
    CommuneFactory(code="15100", name="Laveissenet", postcodes=["15300"], population=137)
    assert parse_search({"commune": "15100"}).params.commune == saint_flour
    assert parse_search({"commune": "Laveissenet (15100)"}).params.commune.name == "Laveissenet"


# --- the pieces -----------------------------------------------------------------------------------------


def test_damerau_levenshtein_counts_a_transposition_once():
    assert damerau_levenshtein("urbansime", "urbanisme") == 1
    assert damerau_levenshtein("projt", "projet") == 1
    assert damerau_levenshtein("chef", "cuisine") == 3  # above the limit (2): limit + 1


def test_corrections_prefer_the_closest_then_the_most_frequent_term():
    vocab = Vocabulary({"projet": 40, "proje": 1, "police": 12, "policier": 9, "mairie": 5})
    assert vocab.corrections("projt") == ["projet", "proje"]
    assert vocab.corrections("polcier") == ["policier"]
    assert vocab.corrections("projet") == []  # present: kept as typed
    assert vocab.corrections("pvd") == []  # too short to guess


def test_the_title_tier_alone_answers_a_page_it_fills(chefs, monkeypatch, settings):
    """When title matches fill the page, text-only matches are not scored (search.offers._ranked_rows)."""
    settings.SEARCH_ENGINE = "database"  # the database's own query plan (CI also runs this file on tantivy)
    lead, _ = chefs
    calls = []
    original = search_module._ranked_sql

    def spy(q, limit, offset, *, title_only):
        calls.append(title_only)
        return original(q, limit, offset, title_only=title_only)

    monkeypatch.setattr(search_module, "_ranked_sql", spy)
    assert refs(search(text="chef de projet", limit=1)) == [lead.reference]
    assert calls == [True]
    calls.clear()
    search(text="projet", limit=20)
    assert calls == [True, False]


def test_a_stale_vocabulary_never_hides_an_offer(publish_offer, monkeypatch):
    """The vocabulary is cached per process: read before this offer was indexed (by another
    process), it lacks the offer's word; the word as typed is still searched."""
    from emploi_territoires.search import vocabulary

    offer = publish_offer(title="Animateur·rice agroécologie (F/H)", missions="Jardins partagés.")
    monkeypatch.setattr(vocabulary, "vocabulary", lambda: Vocabulary({"agroecologia": 3, "animateur": 8}))
    result = search(text="animateur agroécologie")
    assert refs(result) == [offer.reference]


def test_the_board_says_which_commune_a_shared_postcode_took_and_what_a_typo_became(publish_offer, client):
    rodez = CommuneFactory(code="12202", name="Rodez", postcodes=["12000"], population=23_981)
    CommuneFactory(code="12176", name="Onet-le-Château", postcodes=["12000", "12850"], population=12_080)
    offer = publish_offer(title="Technicien·ne voirie (F/H)", organisation=OrganisationFactory(commune=rodez))
    html = client.get("/offres/", {"q": "technicein", "commune": "12000"}).content.decode()
    assert offer.reference in html
    assert "la recherche porte sur Rodez, la plus peuplée (aussi : Onet-le-Château)" in html
    assert "Résultats pour « technicien » (orthographe corrigée de « technicein »)" in html


def test_a_large_vocabulary_is_never_read_inside_the_request(chefs, monkeypatch):
    """At national scale reading the vocabulary takes a minute: a thread does it, the request
    searches the words as typed meanwhile."""
    from emploi_territoires.search import vocabulary

    started = []
    monkeypatch.setattr(vocabulary, "LIVE_READ_MAX_DOCUMENTS", 2)
    monkeypatch.setattr(vocabulary, "_cache", {})
    monkeypatch.setattr(vocabulary, "_load_in_background", lambda key, alias: started.append(alias))
    result = search(text="chef de projt")
    assert started == ["default"]
    assert result.corrected == "" and result.hits == []
