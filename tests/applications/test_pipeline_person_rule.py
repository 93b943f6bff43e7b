"""The applications list and history show the person only to who may read their profile (issue 20,
item 7): one rule (`permissions.viewable_candidate_ids`) for the profile page, the offer's board
and the application's page, retention included."""

from __future__ import annotations

import html as html_module

import pytest
from django.urls import reverse

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.models import ApplicationStatus
from emploi_territoires.applications.permissions import viewable_candidate_ids
from emploi_territoires.followup.services import open_followup
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import TEST_PASSWORD
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
MESSAGE = "Je connais chaque commerçant de la Grand'Rue de Saint-Étienne."


@pytest.fixture
def application(organisation_a, candidate, time_machine):
    time_machine.move_to(paris(2024, 3, 1))
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Manager de commerce (F/H)")
    CandidateProfileFactory(user=candidate, headline="Animatrice du commerce de proximité")
    return services.apply(offer, candidate, MESSAGE)


def page(client, user, url) -> tuple[int, str]:
    assert client.login(email=user.email, password=TEST_PASSWORD)
    response = client.get(url)
    return response.status_code, html_module.unescape(response.content.decode())


def board_url(application) -> str:
    return reverse("applications:offer_applications", args=[application.offer.reference])


def profile_url(candidate) -> str:
    return reverse("applications:candidate_detail", args=[candidate.pk])


def test_advisor_of_the_territory_not_following_the_person_sees_no_name_on_the_board(
    client, advisor, application, candidate
):
    assert page(client, advisor, profile_url(candidate))[0] == 404
    status, board = page(client, advisor, board_url(application))
    assert status == 200 and "Candidature anonymisée" in board
    assert "Inès Haddad" not in board and "Animatrice du commerce" not in board
    status, detail = page(client, advisor, reverse("applications:detail", args=[application.pk]))
    assert status == 200 and "Inès Haddad" not in detail and MESSAGE not in detail
    assert "par la personne candidate" in detail


def test_the_advisor_the_person_chose_sees_the_name(client, advisor, application, candidate):
    open_followup(advisor, candidate, consent_recorded=True)  # issue 15: the person's follow-up group
    assert page(client, advisor, profile_url(candidate))[0] == 200
    _status, board = page(client, advisor, board_url(application))
    assert "Inès Haddad" in board and "Animatrice du commerce" in board


def test_after_the_retention_the_history_and_message_lose_the_person(
    client, recruiter_a, application, candidate, time_machine
):
    services.transition_application(
        application, ApplicationStatus.REFUSED, actor=recruiter_a, reason="other", message="Bonjour Inès, merci."
    )
    status, detail = page(client, recruiter_a, reverse("applications:detail", args=[application.pk]))
    assert "Inès Haddad" in detail and MESSAGE in detail  # within the 24 months

    time_machine.move_to(paris(2026, 3, 2))  # closed 24 months and a day ago
    assert viewable_candidate_ids(recruiter_a, [candidate.pk]) == set()
    assert page(client, recruiter_a, profile_url(candidate))[0] == 404
    status, detail = page(client, recruiter_a, reverse("applications:detail", args=[application.pk]))
    assert status == 200
    assert "Inès Haddad" not in detail and MESSAGE not in detail and "Bonjour Inès" not in detail
    assert "candidature envoyée, par la personne candidate" in detail
    _status, board = page(client, recruiter_a, board_url(application))
    assert "Inès Haddad" not in board and "Candidature anonymisée" in board
