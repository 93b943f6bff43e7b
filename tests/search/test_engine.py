"""The search engine beside the database (search.engine, SEARCH_ENGINE = "tantivy"), run for real.

Each test gets its own index directory (the `tantivy_engine` fixture): built by the same code as
`build_search_index`, updated by offers.signals.offer_changed (search.indexing.index_offer), read by
`search_offers`. The oracle: on the same offers, the engine and the database return the same pages,
in the same order, with the same totals.
"""

from __future__ import annotations

import datetime
import itertools
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus, PublicServiceBranch
from emploi_territoires.search import engine
from emploi_territoires.search.indexing import index_offer, reindex_all
from emploi_territoires.search.models import OfferDocument
from emploi_territoires.search.offers import OfferSearchParams, Sort, count_offers, search_offers
from emploi_territoires.search.params import parse_search
from tests.factories import OrganisationFactory, clamecy, nevers, saint_etienne
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

LABELLED = Path(__file__).resolve().parents[2] / "bench" / "data" / "search_relevance"


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def page(params: OfferSearchParams) -> tuple[list[str], int]:
    result = search_offers(params)
    return [hit.reference for hit in result.hits], result.total


def both(params: OfferSearchParams) -> tuple[tuple[list[str], int], tuple[list[str], int]]:
    """(database, engine) answers to the same search."""
    with override_settings(SEARCH_ENGINE="database"):
        database = page(params)
    return database, page(params)


@pytest.fixture
def varied(publish_offer):
    """Offers of the Nièvre and the Loire that differ by every filter the board has."""
    mairie_clamecy = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE, name="Mairie de Clamecy", commune=clamecy()
    )
    prefecture = OrganisationFactory(kind=Organisation.Kind.ANCT, name="Préfecture de la Nièvre", commune=nevers())
    garage = OrganisationFactory(kind=Organisation.Kind.ENTREPRISE, name="Garage Moreau", commune=nevers())
    metropole = OrganisationFactory(kind=Organisation.Kind.COLLECTIVITE, name="Saint-Étienne Métropole")
    offers = [
        publish_offer(
            title="Chef·fe de projet Petites villes de demain (F/H)",
            organisation=mairie_clamecy,
            contract_type=ContractType.PROJECT,
            missions="Vous pilotez le projet de revitalisation du centre-ville et animez le comité de projet.",
            published_at=days_ago(40),
        ),
        publish_offer(
            title="Secrétaire de mairie (F/H)",
            organisation=mairie_clamecy,
            contract_type=ContractType.CIVIL_SERVANT,
            public_category="B",
            missions="Accueil du public, état civil, budget et conseil municipal de la commune.",
            profile="Poste ouvert aux contractuels.",
            published_at=days_ago(3.5),
        ),
        publish_offer(
            title="Technicien·ne bâtiment (F/H)",
            organisation=prefecture,
            contract_type=ContractType.CIVIL_SERVANT,
            public_category="B",
            public_service_branch=PublicServiceBranch.ETAT,
            missions="Vous suivez l'entretien des bâtiments de l'État et les projets de rénovation énergétique.",
            salary_min=28_000,
            salary_max=33_000,
            published_at=days_ago(12),
        ),
        publish_offer(
            title="Mécanicien automobile (F/H)",
            organisation=garage,
            contract_type=ContractType.CDI,
            remote="none",
            missions="Entretien et réparation des véhicules, diagnostic électronique, relation client.",
            salary_min=24_000,
            salary_max=None,
            published_at=days_ago(0.2),
        ),
        publish_offer(
            title="Chargé·e de mission développement économique (F/H)",
            organisation=metropole,
            published_at=days_ago(75),
        ),
        publish_offer(
            title="Chef de projet renouvellement urbain (F/H)",
            organisation=metropole,
            contract_type=ContractType.PROJECT,
            missions="Vous conduisez le projet de renouvellement urbain du quartier de Montreynaud (QPV).",
            published_at=days_ago(200),
        ),
    ]
    return offers


