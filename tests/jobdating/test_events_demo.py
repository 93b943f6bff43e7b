"""The demo job datings: built through the services, dated from the load day, idempotent.

The clock is pinned on Sunday 6 December 2026 (the day the issue was found): three weeks before is
Sunday 15 November, so the past event moves to Friday 13 November; three weeks after is Sunday
27 December, so the coming one moves to Monday 28 December.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from emploi_territoires.demo.loader import load_demo
from emploi_territoires.jobdating import services_registrations, services_schedule, suggestions
from emploi_territoires.jobdating.demo import COMING_TITLE, PAST_TITLE, load_demo_jobdating
from emploi_territoires.jobdating.models import Event, EventInvitation, EventStatus
from emploi_territoires.jobdating.solver import Interview as SolverInterview
from emploi_territoires.jobdating.solver import SolveOptions, check_schedule
from emploi_territoires.jobdating.solver_adapter import build_instance
from emploi_territoires.offers.rome import load_copy as load_rome_copy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PARIS = ZoneInfo("Europe/Paris")
LOAD_DAY = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=PARIS)


def test_demo_jobdatings_one_published_in_the_past_one_open_to_come(
    cog, settings, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 5.0
    time_machine.move_to(LOAD_DAY)
    load_rome_copy()
    # The rest of the demo first (load_demo would also build these events, play the day, and
    # seed mentoring): here the events are built on their own, then checked.
    monkeypatch.setattr("emploi_territoires.demo.loader.load_demo_jobdating", lambda: 0)
    monkeypatch.setattr("emploi_territoires.demo.loader.load_demo_day", lambda: 0)
    monkeypatch.setattr("emploi_territoires.demo.loader.load_demo_mentoring", lambda: 0)
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        interviews = load_demo_jobdating()

    past = Event.objects.get(title=PAST_TITLE)
    assert past.date == datetime.date(2026, 11, 13)  # a Friday, three weeks (and two days) ago
    assert past.status == EventStatus.PUBLISHED
    assert past.recruiter_registrations.count() == 5
    assert not past.recruiter_registrations.exclude(organisation__commune__departement_id="42").exists()
    assert past.candidate_registrations.count() == 30
    assert past.recruiter_registrations.get(organisation__name="Forges de l'Ondaine (démo)").offers.exists()
    run = services_schedule.accepted_run(past)
    assert interviews == run.interviews.count() > 30
    solver_interviews = [
        SolverInterview(i.candidate_registration_id, i.recruiter_registration_id, i.slot, i.table)
        for i in services_schedule.schedule_interviews(past)
    ]
    assert check_schedule(build_instance(past), solver_interviews, SolveOptions()) == []
    # "At least one interview" was on: every candidate is seen.
    assert len({i.candidate for i in solver_interviews}) == 30
    # Its history happened before it: registrations opened five weeks ahead, published the day before.
    log = list(past.transitions.values_list("to_status", "created_at"))
    assert [status for status, _ in log] == ["registration_open", "schedule_built", "published"]
    assert all(moment < past.slot_start(0) for _, moment in log)

    coming = Event.objects.get(title=COMING_TITLE)
    assert coming.date == datetime.date(2026, 12, 28)  # a Monday
    assert coming.status == EventStatus.REGISTRATION_OPEN
    assert services_registrations.registration_problem(coming) is None
    assert coming.registration_deadline == datetime.datetime(2026, 12, 26, 18, 0, tzinfo=PARIS)
    assert coming.recruiter_registrations.count() == 4 and coming.candidate_registrations.count() == 12
    assert sorted(coming.target_departements.values_list("code", flat=True)) == ["42"]
    assert "K1404" in coming.target_occupations.values_list("code", flat=True)
    # Inès Haddad finds it in her space, and was told by e-mail (she opted in).
    ines = coming.invitations.get(user__email="candidate@demo.emploi-territoires.fr").user
    assert coming in suggestions.suggested_events(ines)
    assert EventInvitation.objects.filter(event=past).count() == 0  # the past one never invited anyone now

    # Everybody registered to the two events has a name of their own.
    people = [r.user.get_full_name() for e in (past, coming) for r in e.candidate_registrations.select_related("user")]
    assert len(people) == 42 and len(set(people)) == 42

    assert load_demo_jobdating() == 0
    assert Event.objects.filter(title__in=[PAST_TITLE, COMING_TITLE]).count() == 2
