"""The day itself, through the services: check-in, no-shows, walk-ins, re-optimising from now."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.applications.models import AuditEvent
from emploi_territoires.jobdating import services_day, services_schedule
from emploi_territoires.jobdating.errors import JobDatingError, ValidationFailed
from emploi_territoires.jobdating.models import (
    CandidateRegistration,
    EventStatus,
    Interview,
    InterviewStatus,
    RunKind,
    ScheduleRun,
)
from emploi_territoires.jobdating.solver import Interview as SolverInterview
from emploi_territoires.jobdating.solver import check_schedule
from emploi_territoires.jobdating.solver_adapter import build_instance
from tests.jobdating.day_setup import FAST, active_schedule, fast_solver, interviews_of, published_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, advisor, organisation_a, organisation_b, candidate):
    fast_solver(settings)
    return published_world(advisor, organisation_a, organisation_b, candidate)


def test_slot_now_follows_the_clock_of_the_day(world):
    event = world.event
    at = datetime.datetime.combine(event.date, datetime.time(10, 20), tzinfo=datetime.UTC)  # 11:20 in Paris
    assert services_day.slot_now(event, at) == 9
    assert services_day.slot_now(event, at - datetime.timedelta(days=1)) == 0


def test_check_in_records_the_time_and_is_logged(world, advisor):
    services_day.check_in(world.ines, actor=advisor)
    world.ines.refresh_from_db()
    assert world.ines.checked_in_at is not None and not world.ines.no_show
    log = AuditEvent.objects.get(action="jobdating_check_in")
    assert log.actor == advisor and log.details["registration_id"] == world.ines.pk


def test_no_show_frees_only_the_interviews_from_now_on(world, advisor):
    ines = world.ines
    before = {i.slot: i for i in interviews_of(ines)}
    assert any(slot < 7 for slot in before) and any(slot >= 7 for slot in before)
    freed = services_day.mark_no_show(ines, actor=advisor, now_slot=7)
    assert freed == sum(1 for slot in before if slot >= 7)
    statuses = {i.slot: i.status for i in Interview.objects.filter(run__accepted=True, candidate_registration=ines)}
    assert statuses.keys() == before.keys()  # the same interviews, before and from slot 7
    assert all(status == InterviewStatus.NO_SHOW for slot, status in statuses.items() if slot >= 7)
    assert all(status == InterviewStatus.SCHEDULED for slot, status in statuses.items() if slot < 7)
    ines.refresh_from_db()
    assert ines.no_show
    assert AuditEvent.objects.get(action="jobdating_no_show").details["interviews_freed"] == freed
    with pytest.raises(JobDatingError, match="déjà indiqué"):
        services_day.mark_no_show(ines, actor=advisor, now_slot=7)


def test_reoptimise_fills_the_freed_table_and_never_moves_a_kept_interview(world, advisor):
    ines, event = world.ines, world.event
    # Inès had the scarce Saint-Étienne Métropole table at slot 9; three candidates could not.
    assert (ines.pk, world.rec_a.pk, 9, 0) in active_schedule(event)
    services_day.mark_no_show(ines, actor=advisor, now_slot=7)
    before = active_schedule(event)
    old_run = services_schedule.accepted_run(event)

    outcome = services_day.reoptimise_from_now(event, actor=advisor, now_slot=7, options=FAST)

    after = active_schedule(event)
    assert outcome.run.kind == RunKind.REOPTIMISE and outcome.run.accepted and outcome.run.from_slot == 7
    assert not ScheduleRun.objects.get(pk=old_run.pk).accepted
    assert before <= after  # every interview kept where it was: held, frozen and printed ones alike
    added = after - before
    assert outcome.freed == 1 and outcome.added == len(added) >= 1
    assert all(slot >= 9 for _c, _r, slot, _t in added)  # now = 7, next slot 8 frozen: new ones from 9
    assert any(r == world.rec_a.pk and slot == 9 for _c, r, slot, _t in added)
    assert outcome.gap == pytest.approx((outcome.bound - outcome.score) / outcome.bound)
    # The new schedule passes the solver's independent checker against the event as it stands
    # (Inès, absent, is out of the instance: her interviews before 7 stay as history).
    instance = build_instance(event)
    problems = check_schedule(instance, [SolverInterview(*row) for row in after if row[0] != ines.pk])
    assert problems == []
    # Absences are kept in the new run (figures), with their status.
    assert Interview.objects.filter(run=outcome.run, status=InterviewStatus.NO_SHOW).count() == 1
    assert AuditEvent.objects.get(action="jobdating_reoptimised").details["added"] == outcome.added


def test_walk_in_gets_interviews_after_reoptimising(world, advisor):
    event = world.event
    walk_in = services_day.add_walk_in(
        event,
        actor=advisor,
        email="Yanis.Cherif@exemple.fr",
        first_name="Yanis",
        last_name="Chérif",
        recruiter_ids=[world.rec_b.pk, world.rec_c.pk],
        now_slot=7,
    )
    assert walk_in.walk_in and walk_in.checked_in_at is not None
    assert walk_in.user.email == "yanis.cherif@exemple.fr" and not walk_in.user.has_usable_password()
    assert walk_in.availability == [[7, 15]]
    assert list(walk_in.wishes.order_by("rank").values_list("recruiter_registration_id", flat=True)) == [
        world.rec_b.pk,
        world.rec_c.pk,
    ]
    before = active_schedule(event)
    outcome = services_day.reoptimise_from_now(event, actor=advisor, now_slot=7, options=FAST)
    mine = sorted((r, slot) for c, r, slot, _t in active_schedule(event) if c == walk_in.pk)
    assert {r for r, _slot in mine} == {world.rec_b.pk, world.rec_c.pk}
    assert all(slot >= 9 for _r, slot in mine) and abs(mine[0][1] - mine[1][1]) >= 2  # min gap 1
    assert before <= active_schedule(event) and outcome.added == 2


def test_walk_in_with_an_existing_candidate_account(world, advisor):
    from tests.factories import UserFactory

    user = UserFactory(email="lea.dumas@exemple.fr", first_name="Léa", last_name="Dumas", kind="candidate")
    registration = services_day.add_walk_in(
        world.event, actor=advisor, email="lea.dumas@exemple.fr", recruiter_ids=[world.rec_c.pk], now_slot=3
    )
    assert registration.user == user and hasattr(user, "candidate_profile")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"email": "pas-une-adresse", "first_name": "A", "last_name": "B"}, "adresse électronique valide"),
        ({"email": "inconnu@exemple.fr"}, "indiquez le prénom et le nom"),
        ({"email": "claire.roux@exemple.fr"}, "compte professionnel"),
        ({"email": "ines.haddad@exemple.fr"}, "déjà inscrit"),
    ],
)
def test_walk_in_bad_input_says_why_and_writes_nothing(world, advisor, recruiter_a, kwargs, message):
    count = CandidateRegistration.objects.count()
    with pytest.raises((JobDatingError, ValidationFailed)) as error:
        services_day.add_walk_in(world.event, actor=advisor, recruiter_ids=[world.rec_b.pk], now_slot=3, **kwargs)
    text = error.value.message if isinstance(error.value, JobDatingError) else str(error.value.errors)
    assert message in text
    assert CandidateRegistration.objects.count() == count


def test_walk_in_needs_recruiters_of_the_event(world, advisor):
    from tests.jobdating.factories import RecruiterRegistrationFactory

    elsewhere = RecruiterRegistrationFactory()
    for ids, message in (([], "au moins un recruteur"), ([elsewhere.pk], "ne participe pas")):
        with pytest.raises(ValidationFailed) as error:
            services_day.add_walk_in(
                world.event, actor=advisor, email="x@exemple.fr", first_name="X", last_name="Y", recruiter_ids=ids
            )
        assert message in str(error.value.errors)


def test_late_arrival_after_no_show_gets_interviews_again(world, advisor):
    ines = world.ines
    services_day.mark_no_show(ines, actor=advisor, now_slot=0)
    assert interviews_of(ines) == []
    services_day.check_in(ines, actor=advisor)
    services_day.reoptimise_from_now(world.event, actor=advisor, now_slot=2, options=FAST)
    mine = interviews_of(ines)
    assert mine and all(i.slot >= 4 for i in mine)


def test_day_actions_are_for_the_event_advisors_once_published(world, recruiter_a, advisor_other, advisor):
    for actor in (recruiter_a, advisor_other):
        with pytest.raises(JobDatingError, match="conseillers"):
            services_day.check_in(world.ines, actor=actor)
        with pytest.raises(JobDatingError, match="conseillers"):
            services_day.reoptimise_from_now(world.event, actor=actor, now_slot=3, options=FAST)
    world.event.status = EventStatus.SCHEDULE_BUILT
    world.event.save(update_fields=["status"])
    with pytest.raises(JobDatingError, match="publié"):
        services_day.mark_no_show(world.ines, actor=advisor, now_slot=3)
    world.ines.refresh_from_db()
    assert not world.ines.no_show


def test_meetings_carry_times_tables_and_offers(world):
    meetings = services_day.meetings_of(world.event, candidate_registration=world.ines)
    by_recruiter = {m.recruiter_id: m for m in meetings}
    a = by_recruiter[world.rec_a.pk]
    assert (a.slot, a.table, a.start.hour, a.start.minute) == (9, 1, 11, 15)  # slot 9 after the 11:00 break
    assert a.offers == ("Chef de projet Petites villes de demain (F/H)",)
    assert a.candidate_name == "Inès Haddad" and a.recruiter_name == world.rec_a.organisation.name