def test_the_engine_answers_every_filter_and_order_as_the_database(tantivy_engine, varied):
    commune_clamecy = clamecy()
    searches = [
        OfferSearchParams(text="chef de projet"),
        OfferSearchParams(text="projet"),
        OfferSearchParams(text="secretaire mairie"),
        OfferSearchParams(text="PVD"),
        OfferSearchParams(text="batiment", contract_types=(ContractType.CIVIL_SERVANT,)),
        OfferSearchParams(text="projet", sort=Sort.DATE),
        OfferSearchParams(),
        OfferSearchParams(programme="pvd"),
        OfferSearchParams(departement="58"),
        OfferSearchParams(region="27", employer="private"),
        OfferSearchParams(epci="200067429"),
        OfferSearchParams(public_categories=("B",), contractuels=True),
        OfferSearchParams(branches=(PublicServiceBranch.ETAT,)),
        OfferSearchParams(salary_min=30_000),
        OfferSearchParams(salary_min=27_500),
        OfferSearchParams(published_since_days=7),
        OfferSearchParams(remote="partial"),
        OfferSearchParams(commune=commune_clamecy, radius_km=60),
        OfferSearchParams(commune=commune_clamecy, radius_km=60, sort=Sort.DATE),
        OfferSearchParams(text="projet", commune=commune_clamecy, radius_km=200),
        OfferSearchParams(text="projet", commune=commune_clamecy, radius_km=200, sort=Sort.DISTANCE),
        OfferSearchParams(commune=saint_etienne()),
        OfferSearchParams(text="chef", limit=2, offset=1),
    ]
    for params in searches:
        database, tantivy = both(params)
        assert tantivy == database, params
        with override_settings(SEARCH_ENGINE="database"):
            expected = count_offers(params)
        assert count_offers(params) == expected, params
    # Not a vacuous comparison: the searches find offers, in orders that differ.
    assert page(OfferSearchParams(text="chef de projet"))[0][0] == varied[0].reference
    assert page(OfferSearchParams(commune=commune_clamecy, radius_km=60))[0][:2] == [
        varied[1].reference,
        varied[0].reference,
    ]


def test_the_map_counts_the_engine_matches_as_the_database(tantivy_engine, varied):
    from emploi_territoires.search.mapping import offers_by_commune, offers_by_departement

    for params in (OfferSearchParams(), OfferSearchParams(text="projet"), OfferSearchParams(departement="58")):
        by_departement = offers_by_departement(params)
        by_commune = offers_by_commune(params)
        with override_settings(SEARCH_ENGINE="database"):
            assert by_departement == offers_by_departement(params)
            assert by_commune == offers_by_commune(params)
    assert offers_by_departement(OfferSearchParams(text="projet")) == {"58": 2, "42": 2}


def test_scores_are_the_database_scores(tantivy_engine, varied):
    """ranking.score_row (the engine's) and ranking.score_sql (the database's) give the same score."""
    params = OfferSearchParams(text="chef de projet urbain")
    with override_settings(SEARCH_ENGINE="database"):
        database = search_offers(replace(params, text="projet"))
    tantivy = search_offers(replace(params, text="projet"))
    assert [h.reference for h in tantivy.hits] == [h.reference for h in database.hits]
    assert len(database.hits) == 4
    for ours, theirs in zip(tantivy.hits, database.hits, strict=True):
        assert ours.score == pytest.approx(theirs.score, abs=1e-4)


def test_many_offers_with_the_same_words_are_paged_as_the_database_does(tantivy_engine, publish_offer):
    """Titles that tie on every word feature: freshness, to the second, decides (many candidates)."""
    organisation = OrganisationFactory(kind=Organisation.Kind.COLLECTIVITE, name="Mairie de Nevers", commune=nevers())
    titles = ["Agent·e d'entretien des espaces verts (F/H)", "Agent d'entretien (F/H)", "Agent·e polyvalent·e (F/H)"]
    for n in range(45):
        publish_offer(
            title=titles[n % 3],
            organisation=organisation,
            missions="Entretien des espaces verts et des bâtiments communaux." + (" Entretien du cimetière." * (n % 4)),
            published_at=days_ago(n * 0.37),
        )
    for offset in (0, 20, 40):
        database, tantivy = both(OfferSearchParams(text="agent entretien", limit=20, offset=offset))
        assert tantivy == database
        assert database[1] == 45  # the polyvalent agents have « entretien » in their text
    database, tantivy = both(OfferSearchParams(text="agent", limit=10, offset=30))
    assert tantivy == database
    assert len(database[0]) == 10


def test_freshness_periods_cover_every_day_once_newest_first():
    """The freshness buckets: days for the last week, aligned weeks, then aligned four weeks, with no
    gap or overlap back past the horizon, and each offer's own tokens name its period."""
    # 20,453 is 2025-12-31 (days since 1970-01-01); the others start a week and four weeks.
    for today in (20_453, 20_454, 20_455, 20_468, 20_475, 20_481):
        periods = engine._periods(today)
        assert periods[0][1] == today
        assert [first for first, last, _ in periods[:7]] == [today - age for age in range(7)]
        for (first, _, _), (_, last, _) in itertools.pairwise(periods):
            assert last == first - 1
        assert periods[-1][0] <= today - engine.FRESHNESS_HORIZON_DAYS
        for first, last, token in periods:
            days = range(first, last + 1)
            assert len(days) in (1, engine.WEEK, engine.MONTH)
            assert all(token in engine.period_tokens(day) for day in days)
        assert len(periods) < 45  # not one clause per day: 420 term lookups cost milliseconds


