"""Application factories (shared by the profile, pipeline and matching tests).

`CandidateProfileFactory` builds the profile of a young project lead living in Saint-Étienne
(Loire), looking for a "chargé·e de mission développement économique" post within 30 km.
Pass `user=candidate` (the persona) in persona tests. `ApplicationFactory` builds an application
of a candidate to a published offer of a fictitious collectivité of the Loire; pass
`offer=OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)` for persona tests.
A closed status (hired, refused, withdrawn) gets `closed_at` set to now unless given.
"""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    CandidateProfile,
    Consent,
    DiplomaLevel,
    RemotePreference,
    Visibility,
)
from emploi_territoires.offers.models import OfferStatus
from tests.factories import UserFactory, saint_etienne
from tests.offers.factories import OfferFactory, RomeOccupationFactory


class CandidateUserFactory(UserFactory):
    kind = User.Kind.CANDIDATE


class CandidateProfileFactory(DjangoModelFactory):
    class Meta:
        model = CandidateProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(CandidateUserFactory)
    commune = factory.LazyFunction(saint_etienne)
    phone = "06 12 34 56 78"
    headline = "Chargée de mission développement économique"
    mobility_radius_km = 30
    skills = factory.LazyFunction(lambda: ["animation de réseau", "marchés publics", "gestion de projet"])
    experience_years = 3
    diploma_level = DiplomaLevel.LEVEL_7
    available_from = None
    remote_preference = RemotePreference.ANY
    languages = factory.LazyFunction(lambda: [{"code": "en", "level": "B2"}])
    summary = (
        "Titulaire d'un master en aménagement du territoire, j'ai accompagné pendant trois ans des entreprises "
        "du Forez dans leurs projets d'implantation."
    )
    visibility = Visibility.PRIVATE
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def wanted_occupations(obj, create, extracted, **kwargs):
        """`wanted_occupations=[...]` sets them; by default M1403 (chargé d'études socio-économiques)."""
        if not create:
            return
        obj.wanted_occupations.set(extracted if extracted is not None else [RomeOccupationFactory()])

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):
        # A profile exists only with the processing consent (see services_profile.PROFILE_CONSENT_VERSION).
        if create and extracted is not False:
            Consent.objects.create(user=obj.user, purpose=Consent.Purpose.PROFILE, text_version="2026-01")


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    offer = factory.SubFactory(OfferFactory, status=OfferStatus.PUBLISHED)
    organisation = factory.LazyAttribute(lambda o: o.offer.organisation)
    candidate = factory.SubFactory(CandidateUserFactory)
    message = (
        "Madame, Monsieur, votre offre correspond à mon expérience de trois ans auprès des entreprises du Forez ; "
        "je serais heureuse d'en parler avec vous."
    )
    status = ApplicationStatus.NEW
    status_changed_at = factory.LazyFunction(timezone.now)
    closed_at = factory.LazyAttribute(lambda o: timezone.now() if o.status in CLOSED_STATUSES else None)
