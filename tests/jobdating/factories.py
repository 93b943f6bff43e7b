"""Job-dating factories (shared by the events, registrations, schedule and day-of tests).

`EventFactory` builds "Job dating de l'industrie — Saint-Étienne": an event of the Territoire
d'industrie of Saint-Étienne Métropole, organised by the Apec, a fortnight from now, 16 slots of
15 minutes from 9 h (slot 8 is a break), min gap 1, registrations open until the day before.
Pass `status=EventStatus.DRAFT` etc. to change its state (no transition is logged: use the
services for that). Availability defaults to the whole day ([[0, slot_count − 1]]).
`CandidateRegistrationFactory` registers a candidate user with a profile (tests.applications).
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.jobdating.models import (
    CandidateRegistration,
    CandidateScreening,
    Event,
    EventStatus,
    RecruiterRegistration,
    ScreeningDecision,
    Wish,
)
from tests.applications.factories import CandidateProfileFactory
from tests.factories import OrganisationFactory, saint_etienne


def _event_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=14)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = "Job dating de l'industrie — Saint-Étienne"
    description = (
        "Rencontrez en un après-midi les entreprises et collectivités qui recrutent dans le Territoire "
        "d'industrie de Saint-Étienne Métropole : entretiens de 15 minutes, sans rendez-vous préalable."
    )
    commune = factory.LazyFunction(saint_etienne)
    address = "Cité du design, 3 rue Javelin-Pagnon, 42000 Saint-Étienne"
    date = factory.LazyFunction(_event_date)
    first_slot_time = datetime.time(9, 0)
    slot_minutes = 15
    slot_count = 16
    breaks = factory.LazyFunction(lambda: [8])
    min_gap = 1
    registration_deadline = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.date - datetime.timedelta(days=1), datetime.time(18)))
    )
    target_programmes = factory.LazyFunction(lambda: ["ti"])
    capacity = 60
    organiser = factory.SubFactory(OrganisationFactory, apec=True, commune=factory.LazyFunction(saint_etienne))
    status = EventStatus.REGISTRATION_OPEN

    @factory.post_generation
    def advisors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.advisors.set(extracted)


class RecruiterRegistrationFactory(DjangoModelFactory):
    class Meta:
        model = RecruiterRegistration
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.ENTREPRISE,
        name=factory.Sequence(lambda n: f"Forges de l'Ondaine {n}"),
        commune=factory.LazyFunction(saint_etienne),
    )
    tables = 1
    availability = factory.LazyAttribute(lambda o: [[0, o.event.slot_count - 1]])

    @factory.post_generation
    def offers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.offers.set(extracted)


class CandidateRegistrationFactory(DjangoModelFactory):
    class Meta:
        model = CandidateRegistration

    event = factory.SubFactory(EventFactory)
    user = factory.LazyFunction(lambda: CandidateProfileFactory().user)
    availability = factory.LazyAttribute(lambda o: [[0, o.event.slot_count - 1]])
    max_interviews = None


class WishFactory(DjangoModelFactory):
    class Meta:
        model = Wish

    candidate_registration = factory.SubFactory(CandidateRegistrationFactory)
    recruiter_registration = factory.SubFactory(
        RecruiterRegistrationFactory, event=factory.SelfAttribute("..candidate_registration.event")
    )
    rank = 1


class CandidateScreeningFactory(DjangoModelFactory):
    class Meta:
        model = CandidateScreening

    recruiter_registration = factory.SubFactory(RecruiterRegistrationFactory)
    candidate_registration = factory.SubFactory(
        CandidateRegistrationFactory, event=factory.SelfAttribute("..recruiter_registration.event")
    )
    decision = ScreeningDecision.ACCEPTED
