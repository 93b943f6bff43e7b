"""Fixtures for the search tests: published offers indexed in the projection."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def publish_offer(db):
    """Create a published offer (OfferFactory) and index it, as the publish signal would."""
    from emploi_territoires.offers.models import OfferStatus
    from emploi_territoires.search.indexing import index_offer
    from tests.offers.factories import OfferFactory

    def make(**fields):
        fields.setdefault("status", OfferStatus.PUBLISHED)
        offer = OfferFactory(**fields)
        index_offer(offer.pk)
        return offer

    return make


@pytest.fixture
def tantivy_engine(settings, tmp_path):
    """The search engine on (SEARCH_ENGINE = "tantivy"), its index in a temporary directory, built
    from the projection as it stands (empty or not); offers indexed afterwards follow by signal."""
    from emploi_territoires.search import engine

    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    engine.reset_readers()
    engine.build(rows=[])
    yield settings.SEARCH_INDEX_DIR
    engine.reset_readers()


@pytest.fixture(autouse=True)
def _engine_from_environment(request, settings, tmp_path):
    """CI runs these tests again with SEARCH_ENGINE=tantivy (.ci/run): each test then gets its own
    index (a fresh, empty one; the offers it publishes reach it through offer_changed)."""
    if os.environ.get("SEARCH_ENGINE") != "tantivy":
        yield
        return
    from emploi_territoires.search import engine

    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index-env"
    engine.reset_readers()
    engine.build(rows=[])
    yield
    engine.reset_readers()
