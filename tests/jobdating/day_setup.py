"""A published job dating built through the services, for the agenda, day-of and outcome tests.

`BUILT_AT` is where tests that play the day pin the clock before building the world, and `hold`
moves it to the end of the event and marks it "tenu" (the services refuse it any earlier).

Three recruiters: Saint-Étienne Métropole (organisation A, 1 table, only slots 9 to 11 — the
scarce one everybody wants first), Menuiserie du Haut Nivernais (organisation B, 1 table) and
"Forges de l'Ondaine" (2 tables), six candidates (Inès Haddad, the `candidate` persona, first)
who all rank them A, B, then the Forges. 16 slots of 15 minutes from 9 h, slot 8 is a break, min
gap 1. Only three candidates can meet A: re-optimising has something to fill when one is absent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from emploi_territoires.jobdating import services_events, services_schedule
from emploi_territoires.jobdating.models import (
    CandidateRegistration,
    Event,
    EventStatus,
    Interview,
    RecruiterRegistration,
)
from emploi_territoires.jobdating.solver import SolveOptions
from tests.applications.factories import CandidateProfileFactory
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)
from tests.offers.factories import OfferFactory

FAST = SolveOptions(time_limit=3.0, num_workers=1, seed=7)
PARIS = ZoneInfo("Europe/Paris")
# Tests that go through the day pin the clock here first (a Monday): the event is a fortnight later,
# Monday 29 June 2026, 9 h to 13 h.
BUILT_AT = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS)
OTHER_NAMES = [
    ("Lucas", "Martin"),
    ("Aïcha", "Benkacem"),
    ("Jean-Baptiste", "Rousseau"),
    ("Samia", "Ould"),
    ("Noé", "Perrin"),
]


@dataclass
class DayWorld:
    event: Event
    rec_a: RecruiterRegistration
    rec_b: RecruiterRegistration
    rec_c: RecruiterRegistration
    ines: CandidateRegistration
    candidates: list[CandidateRegistration]


def fast_solver(settings) -> None:
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 3.0
    settings.JOBDATING_SEED = 7
    settings.JOBDATING_REOPTIMISE_SECONDS = 3.0


def published_world(advisor, organisation_a, organisation_b, candidate_user, *, publish: bool = True) -> DayWorld:
    from tests.factories import UserFactory

    event = EventFactory(advisors=[advisor])
    offer = OfferFactory(organisation=organisation_a, title="Chef de projet Petites villes de demain (F/H)")
    rec_a = RecruiterRegistrationFactory(
        event=event, organisation=organisation_a, availability=[[9, 11]], offers=[offer]
    )
    rec_b = RecruiterRegistrationFactory(event=event, organisation=organisation_b)
    rec_c = RecruiterRegistrationFactory(event=event, tables=2)
    CandidateProfileFactory(user=candidate_user)
    users = [candidate_user]
    for first, last in OTHER_NAMES:
        user = UserFactory(
            email=f"{first.lower()}.{last.lower()}@exemple.fr", first_name=first, last_name=last, kind="candidate"
        )
        CandidateProfileFactory(user=user)
        users.append(user)
    registrations = []
    for user in users:
        registration = CandidateRegistrationFactory(event=event, user=user)
        for rank, recruiter in enumerate((rec_a, rec_b, rec_c), start=1):
            WishFactory(candidate_registration=registration, recruiter_registration=recruiter, rank=rank)
        registrations.append(registration)
    run = services_schedule.start_schedule_run(event, actor=advisor)
    services_schedule.run_schedule(run.pk)
    run.refresh_from_db()
    services_schedule.accept_run(run, actor=advisor)
    event.refresh_from_db()
    if publish:
        services_events.publish_schedule(event, actor=advisor)
        event.refresh_from_db()
    return DayWorld(event, rec_a, rec_b, rec_c, registrations[0], registrations)


def active_schedule(event: Event) -> set[tuple[int, int, int, int]]:
    return {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services_schedule.schedule_interviews(event)
    }


def interviews_of(registration) -> list[Interview]:
    return list(services_schedule.schedule_interviews(registration.event).filter(candidate_registration=registration))


def hold(world: DayWorld, time_machine, advisor) -> DayWorld:
    """Move the clock to the end of the event's day, then mark it "tenu" through the services."""
    time_machine.move_to(world.event.ends_at + datetime.timedelta(minutes=30))
    world.event = services_events.transition_event(world.event, EventStatus.HELD, actor=advisor)
    return world
