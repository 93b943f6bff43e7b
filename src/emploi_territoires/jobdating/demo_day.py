"""The past demo job dating's day, through the day-of and outcome services, at the times it happened.

`load_demo_day()` (called by `demo.loader.load_demo` after `load_demo_jobdating`) takes the past
event of `demo.py` (three weeks before the load day, schedule published the day before) and plays
its morning at 10 h (slot 4): candidates checked in from 8 h 45, two marked absent, one walk-in
(the next free name of `demo.PEOPLE`, who wants the Forges and Saint-Étienne Métropole), a
re-optimisation from slot 4 that gives the freed tables and the walk-in interviews. With
`hold=True` (the default) the event is marked « tenu » once its last slot is over, recruiters
record outcomes the following afternoon, and some candidates rate the event — so the figures page
has real numbers, dated when the event happened. Every call passes its moment (`now`, `at`): the
services refuse to hold an event before it starts or to record an outcome before its interview.
Idempotent: nothing happens once the demo event has a re-optimisation run.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from emploi_territoires.accounts.models import User

from . import services_day, services_events, services_outcomes, services_schedule
from .demo import ADVISOR_EMAIL, PAST_TITLE, email_of, walk_in_person
from .models import (
    CandidateRegistration,
    Event,
    EventStatus,
    InterviewOutcome,
    RecruiterRegistration,
    RunKind,
)

NOW_SLOT = 4  # 10 h: two interviews held, the third running
COMMENTS = [
    "Bien organisé : j'ai rencontré les trois entreprises que je visais.",
    "Un peu d'attente à l'accueil, mais des entretiens utiles.",
    "",
    "J'ai décroché un second entretien, merci !",
]


def walk_in_email() -> str:
    return email_of(*walk_in_person())


def load_demo_day(hold: bool = True, seed: int = 2026) -> int:
    """Play the past event's day; return the number of outcomes recorded (0 if it was already played)."""
    event = Event.objects.filter(title=PAST_TITLE, is_demo=True).first()
    if event is None or event.runs.filter(kind=RunKind.REOPTIMISE).exists():
        return 0
    advisor = User.objects.get(email=ADVISOR_EMAIL)
    rng = random.Random(seed)  # noqa: S311 - demo data
    if event.status == EventStatus.SCHEDULE_BUILT:
        event = services_events.publish_schedule(
            event, actor=advisor, now=event.slot_start(0) - datetime.timedelta(days=1)
        )
    morning = event.slot_start(NOW_SLOT)
    registrations = list(CandidateRegistration.objects.filter(event=event).select_related("user").order_by("pk"))
    absent = registrations[1:3]
    for n, registration in enumerate(registrations):
        if registration in absent:
            services_day.mark_no_show(registration, actor=advisor, at=morning, now_slot=NOW_SLOT)
        else:
            arrival = event.slot_start(0) - datetime.timedelta(minutes=15) + datetime.timedelta(minutes=n % 12)
            services_day.check_in(registration, actor=advisor, at=arrival)
    recruiters = list(RecruiterRegistration.objects.filter(event=event).order_by("pk"))
    first, last = walk_in_person()
    services_day.add_walk_in(
        event,
        actor=advisor,
        email=email_of(first, last),
        first_name=first,
        last_name=last,
        recruiter_ids=[r.pk for r in recruiters[:2]],
        at=morning,
        now_slot=NOW_SLOT,
    )
    services_day.reoptimise_from_now(event, actor=advisor, at=morning, now_slot=NOW_SLOT)
    if not hold:
        return 0
    over = event.ends_at + datetime.timedelta(minutes=15)
    event = services_events.transition_event(event, EventStatus.HELD, actor=advisor, now=over)
    recorded = 0
    outcomes = [InterviewOutcome.NO_FOLLOW_UP] * 6 + [InterviewOutcome.SECOND_INTERVIEW] * 3 + [InterviewOutcome.HIRED]
    next_afternoon = timezone.make_aware(
        datetime.datetime.combine(event.date + datetime.timedelta(days=1), datetime.time(15, 0))
    )
    for interview in services_schedule.schedule_interviews(event).select_related(
        "recruiter_registration__organisation"
    ):
        organisation = interview.recruiter_registration.organisation
        member = organisation.memberships.select_related("user").order_by("pk").first()
        if member is None or rng.random() < 0.2:  # some recruiters do not answer: outcomes missing
            continue
        services_outcomes.record_outcome(interview, rng.choice(outcomes), actor=member.user, at=next_afternoon)
        recorded += 1
    present = [r for r in registrations if r not in absent]
    for n, registration in enumerate(present[::3]):
        services_outcomes.rate_event(
            registration, rng.choice([3, 4, 4, 5, 5]), COMMENTS[n % len(COMMENTS)], actor=registration.user
        )
    return recorded
