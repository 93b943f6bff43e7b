"""Registrations: recruiters, candidates, wishes and screening, with every bad input in French."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from emploi_territoires.jobdating import services_registrations
from emploi_territoires.jobdating.errors import JobDatingError, ValidationFailed
from emploi_territoires.jobdating.models import EventStatus, ScreeningDecision, Wish
from emploi_territoires.jobdating.validation import times_to_range, validate_availability
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.factories import UserFactory
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    # 16 slots of 15 minutes from 9 h: 9 h 00 – 13 h 00, slot 8 (11 h 00) is a break.
    return EventFactory()


def test_recruiter_registers_with_published_offers_tables_and_morning(event, recruiter_a, organisation_a):
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    registration = services_registrations.register_recruiter(
        event, actor=recruiter_a, organisation=organisation_a, offers=[offer], tables=2, availability=[[0, 7]]
    )
    assert list(registration.offers.all()) == [offer]
    assert registration.tables == 2 and registration.availability == [[0, 7]]
    assert registration.contact == recruiter_a


def test_recruiter_bad_inputs(event, recruiter_a, organisation_a, organisation_b):
    draft = OfferFactory(organisation=organisation_a, title="Chargé·e d'accueil (F/H)")
    other = OfferFactory(organisation=organisation_b, status=OfferStatus.PUBLISHED, title="Menuisier (F/H)")
    with pytest.raises(ValidationFailed) as exc:
        services_registrations.register_recruiter(
            event,
            actor=recruiter_a,
            organisation=organisation_a,
            offers=[draft, other],
            tables=11,
            availability=[[7, 3]],
        )
    assert exc.value.errors == {
        "offers": [
            "L'offre « Chargé·e d'accueil (F/H) » n'est pas une offre publiée de Saint-Étienne Métropole.",
            "L'offre « Menuisier (F/H) » n'est pas une offre publiée de Saint-Étienne Métropole.",
        ],
        "tables": ["Le nombre de tables doit être compris entre 1 et 10."],
        "availability": ["La plage de créneaux [7, 3] est inversée : le premier créneau vient après le dernier."],
    }
    with pytest.raises(JobDatingError, match="Seuls les membres de Saint-Étienne Métropole"):
        services_registrations.register_recruiter(event, actor=UserFactory(), organisation=organisation_a)


def test_recruiter_cannot_register_twice(event, recruiter_a, organisation_a):
    services_registrations.register_recruiter(event, actor=recruiter_a, organisation=organisation_a)
    with pytest.raises(JobDatingError) as exc:
        services_registrations.register_recruiter(event, actor=recruiter_a, organisation=organisation_a)
    assert exc.value.message == (
        "Saint-Étienne Métropole est déjà inscrite à ce job dating : modifiez son inscription."
    )


def test_registration_after_the_deadline_is_refused(recruiter_a, organisation_a):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(registration_deadline=yesterday)
    with pytest.raises(
        JobDatingError, match=r"^Les inscriptions sont closes depuis le .* \(date limite d'inscription\)\.$"
    ):
        services_registrations.register_recruiter(event, actor=recruiter_a, organisation=organisation_a)
    profile = CandidateProfileFactory()
    with pytest.raises(JobDatingError, match="Les inscriptions sont closes"):
        services_registrations.register_candidate(event, user=profile.user)


def test_registration_before_opening_is_refused(candidate):
    CandidateProfileFactory(user=candidate)
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(JobDatingError, match="ne sont pas ouvertes"):
        services_registrations.register_candidate(event, user=candidate)


def test_candidate_registers_for_the_morning(event, candidate):
    CandidateProfileFactory(user=candidate)
    start, end = datetime.time(9, 30), datetime.time(11, 0)
    first_last = times_to_range(event, start, end)
    assert first_last == [2, 7]
    registration = services_registrations.register_candidate(event, user=candidate, availability=[first_last, [6, 9]])
    assert registration.availability == [[2, 9]]  # merged


def test_availability_outside_the_event_hours(event):
    with pytest.raises(ValidationFailed) as exc:
        times_to_range(event, datetime.time(8, 0), datetime.time(12, 0))
    assert exc.value.errors["availability"] == [
        "Vos horaires (8 h 00 – 12 h 00) sortent de ceux de l'événement (9 h 00 – 13 h 00)."
    ]
    with pytest.raises(ValidationFailed, match=r"L'heure de fin \(9 h 00\) doit suivre l'heure de début \(11 h 00\)"):
        times_to_range(event, datetime.time(11, 0), datetime.time(9, 0))
    with pytest.raises(ValidationFailed, match="sort des horaires de l'événement"):
        validate_availability(event, [[10, 16]])


def test_candidate_without_profile_or_twice_or_over_capacity(candidate):
    event = EventFactory(capacity=1)
    with pytest.raises(JobDatingError, match="Complétez d'abord votre profil candidat"):
        services_registrations.register_candidate(event, user=candidate)
    CandidateProfileFactory(user=candidate)
    services_registrations.register_candidate(event, user=candidate)
    with pytest.raises(JobDatingError, match="déjà inscrit ou inscrite"):
        services_registrations.register_candidate(event, user=candidate)
    other = CandidateProfileFactory().user
    with pytest.raises(JobDatingError) as exc:
        services_registrations.register_candidate(event, user=other)
    assert exc.value.message == "Ce job dating est complet (1 place)."


def test_recruiter_account_cannot_register_as_candidate(event, recruiter_a):
    with pytest.raises(JobDatingError, match="depuis un compte candidat"):
        services_registrations.register_candidate(event, user=recruiter_a)


def test_wishes_are_ranked_and_compacted(event):
    registration = CandidateRegistrationFactory(event=event)
    forges, metropole, clinique = (RecruiterRegistrationFactory(event=event) for _ in range(3))
    services_registrations.set_wishes(registration, {metropole.pk: 1, clinique.pk: 3, forges.pk: 7})
    ranks = list(Wish.objects.filter(candidate_registration=registration).values_list("recruiter_registration", "rank"))
    assert ranks == [(metropole.pk, 1), (clinique.pk, 2), (forges.pk, 3)]


def test_wish_bad_inputs(event):
    registration = CandidateRegistrationFactory(event=event)
    here = RecruiterRegistrationFactory(event=event)
    elsewhere = RecruiterRegistrationFactory()  # another event
    other_here = RecruiterRegistrationFactory(event=event)
    with pytest.raises(ValidationFailed) as exc:
        services_registrations.set_wishes(registration, {here.pk: 1, other_here.pk: 1, elsewhere.pk: 2})
    assert exc.value.errors[""] == [
        "Le rang 1 est donné à plusieurs recruteurs : chaque rang ne sert qu'une fois.",
        "Vous avez choisi un recruteur qui ne participe pas à ce job dating.",
    ]
    with pytest.raises(ValidationFailed, match="Le rang doit être un nombre entre 1 et 12"):
        services_registrations.set_wishes(registration, {here.pk: 13})
    assert not Wish.objects.exists()


def test_screening_only_for_candidates_who_wished_the_recruiter(event, recruiter_a, organisation_a):
    recruiter = RecruiterRegistrationFactory(event=event, organisation=organisation_a)
    wish = WishFactory(recruiter_registration=recruiter, candidate_registration__event=event)
    screening = services_registrations.screen_candidate(
        recruiter, wish.candidate_registration, ScreeningDecision.PREFERRED, actor=recruiter_a
    )
    assert screening.decision == "preferred"
    services_registrations.screen_candidate(
        recruiter, wish.candidate_registration, ScreeningDecision.REFUSED, actor=recruiter_a
    )
    assert recruiter.screenings.get().decision == "refused"
    stranger = CandidateRegistrationFactory(event=event)
    with pytest.raises(JobDatingError, match="n'a pas demandé à vous rencontrer"):
        services_registrations.screen_candidate(recruiter, stranger, ScreeningDecision.ACCEPTED, actor=recruiter_a)


def test_recruiter_b_cannot_screen_for_organisation_a(event, recruiter_b, organisation_a):
    recruiter = RecruiterRegistrationFactory(event=event, organisation=organisation_a)
    wish = WishFactory(recruiter_registration=recruiter, candidate_registration__event=event)
    with pytest.raises(JobDatingError, match="Seuls les membres"):
        services_registrations.screen_candidate(
            recruiter, wish.candidate_registration, ScreeningDecision.REFUSED, actor=recruiter_b
        )
