"""The demo job dating: built through the services on top of the demo dataset, idempotent."""

import pytest

from emploi_territoires.core.demo import load_demo
from emploi_territoires.jobdating import services
from emploi_territoires.jobdating.demo import EVENT_TITLE, load_demo_jobdating
from emploi_territoires.jobdating.models import Event, EventStatus
from emploi_territoires.jobdating.solver import Interview as SolverInterview
from emploi_territoires.jobdating.solver import SolveOptions, check_schedule
from emploi_territoires.offers.rome import load_copy as load_rome_copy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_jobdating_builds_and_accepts_a_schedule_once(
    cog, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 5.0
    load_rome_copy()
    # The rest of the demo first (load_demo would also build this event, play its day, and
    # seed mentoring): here the event is built on its own, then checked.
    monkeypatch.setattr("emploi_territoires.jobdating.demo.load_demo_jobdating", lambda: 0)
    monkeypatch.setattr("emploi_territoires.jobdating.demo_day.load_demo_day", lambda: 0)
    monkeypatch.setattr("emploi_territoires.mentoring.demo.load_demo_mentoring", lambda: 0)
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        interviews = load_demo_jobdating()
    event = Event.objects.get(title=EVENT_TITLE)
    assert event.status == EventStatus.SCHEDULE_BUILT
    assert event.recruiter_registrations.count() == 6
    assert event.candidate_registrations.count() == 30
    assert event.recruiter_registrations.get(organisation__name="Forges de l'Ondaine (démo)").offers.exists()
    run = services.accepted_run(event)
    assert interviews == run.interviews.count() > 30
    solver_interviews = [
        SolverInterview(i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services.schedule_interviews(event)
    ]
    assert check_schedule(services.build_instance(event), solver_interviews, SolveOptions()) == []
    # "At least one interview" was on: every candidate is seen.
    assert len({i.candidate for i in solver_interviews}) == 30
    assert load_demo_jobdating() == 0
    assert Event.objects.filter(title=EVENT_TITLE).count() == 1
