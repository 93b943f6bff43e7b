"""Withdrawing a registration: free before the schedule is built (with a confirmation), refused after."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from emploi_territoires.jobdating import services_registrations
from emploi_territoires.jobdating.errors import JobDatingError
from emploi_territoires.jobdating.models import CandidateRegistration, EventStatus, RecruiterRegistration, Wish
from tests.applications.factories import CandidateProfileFactory
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(advisor):
    return EventFactory(advisors=[advisor])


@pytest.fixture
def ines(event, candidate):
    CandidateProfileFactory(user=candidate)
    return CandidateRegistrationFactory(event=event, user=candidate)


@pytest.fixture
def metropole(event, organisation_a, recruiter_a):
    return RecruiterRegistrationFactory(event=event, organisation=organisation_a, contact=recruiter_a)


def test_candidate_confirms_then_withdraws(client, event, ines, metropole):
    WishFactory(candidate_registration=ines, recruiter_registration=metropole, rank=1)
    client.force_login(ines.user)
    url = reverse("jobdating:candidate_withdraw", args=[event.pk])
    page = unescape(client.get(url).content.decode())
    assert "Confirmer la désinscription" in page
    assert CandidateRegistration.objects.filter(pk=ines.pk).exists()  # the GET only asks
    response = client.post(url, follow=True)
    assert "Vous n'êtes plus inscrit ou inscrite à ce job dating." in unescape(response.content.decode())
    assert not CandidateRegistration.objects.filter(pk=ines.pk).exists()
    assert not Wish.objects.filter(recruiter_registration=metropole).exists()


def test_after_the_schedule_is_built_the_candidate_is_sent_to_the_organiser(client, event, ines):
    event.status = EventStatus.SCHEDULE_BUILT
    event.save(update_fields=["status"])
    client.force_login(ines.user)
    url = reverse("jobdating:candidate_withdraw", args=[event.pk])
    page = unescape(client.get(url).content.decode())
    assert "Désinscription impossible" in page and "Prévenez l'organisateur" in page
    assert "Confirmer la désinscription" not in page
    response = client.post(url, follow=True)
    assert "Le planning des entretiens est déjà construit" in unescape(response.content.decode())
    assert CandidateRegistration.objects.filter(pk=ines.pk).exists()


def test_recruiter_withdraws_and_the_candidates_ranks_close_up(client, event, metropole, recruiter_a):
    other = RecruiterRegistrationFactory(event=event)
    candidate = CandidateRegistrationFactory(event=event)
    WishFactory(candidate_registration=candidate, recruiter_registration=metropole, rank=1)
    WishFactory(candidate_registration=candidate, recruiter_registration=other, rank=2)
    client.force_login(recruiter_a)
    url = reverse("jobdating:recruiter_withdraw", args=[event.pk])
    assert "l'inscription de Saint-Étienne Métropole" in unescape(client.get(url).content.decode())
    assert client.post(url).status_code == 302
    assert not RecruiterRegistration.objects.filter(pk=metropole.pk).exists()
    assert list(candidate.wishes.values_list("recruiter_registration_id", "rank")) == [(other.pk, 1)]


def test_recruiter_withdrawal_refused_once_published(event, metropole, recruiter_a):
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status"])
    with pytest.raises(JobDatingError, match="Prévenez l'organisateur"):
        services_registrations.withdraw_recruiter(metropole, actor=recruiter_a)
    assert RecruiterRegistration.objects.filter(pk=metropole.pk).exists()


def test_nobody_else_withdraws_someone(event, ines, metropole, recruiter_b, member_a):
    with pytest.raises(JobDatingError, match="Seule la personne inscrite"):
        services_registrations.withdraw_candidate(ines, actor=recruiter_b)
    with pytest.raises(JobDatingError, match="Seuls les membres de Saint-Étienne Métropole"):
        services_registrations.withdraw_recruiter(metropole, actor=recruiter_b)
    services_registrations.withdraw_recruiter(metropole, actor=member_a)  # any member of the organisation may
    assert not RecruiterRegistration.objects.filter(pk=metropole.pk).exists()


def test_withdraw_pages_per_persona(client, event, ines, metropole, recruiter_b, candidate):
    candidate_url = reverse("jobdating:candidate_withdraw", args=[event.pk])
    recruiter_url = reverse("jobdating:recruiter_withdraw", args=[event.pk])
    client.force_login(recruiter_b)  # organisation B is not registered
    assert client.get(recruiter_url).status_code in (403, 404)
    assert client.post(candidate_url).status_code in (403, 404)
    client.force_login(candidate)
    assert client.post(recruiter_url).status_code in (403, 404)
    client.logout()
    assert client.get(candidate_url).status_code == 302
    assert CandidateRegistration.objects.filter(pk=ines.pk).exists()
    assert RecruiterRegistration.objects.filter(pk=metropole.pk).exists()
