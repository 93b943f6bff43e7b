"""The demo day of the past event: no-shows, a walk-in, a re-optimisation, then outcomes and
ratings — each at the time it happened, three weeks before the load day — once."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from emploi_territoires.demo.loader import load_demo
from emploi_territoires.jobdating import services_schedule
from emploi_territoires.jobdating.demo import PAST_TITLE, load_demo_jobdating
from emploi_territoires.jobdating.demo_day import NOW_SLOT, load_demo_day, walk_in_email
from emploi_territoires.jobdating.models import Event, EventStatus, Interview, InterviewStatus, RunKind
from emploi_territoires.jobdating.services_outcomes import event_figures
from emploi_territoires.offers.rome import load_copy as load_rome_copy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PARIS = ZoneInfo("Europe/Paris")
LOAD_DAY = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=PARIS)


def test_demo_day_plays_the_morning_and_records_outcomes_once(
    cog, settings, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 5.0
    settings.JOBDATING_REOPTIMISE_SECONDS = 3.0
    time_machine.move_to(LOAD_DAY)
    load_rome_copy()
    # load_demo would play the day itself: here the day is played on its own, then checked.
    monkeypatch.setattr("emploi_territoires.demo.loader.load_demo_day", lambda: 0)
    monkeypatch.setattr("emploi_territoires.demo.loader.load_demo_mentoring", lambda: 0)
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
        load_demo_jobdating()
    before = {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services_schedule.schedule_interviews(Event.objects.get(title=PAST_TITLE))
        if i.slot <= NOW_SLOT + 1
    }
    recorded = load_demo_day()
    event = Event.objects.get(title=PAST_TITLE)
    assert event.status == EventStatus.HELD
    # « Tenu » once it was over, three weeks ago — not on the load day, not before it started.
    held = event.transitions.get(to_status=EventStatus.HELD).created_at
    assert event.ends_at <= held < LOAD_DAY - datetime.timedelta(days=20)
    run = services_schedule.accepted_run(event)
    assert run.kind == RunKind.REOPTIMISE and run.from_slot == NOW_SLOT
    after = {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services_schedule.schedule_interviews(event)
    }
    absent = set(event.candidate_registrations.filter(no_show=True).values_list("pk", flat=True))
    assert len(absent) == 2
    # Nothing held, running or about to start moved, absentees' earlier interviews included.
    assert before <= after | {
        (i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in run.interviews.filter(status=InterviewStatus.NO_SHOW)
    }
    walk_in = event.candidate_registrations.get(user__email=walk_in_email())
    assert walk_in.walk_in and run.interviews.filter(candidate_registration=walk_in).exists()
    names = list(event.candidate_registrations.values_list("user__first_name", "user__last_name"))
    assert len(names) == 31 and len(set(names)) == 31
    arrivals = event.candidate_registrations.exclude(checked_in_at=None).values_list("checked_in_at", flat=True)
    assert arrivals and all(a.astimezone(PARIS).date() == event.date for a in arrivals)
    figures = event_figures(event)
    assert figures.registered == 30 and figures.walk_ins == 1 and figures.no_shows == 2
    assert figures.no_show_rate == pytest.approx(2 / 30)
    assert recorded > 0 and figures.interviews_held >= recorded
    assert figures.second_interviews + figures.hires + figures.no_follow_up == recorded
    # Every outcome was recorded after its interview, the day after the event.
    outcomes = list(Interview.objects.filter(run=run).exclude(outcome=""))
    assert len(outcomes) == recorded
    assert all(i.outcome_recorded_at >= event.slot_end(i.slot) for i in outcomes)
    assert figures.ratings > 0 and 1 <= figures.average_rating <= 5
    assert load_demo_day() == 0
