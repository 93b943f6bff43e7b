"""The conversation demo (issue 19): written through the services, idempotent."""

from __future__ import annotations

import pytest

from emploi_territoires.accounts.models import User
from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications.demo_conversation import load_demo_conversation
from emploi_territoires.applications.models import Interview, InterviewStatus, Message
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import UserFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_ines_gets_messages_and_a_confirmed_interview_once(time_machine, organisation_a, recruiter_a):
    time_machine.move_to(paris(2026, 12, 7, 9), tick=False)
    ines = UserFactory(
        email="candidate@demo.emploi-territoires.fr", first_name="Inès", last_name="Haddad", kind=User.Kind.CANDIDATE
    )
    CandidateProfileFactory(user=ines)
    offer = OfferFactory(
        organisation=organisation_a,
        status=OfferStatus.PUBLISHED,
        title="Chargé·e d'études plan local d'urbanisme intercommunal (F/H)",
    )
    services_pipeline.apply(offer, ines, "Bonjour")

    assert load_demo_conversation() == 1  # Yanis has no application here: skipped
    interview = Interview.objects.get()
    assert interview.status == InterviewStatus.CONFIRMED
    assert interview.chosen_slot.start == paris(2026, 12, 10, 10)
    assert list(Message.objects.values_list("side", flat=True)) == ["organisation", "candidate"]
    assert load_demo_conversation() == 0
    assert Interview.objects.count() == 1 and Message.objects.count() == 2
