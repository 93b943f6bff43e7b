import pytest

from tests.jobdating.factories import CandidateScreeningFactory, EventFactory, WishFactory

pytestmark = pytest.mark.django_db


def test_factories_build_a_coherent_event():
    wish = WishFactory(rank=2)
    assert wish.recruiter_registration.event == wish.candidate_registration.event
    assert wish.candidate_registration.availability == [[0, 15]]
    screening = CandidateScreeningFactory()
    assert screening.candidate_registration.event == screening.recruiter_registration.event
    event = EventFactory()
    assert event.slot_label(0) == "9 h 00 – 9 h 15"
    assert 8 not in event.working_slots and len(event.working_slots) == 15
