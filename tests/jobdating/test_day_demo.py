"""The demo day: no-shows, a walk-in, a re-optimisation, then outcomes and ratings, once."""

import pytest

from emploi_territoires.core.demo import load_demo
from emploi_territoires.jobdating import services
from emploi_territoires.jobdating.demo import EVENT_TITLE, load_demo_jobdating
from emploi_territoires.jobdating.demo_day import NOW_SLOT, WALK_IN_EMAIL, load_demo_day
from emploi_territoires.jobdating.models import Event, EventStatus, InterviewStatus, RunKind
from emploi_territoires.jobdating.services_outcomes import event_figures
from emploi_territoires.offers.rome import load_copy as load_rome_copy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_day_plays_the_morning_and_records_outcomes_once(
    cog, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 5.0
    settings.JOBDATING_REOPTIMISE_SECONDS = 3.0
    load_rome_copy()
    # load_demo would play the day itself: here the day is played on its own, then checked.
    monkeypatch.setattr("emploi_territoires.jobdating.demo_day.load_demo_day", lambda: 0)
    monkeypatch.setattr("emploi_territoires.mentoring.demo.load_demo_mentoring", lambda: 0)
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
        load_demo_jobdating()
    before = {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services.schedule_interviews(Event.objects.get(title=EVENT_TITLE))
        if i.slot <= NOW_SLOT + 1
    }
    recorded = load_demo_day()
    event = Event.objects.get(title=EVENT_TITLE)
    assert event.status == EventStatus.HELD
    run = services.accepted_run(event)
    assert run.kind == RunKind.REOPTIMISE and run.from_slot == NOW_SLOT
    after = {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services.schedule_interviews(event)
    }
    absent = set(event.candidate_registrations.filter(no_show=True).values_list("pk", flat=True))
    assert len(absent) == 2
    # Nothing held, running or about to start moved, absentees' earlier interviews included.
    assert before <= after | {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in run.interviews.filter(status=InterviewStatus.NO_SHOW)
    }
    walk_in = event.candidate_registrations.get(user__email=WALK_IN_EMAIL)
    assert walk_in.walk_in and run.interviews.filter(candidate_registration=walk_in).exists()
    figures = event_figures(event)
    assert figures.registered == 30 and figures.walk_ins == 1 and figures.no_shows == 2
    assert figures.no_show_rate == pytest.approx(2 / 30)
    assert recorded > 0 and figures.interviews_held >= recorded
    assert figures.second_interviews + figures.hires + figures.no_follow_up == recorded
    assert figures.ratings > 0 and 1 <= figures.average_rating <= 5
    assert load_demo_day() == 0
