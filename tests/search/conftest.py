"""Fixtures for the search tests: published offers indexed in the projection."""

from __future__ import annotations

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
