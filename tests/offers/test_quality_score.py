"""The assistant's score is kept on the saved offer (the evaluation counts it) and follows its edits."""

import pytest

from emploi_territoires.offers import services
from emploi_territoires.offers.assistant.offers import analyse_offer
from emploi_territoires.offers.forms import OfferForm
from tests.offers.test_model_forms import valid_data


@pytest.fixture
def occupation(db):
    from tests.offers.factories import RomeOccupationFactory

    return RomeOccupationFactory()


def test_score_is_stored_on_create_and_follows_edits(organisation_a, recruiter_a, occupation):
    form = OfferForm(valid_data(), organisation=organisation_a)
    assert form.is_valid(), form.errors
    offer = services.create_offer(organisation_a, form.values(), actor=recruiter_a)
    offer.refresh_from_db()
    assert offer.quality_score == analyse_offer(offer).score
    first = offer.quality_score

    # An age limit is forbidden by the Code du travail: the score must drop, and be stored.
    services.update_offer(
        offer,
        {"profile": "Vous avez moins de 30 ans et un bac+5 en développement économique."},
        actor=recruiter_a,
    )
    offer.refresh_from_db()
    assert offer.quality_score < first
    assert offer.quality_score == analyse_offer(offer).score