def test_phrases_are_bounded_by_the_pairs_of_adjacent_terms():
    assert engine.pairs("chef projet renouvellement urbain") == [
        "chef_projet",
        "projet_renouvellement",
        "renouvellement_urbain",
    ]
    assert engine.pairs("secretaire") == []


def test_a_full_build_ranks_offers_of_every_age_and_place_as_the_database(settings, tmp_path, publish_offer):
    """The order a full build adds offers in (BUILD_ORDER), the freshness periods of every width and
    the drivers of both tiers change how the engine reads its index, never what it answers."""
    towns = [clamecy(), nevers(), saint_etienne()]
    organisations = [
        OrganisationFactory(kind=Organisation.Kind.COLLECTIVITE, name=f"Mairie de {town.name}", commune=town)
        for town in towns
    ]
    ages = [0.1, 0.9, 2.5, 6.5, 7.5, 13, 30, 55, 57, 100, 250, 419, 421, 600]
    texts = [
        ("Chef·fe de projet Petites villes de demain (F/H)", "Vous pilotez le projet de revitalisation."),
        ("Chef de projet renouvellement urbain (F/H)", "Projet de renouvellement urbain du quartier."),
        ("Agent·e de développement local (F/H)", "Vous assistez le chef de projet et suivez chaque projet."),
        ("Secrétaire de mairie (F/H)", "Accueil, état civil ; lien avec le chef de projet revitalisation."),
    ]
    for n, age in enumerate(ages * 2):
        title, missions = texts[n % len(texts)]
        publish_offer(
            title=title,
            missions=missions + " Projet." * (n % 3),
            organisation=organisations[n % len(organisations)],
            published_at=days_ago(age + n * 0.01),
        )
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_INDEX_DIR = tmp_path / "full-build"
    engine.reset_readers()
    assert engine.build() == 2 * len(ages)
    origin = clamecy()
    searches = [
        OfferSearchParams(text="chef de projet"),
        OfferSearchParams(text="chef de projet", limit=5, offset=5),
        OfferSearchParams(text="projet"),
        OfferSearchParams(text="projet revitalisation"),
        OfferSearchParams(text="chef revitalisation"),
        OfferSearchParams(text="chef de projet", programme="pvd"),
        OfferSearchParams(text="chef de projet", commune=origin, radius_km=30),
        OfferSearchParams(text="projet", commune=origin, radius_km=100, sort=Sort.DISTANCE),
        OfferSearchParams(programme="pvd"),
    ]
    for params in searches:
        database, tantivy = both(params)
        assert tantivy == database, params
    # Not vacuous: the text-only matches (« chef revitalisation ») exist, ranked by freshness among equals.
    database, _ = both(OfferSearchParams(text="chef revitalisation"))
    assert database[1] == 14
    assert both(OfferSearchParams(text="chef de projet", commune=origin, radius_km=30))[0][1] == 10  # Clamecy only


def test_the_engine_follows_every_change_of_an_offer(tantivy_engine, publish_offer):
    offer = publish_offer(title="Animateur·rice périscolaire (F/H)", missions="Accueil des enfants le mercredi.")
    assert page(OfferSearchParams(text="animatrice"))[0] == [offer.reference]
    Offer.objects.filter(pk=offer.pk).update(title="Directeur·rice d'accueil de loisirs (F/H)")
    index_offer(offer.pk)
    assert page(OfferSearchParams(text="animatrice"))[0] == []
    assert page(OfferSearchParams(text="directrice loisirs"))[0] == [offer.reference]
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.FILLED)
    index_offer(offer.pk)
    assert page(OfferSearchParams(text="directrice loisirs")) == ([], 0)
    # The index holds no document for it any more (not merely hidden by the projection).
    searcher = engine.Searcher(engine.reader(), timezone.now())
    assert searcher.count(searcher.t.Query.term_query(searcher.schema, "id", offer.pk)) == 0


def test_a_missing_index_is_searched_in_the_database_with_a_log_line(settings, tmp_path, publish_offer, caplog):
    offer = publish_offer(title="Maître-nageur sauveteur (F/H)", missions="Surveillance du bassin.")
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    engine.reset_readers()
    with caplog.at_level(logging.WARNING, logger="emploi_territoires.search.offers"):
        assert page(OfferSearchParams(text="maitre nageur")) == ([offer.reference], 1)
        assert count_offers(OfferSearchParams(text="nageur")) == 1
    assert "search engine unavailable, searching the database" in caplog.text
    assert "build_search_index" in caplog.text


