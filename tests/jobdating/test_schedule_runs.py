"""Schedule runs from the registrations: the instance, the background task, progress, acceptance."""

from __future__ import annotations

import pytest

from emploi_territoires.jobdating import services_events, services_schedule
from emploi_territoires.jobdating.errors import JobDatingError, ValidationFailed
from emploi_territoires.jobdating.models import (
    EventStatus,
    EventTransition,
    Interview,
    RunStatus,
    ScheduleRun,
    ScreeningDecision,
)
from emploi_territoires.jobdating.solver import Interview as SolverInterview
from emploi_territoires.jobdating.solver import SolveOptions, check_schedule
from emploi_territoires.jobdating.solver_adapter import build_instance
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    CandidateScreeningFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_solver(settings):
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 3.0
    settings.JOBDATING_SEED = 7


@pytest.fixture
def event(advisor):
    """6 recruiters (two with 2 tables, one only in the morning), 14 candidates, 3 to 5 wishes each."""
    event = EventFactory(advisors=[advisor], min_gap=1)
    recruiters = [
        RecruiterRegistrationFactory(
            event=event, tables=2 if n < 2 else 1, availability=[[0, 7]] if n == 5 else [[0, 15]]
        )
        for n in range(6)
    ]
    for n in range(14):
        candidate = CandidateRegistrationFactory(event=event, availability=[[0, 9]] if n % 4 == 0 else [[0, 15]])
        for rank in range(1, 3 + n % 3 + 1):
            WishFactory(candidate_registration=candidate, recruiter_registration=recruiters[(n + rank) % 6], rank=rank)
    return event


def test_instance_weights_follow_rank_and_screening(event):
    wish = event.candidate_registrations.first().wishes.get(rank=1)
    CandidateScreeningFactory(
        recruiter_registration=wish.recruiter_registration,
        candidate_registration=wish.candidate_registration,
        decision=ScreeningDecision.PREFERRED,
    )
    refused = event.candidate_registrations.first().wishes.get(rank=2)
    CandidateScreeningFactory(
        recruiter_registration=refused.recruiter_registration,
        candidate_registration=refused.candidate_registration,
        decision=ScreeningDecision.REFUSED,
    )
    instance = build_instance(event)
    weights = instance.weights()
    assert weights[(wish.candidate_registration_id, wish.recruiter_registration_id)] == 36  # 12 × 3
    assert (refused.candidate_registration_id, refused.recruiter_registration_id) not in weights
    assert len(instance.recruiters) == 6 and len(instance.candidates) == 14
    # Slot 8 is the break: nobody is available then.
    assert instance.recruiters[0].available == ((0, 7), (9, 15))
    assert instance.candidates[0].available == ((0, 7), (9, 9))


def test_no_show_candidates_are_left_out(event):
    gone = event.candidate_registrations.first()
    wishes_before = build_instance(event).wishes
    assert len(wishes_before) == 55 and sum(w.candidate == gone.pk for w in wishes_before) == 3
    gone.no_show = True
    gone.save(update_fields=["no_show"])
    instance = build_instance(event)
    assert gone.pk not in {c.id for c in instance.candidates}
    # Exactly the absent candidate's three wishes are gone; the 52 others stay.
    assert list(instance.wishes) == [w for w in wishes_before if w.candidate != gone.pk]
    assert len(instance.wishes) == 52
    assert all(w.candidate != gone.pk for w in instance.wishes)


def test_a_run_builds_a_valid_schedule_from_the_registrations(event, advisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services_schedule.start_schedule_run(event, actor=advisor, max_interviews=3)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.options["num_workers"] == 1 and run.options["max_interviews"] == 3
    instance = build_instance(event)
    interviews = [
        SolverInterview(i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in Interview.objects.filter(run=run)
    ]
    assert interviews
    assert check_schedule(instance, interviews, SolveOptions(max_interviews=3)) == []
    assert run.score == sum(i.weight for i in Interview.objects.filter(run=run))
    assert run.bound >= run.score
    assert run.gap == pytest.approx((run.bound - run.score) / run.bound)
    assert run.progress["phase"] == "done"
    assert run.progress["messages"][0].startswith("Première réponse (glouton) : ")
    assert "de la meilleure valeur possible" in run.progress["messages"][-1]
    assert not any(i.slot == 8 for i in interviews)  # the break


def test_at_least_one_interview_option(event, advisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services_schedule.start_schedule_run(event, actor=advisor, at_least_one=True, max_interviews=1)
    run.refresh_from_db()
    seen = set(Interview.objects.filter(run=run).values_list("candidate_registration", flat=True))
    assert seen == set(event.candidate_registrations.values_list("pk", flat=True))


def test_accepting_a_run_builds_the_schedule_then_publish(event, advisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services_schedule.start_schedule_run(event, actor=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        second = services_schedule.start_schedule_run(event, actor=advisor, at_least_one=True)
    services_schedule.accept_run(first, actor=advisor)
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULE_BUILT
    transition = EventTransition.objects.get(event=event)
    assert transition.comment.startswith(f"Calcul n° {first.pk} retenu : ")
    services_schedule.accept_run(second, actor=advisor)  # changing one's mind: still one retained run
    assert list(ScheduleRun.objects.filter(event=event, accepted=True)) == [second]
    assert set(services_schedule.schedule_interviews(event)) == set(Interview.objects.filter(run=second))
    services_events.publish_schedule(event, actor=advisor)
    assert event.status == EventStatus.PUBLISHED
    with pytest.raises(JobDatingError, match="ne peut plus être retenu"):
        services_schedule.accept_run(first, actor=advisor)


def test_run_refusals(event, advisor, advisor_other):
    with pytest.raises(JobDatingError, match="Seuls les conseillers"):
        services_schedule.start_schedule_run(event, actor=advisor_other)
    queued = ScheduleRun.objects.create(event=event)
    with pytest.raises(JobDatingError, match="déjà en cours"):
        services_schedule.start_schedule_run(event, actor=advisor)
    with pytest.raises(JobDatingError, match="n'est pas terminé"):
        services_schedule.accept_run(queued, actor=advisor)
    with pytest.raises(ValidationFailed, match="entre 1 et 16"):
        services_schedule.start_schedule_run(event, actor=advisor, max_interviews=0)
    empty = EventFactory(advisors=[advisor])
    with pytest.raises(JobDatingError, match="Aucun souhait"):
        services_schedule.start_schedule_run(empty, actor=advisor)


def test_progress_writes_are_throttled(event):
    run = ScheduleRun.objects.create(event=event)
    writer = services_schedule.ProgressWriter(run.pk, interval=3600)
    from emploi_territoires.jobdating.solver import Progress

    writer(Progress("greedy", 100, 120, 0.01))
    for score in range(101, 110):
        writer(Progress("cpsat", score, 120, 0.5))
    writer(Progress("done", 118, 120, 2.0))
    assert writer.writes == 2  # the greedy and the end, nothing in between within the interval
    run.refresh_from_db()
    assert run.progress["objective"] == 118
    assert run.progress["messages"][-1] == (
        "Calcul terminé : 118 points, à 1,7 % de la meilleure valeur possible (2,0 s)."
    )
