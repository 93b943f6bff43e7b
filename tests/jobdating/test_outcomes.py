"""After the event: outcomes by the interview's recruiter only, one rating per candidate, the figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.applications.models import AuditEvent
from emploi_territoires.jobdating import services_events, services_outcomes
from emploi_territoires.jobdating.errors import JobDatingError, ValidationFailed
from emploi_territoires.jobdating.models import (
    EventRating,
    EventStatus,
    Interview,
    InterviewOutcome,
    InterviewStatus,
    RunKind,
    RunStatus,
    ScheduleRun,
)
from emploi_territoires.jobdating.services_outcomes import event_figures, rate_event, record_outcome
from tests.jobdating.day_setup import BUILT_AT, fast_solver, hold, interviews_of, published_world
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory, RecruiterRegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, time_machine, advisor, organisation_a, organisation_b, candidate):
    fast_solver(settings)
    time_machine.move_to(BUILT_AT)
    return published_world(advisor, organisation_a, organisation_b, candidate)


@pytest.fixture
def held(time_machine, advisor):
    return lambda world: hold(world, time_machine, advisor)


def interview_with(world, recruiter):
    return next(i for i in interviews_of(world.ines) if i.recruiter_registration_id == recruiter.pk)


def test_the_recruiter_of_the_interview_records_its_outcome(world, recruiter_a, member_a, held):
    held(world)
    interview = interview_with(world, world.rec_a)
    record_outcome(interview, InterviewOutcome.SECOND_INTERVIEW, actor=recruiter_a)
    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.SECOND_INTERVIEW and interview.status == InterviewStatus.HELD
    assert interview.outcome_recorded_by == recruiter_a and interview.outcome_recorded_at is not None
    # A colleague of the same organisation corrects it: the last answer counts, both are logged.
    record_outcome(interview, InterviewOutcome.HIRED, actor=member_a)
    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.HIRED
    assert [e.details["outcome"] for e in AuditEvent.objects.filter(action="jobdating_outcome").order_by("pk")] == [
        "second_interview",
        "hired",
    ]


def test_other_people_cannot_record_an_outcome(world, recruiter_b, advisor, candidate, held):
    held(world)
    interview = interview_with(world, world.rec_a)
    for actor in (recruiter_b, advisor, candidate):
        with pytest.raises(JobDatingError, match="Seuls les recruteurs"):
            record_outcome(interview, InterviewOutcome.HIRED, actor=actor)
    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.NONE


def test_outcome_bad_input_and_timing(world, recruiter_a, advisor, held):
    interview = interview_with(world, world.rec_a)
    with pytest.raises(JobDatingError, match="une fois l'entretien passé"):
        record_outcome(interview, InterviewOutcome.HIRED, actor=recruiter_a)  # the event is in a fortnight
    held(world)
    with pytest.raises(ValidationFailed):
        record_outcome(interview, "peut-être", actor=recruiter_a)
    interview.status = InterviewStatus.NO_SHOW
    interview.save(update_fields=["status"])
    with pytest.raises(JobDatingError, match="n'a pas eu lieu"):
        record_outcome(interview, InterviewOutcome.HIRED, actor=recruiter_a)


def test_no_outcome_before_the_interview_even_once_the_event_is_held(world, recruiter_a, advisor, time_machine):
    """The event is "tenu" from 9 h; an interview of 11 h 15 gets its outcome from 11 h 30 on."""
    event = world.event
    time_machine.move_to(event.slot_start(1))
    event = services_events.transition_event(event, EventStatus.HELD, actor=advisor)
    assert event.status == EventStatus.HELD
    interview = interview_with(world, world.rec_a)  # rec_a receives from slot 9 on, after the break
    label = {9: "11 h 15 à 11 h 30", 10: "11 h 30 à 11 h 45", 11: "11 h 45 à 12 h 00"}[interview.slot]
    end = event.slot_end(interview.slot)
    with pytest.raises(JobDatingError) as exc:
        record_outcome(interview, InterviewOutcome.HIRED, actor=recruiter_a)
    assert exc.value.message == (
        f"L'entretien du lundi 29 juin 2026 de {label} n'a pas encore eu lieu : "
        "la suite donnée s'indique une fois l'entretien passé."
    )
    # `at` is a parameter too: the same refusal one second before the end, none at the end.
    with pytest.raises(JobDatingError, match="n'a pas encore eu lieu"):
        record_outcome(interview, InterviewOutcome.HIRED, actor=recruiter_a, at=end - datetime.timedelta(seconds=1))
    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.NONE
    record_outcome(interview, InterviewOutcome.HIRED, actor=recruiter_a, at=end)
    interview.refresh_from_db()
    assert (interview.outcome, interview.outcome_recorded_at) == (InterviewOutcome.HIRED, end)


def test_the_outcomes_page_says_why_an_outcome_is_refused(client, world, recruiter_a, advisor, time_machine):
    time_machine.move_to(world.event.slot_start(1))
    services_events.transition_event(world.event, EventStatus.HELD, actor=advisor)
    interview = interview_with(world, world.rec_a)
    client.force_login(recruiter_a)
    url = reverse("jobdating:outcomes", args=[world.event.pk])
    page = client.get(url).content.decode()
    assert f'name="interview" value="{interview.pk}"' not in page  # no form before the interview
    response = client.post(url, {"interview": interview.pk, "outcome": "hired"}, follow=True)
    assert "n&#x27;a pas encore eu lieu" in response.content.decode()
    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.NONE


def test_a_candidate_rates_the_event_once(world, candidate, held):
    held(world)
    rating = rate_event(world.ines, "4", "Des échanges utiles, un peu d'attente à la table 2.", actor=candidate)
    assert (rating.score, rating.comment) == (4, "Des échanges utiles, un peu d'attente à la table 2.")
    with pytest.raises(JobDatingError, match="déjà donné votre avis"):
        rate_event(world.ines, 5, actor=candidate)
    assert EventRating.objects.get().score == 4


@pytest.mark.parametrize("score", [0, 6, "abc", "", None])
def test_rating_score_must_be_1_to_5(world, candidate, score, held):
    held(world)
    with pytest.raises(ValidationFailed) as error:
        rate_event(world.ines, score, actor=candidate)
    assert error.value.errors["score"] == ["Choisissez une note de 1 à 5."]
    assert not EventRating.objects.exists()


def test_rating_only_by_that_candidate_after_the_event_if_present(world, candidate, held):
    other = world.candidates[1]
    with pytest.raises(JobDatingError, match="une fois le job dating passé"):
        rate_event(world.ines, 5, actor=candidate)
    held(world)
    with pytest.raises(JobDatingError, match="Seule la personne inscrite"):
        rate_event(other, 5, actor=candidate)
    world.ines.no_show = True
    world.ines.save(update_fields=["no_show"])
    with pytest.raises(JobDatingError, match="pas présent"):
        rate_event(world.ines, 5, actor=candidate)


def test_figures_arithmetic_on_a_hand_made_event(django_assert_max_num_queries):
    """5 registered (1 absent) + 1 walk-in; 6 interviews: 1 absent, 1 cancelled, 4 held
    (2 with an outcome recorded, 1 scheduled and never marked, 1 hire); ratings 4 and 5."""
    event = EventFactory(status=EventStatus.HELD)
    recruiter = RecruiterRegistrationFactory(event=event, tables=2)
    registered = [CandidateRegistrationFactory(event=event) for _ in range(5)]
    registered[4].no_show = True
    registered[4].save(update_fields=["no_show"])
    walk_in = CandidateRegistrationFactory(event=event, walk_in=True)
    old = ScheduleRun.objects.create(event=event, status=RunStatus.DONE)
    run = ScheduleRun.objects.create(event=event, kind=RunKind.REOPTIMISE, status=RunStatus.DONE, accepted=True)
    rows = [
        (registered[0], 0, InterviewStatus.HELD, InterviewOutcome.SECOND_INTERVIEW),
        (registered[1], 0, InterviewStatus.HELD, InterviewOutcome.HIRED),
        (registered[2], 2, InterviewStatus.HELD, InterviewOutcome.NO_FOLLOW_UP),
        (registered[3], 2, InterviewStatus.SCHEDULED, InterviewOutcome.NONE),
        (registered[4], 4, InterviewStatus.NO_SHOW, InterviewOutcome.NONE),
        (walk_in, 6, InterviewStatus.CANCELLED, InterviewOutcome.NONE),
    ]
    for n, (registration, slot, status, outcome) in enumerate(rows):
        common = {"event": event, "candidate_registration": registration, "recruiter_registration": recruiter}
        Interview.objects.create(run=run, slot=slot, table=n % 2, status=status, outcome=outcome, **common)
        # The superseded run's copies must not count twice.
        Interview.objects.create(run=old, slot=slot, table=n % 2, status=status, outcome=outcome, **common)
    EventRating.objects.create(candidate_registration=registered[0], score=4)
    EventRating.objects.create(candidate_registration=registered[1], score=5, comment="Très bien organisé.")

    with django_assert_max_num_queries(4):
        figures = event_figures(event)

    assert figures == services_outcomes.EventFigures(
        registered=5,
        walk_ins=1,
        no_shows=1,
        no_show_rate=0.2,
        recruiters=1,
        interviews_held=4,
        second_interviews=1,
        hires=1,
        no_follow_up=1,
        outcomes_missing=1,
        ratings=2,
        average_rating=4.5,
    )


def test_figures_of_an_empty_event_have_no_rates():
    figures = event_figures(EventFactory())
    assert figures.no_show_rate is None and figures.average_rating is None and figures.interviews_held == 0