def test_a_stale_index_is_not_read_until_it_is_built_again(tantivy_engine, publish_offer, caplog):
    offer = publish_offer(title="Cuisinier·ère en restauration collective (F/H)", missions="Cuisine centrale.")
    (tantivy_engine / engine.STALE_FILE).write_text("2026-12-07T08:00:00")
    # Changed in the database only (as if the engine's write had failed): the database answers.
    OfferDocument.objects.filter(pk=offer.pk).update(search_title="cuisinier chef")
    with caplog.at_level(logging.WARNING, logger="emploi_territoires.search.offers"):
        assert page(OfferSearchParams(text="chef"))[0] == [offer.reference]
    assert "marked stale" in caplog.text
    call_command("build_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not (tantivy_engine / engine.STALE_FILE).exists()
    searcher = engine.Searcher(engine.reader(), timezone.now())
    assert searcher.count(searcher.t.Query.term_query(searcher.schema, "title", "chef")) == 1


def test_a_failed_write_marks_the_index_stale(tantivy_engine, publish_offer, caplog):
    publish_offer(title="Jardinier·ère (F/H)")
    current = engine._current_dir(tantivy_engine)
    (current / "VERSION").write_text("0")  # an index of another schema: the write must not touch it
    offer = publish_offer(title="Jardinier paysagiste (F/H)")
    assert (tantivy_engine / engine.STALE_FILE).exists()
    assert "index marked stale" in caplog.text
    assert page(OfferSearchParams(text="paysagiste"))[0] == [offer.reference]  # the database answers


def test_build_search_index_builds_a_new_generation_that_readers_pick_up(settings, tmp_path, publish_offer):
    first = publish_offer(title="Conseiller·ère numérique France services (F/H)")
    settings.SEARCH_ENGINE = "database"
    with pytest.raises(CommandError, match="SEARCH_ENGINE"):
        call_command("build_search_index")
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    engine.reset_readers()
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    call_command("build_search_index", stdout=Out())
    assert "1 offre(s) indexée(s)" in "".join(out)
    assert page(OfferSearchParams(text="conseiller numerique"))[0] == [first.reference]
    generation = engine._current_dir(settings.SEARCH_INDEX_DIR)
    # Rows written behind the engine's back (a bulk import), then a rebuild: the reader reopens.
    second = OfferFactory(
        title="Conseiller numérique itinérant (F/H)", status=OfferStatus.PUBLISHED, published_at=days_ago(1)
    )
    with override_settings(SEARCH_ENGINE="database"):
        index_offer(second.pk)
    assert page(OfferSearchParams(text="conseiller numerique"))[0] == [first.reference]
    reindex_all()
    assert engine._current_dir(settings.SEARCH_INDEX_DIR) != generation
    assert page(OfferSearchParams(text="conseiller numerique"))[0] == [second.reference, first.reference]


def _labelled_offers() -> list[dict]:
    with (LABELLED / "offers.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _labelled_queries() -> list[tuple]:
    sys.path.insert(0, str(LABELLED))
    try:
        from queries import QUERIES
    finally:
        sys.path.remove(str(LABELLED))
    return QUERIES


@pytest.mark.slow
def test_oracle_the_engine_ranks_the_labelled_set_as_the_database(cog, tantivy_engine):
    """bench/data/search_relevance: 524 offers, 209 queries typed as people type them (typos,
    acronyms, plurals, places): the first 20 offers and the totals are the same, in the same order."""
    from emploi_territoires.offers.models import RomeOccupation

    offers = _labelled_offers()
    romes = set(RomeOccupation.objects.values_list("code", flat=True))
    organisations: dict[tuple[str, str], Organisation] = {}
    for offer in offers:
        key = (offer["employer"], offer["commune"])
        if key not in organisations:
            kind = Organisation.Kind.COLLECTIVITE if offer["public"] else Organisation.Kind.ENTREPRISE
            organisations[key] = Organisation(name=offer["employer"], kind=kind, commune_id=offer["commune"])
    Organisation.objects.bulk_create(organisations.values())
    now = timezone.now()
    Offer.objects.bulk_create(
        Offer(
            organisation=organisations[offer["employer"], offer["commune"]],
            commune_id=offer["commune"],
            reference=f"REL-{n:05d}",
            title=offer["title"],
            occupation_id=offer["rome"] if offer["rome"] in romes else None,
            contract_type=offer["contract"],
            weekly_hours=35,
            missions=offer["missions"],
            profile=offer["profile"],
            benefits=offer["benefits"],
            status=OfferStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=offer["age_days"]),
            status_changed_at=now,
            closing_date=timezone.localdate() + datetime.timedelta(days=30),
        )
        for n, offer in enumerate(offers, 1)
    )
    reindex_all()  # the projection, then the engine's index (SEARCH_ENGINE = "tantivy")
    queries = _labelled_queries()
    assert len(queries) >= 200
    found = 0
    for _, query, _, commune in queries:
        data = {"q": query, **({"commune": commune} if commune else {})}
        params = parse_search(data).params
        database, tantivy = both(params)
        assert tantivy == database, query
        found += bool(database[0])
    assert found >= 200
