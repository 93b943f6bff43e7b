"""The demo's day itself, on the demo job dating of `demo.py`, through the day-of and outcome services.

`load_demo_day()` (called by `core.demo.load_demo` after `load_demo_jobdating`) publishes the
retained schedule, then plays the morning as if it were 10 h (slot 4): most candidates checked in,
two marked absent, one walk-in (Nadia Bensaïd, who wants the Forges and Saint-Étienne Métropole),
a re-optimisation from slot 4 that gives the freed tables and the walk-in interviews. With
`hold=True` (the default) the event is then marked "tenu", recruiters record outcomes for the
interviews held, and some candidates rate the event — so the figures page has real numbers.
Idempotent: nothing happens once the demo event has a re-optimisation run.
"""

from __future__ import annotations

import random

from emploi_territoires.accounts.models import User

from . import services, services_day, services_outcomes
from .demo import ADVISOR_EMAIL, DEMO_DOMAIN, EVENT_TITLE
from .models import (
    CandidateRegistration,
    Event,
    EventStatus,
    InterviewOutcome,
    RecruiterRegistration,
    RunKind,
)

NOW_SLOT = 4  # 10 h: two interviews held, the third running
WALK_IN_EMAIL = f"nadia.bensaid@{DEMO_DOMAIN}"
COMMENTS = [
    "Bien organisé : j'ai rencontré les trois entreprises que je visais.",
    "Un peu d'attente à l'accueil, mais des entretiens utiles.",
    "",
    "J'ai décroché un second entretien, merci !",
]


def load_demo_day(hold: bool = True, seed: int = 2026) -> int:
    """Play the demo day; return the number of outcomes recorded (0 if it was already played)."""
    event = Event.objects.filter(title=EVENT_TITLE, is_demo=True).first()
    if event is None or event.runs.filter(kind=RunKind.REOPTIMISE).exists():
        return 0
    advisor = User.objects.get(email=ADVISOR_EMAIL)
    rng = random.Random(seed)  # noqa: S311 - demo data
    if event.status == EventStatus.SCHEDULE_BUILT:
        event = services.publish_schedule(event, actor=advisor)
    registrations = list(CandidateRegistration.objects.filter(event=event).select_related("user").order_by("pk"))
    absent = registrations[1:3]
    for registration in registrations:
        if registration in absent:
            services_day.mark_no_show(registration, actor=advisor, now_slot=NOW_SLOT)
        else:
            services_day.check_in(registration, actor=advisor)
    recruiters = list(RecruiterRegistration.objects.filter(event=event).order_by("pk"))
    services_day.add_walk_in(
        event,
        actor=advisor,
        email=WALK_IN_EMAIL,
        first_name="Nadia",
        last_name="Bensaïd",
        recruiter_ids=[r.pk for r in recruiters[:2]],
        now_slot=NOW_SLOT,
    )
    services_day.reoptimise_from_now(event, actor=advisor, now_slot=NOW_SLOT)
    if not hold:
        return 0
    event = services.transition_event(event, EventStatus.HELD, actor=advisor)
    recorded = 0
    outcomes = [InterviewOutcome.NO_FOLLOW_UP] * 6 + [InterviewOutcome.SECOND_INTERVIEW] * 3 + [InterviewOutcome.HIRED]
    for interview in services.schedule_interviews(event).select_related("recruiter_registration__organisation"):
        organisation = interview.recruiter_registration.organisation
        member = organisation.memberships.select_related("user").order_by("pk").first()
        if member is None or rng.random() < 0.2:  # some recruiters do not answer: outcomes missing
            continue
        services_outcomes.record_outcome(interview, rng.choice(outcomes), actor=member.user)
        recorded += 1
    present = [r for r in registrations if r not in absent]
    for n, registration in enumerate(present[::3]):
        services_outcomes.rate_event(
            registration, rng.choice([3, 4, 4, 5, 5]), COMMENTS[n % len(COMMENTS)], actor=registration.user
        )
    return recorded
