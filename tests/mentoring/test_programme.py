"""Programme workflow through the services: run, review (lock / remove / re-run), publish, follow-up."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from emploi_territoires.mentoring import services_followup, services_matching, services_profiles
from emploi_territoires.mentoring.errors import MentoringError
from emploi_territoires.mentoring.figures import programme_figures
from emploi_territoires.mentoring.models import HelpRequest, Mode, Outcome, Pair
from tests.factories import saint_etienne
from tests.mentoring.conftest import make_mentor, rome


def proposal_names(run):
    return {(p.mentor.first_name, p.mentee.first_name) for p in run.proposals.filter(removed=False)}


def test_run_proposes_the_optimal_pairs_with_reasons_and_sends_nothing(programme, manager, pool):
    run = services_matching.run_matching(programme, manager)
    # QPV priority (+20) gives Karim to Inès (Firminy, QPV) rather than Lucas (100 vs 94 + 20).
    assert proposal_names(run) == {("Karim", "Inès"), ("Paul", "Chloé")}
    assert (run.matched, run.mentees_count, run.mentors_count, run.qpv_bonus) == (2, 3, 2, 20)
    karim_ines = run.proposals.get(mentor=pool["karim"])
    assert karim_ines.score == 94
    assert karim_ines.reasons[0] == "Même métier : Développeur / Développeuse informatique (M1805) (40 pts)"
    assert karim_ines.meeting == "en présentiel"
    assert mail.outbox == []
    assert not Pair.objects.exists()


def test_without_qpv_priority_the_best_total_wins(programme, manager, pool):
    run = services_matching.run_matching(programme, manager, Mode.SCORE, qpv=False)
    assert proposal_names(run) == {("Karim", "Lucas"), ("Paul", "Chloé")}
    assert run.total == 194


def test_stable_mode_records_what_stability_costs(programme, manager, pool):
    run = services_matching.run_matching(programme, manager, Mode.STABLE, qpv=False)
    assert run.blocking_pairs == 0
    assert run.optimal_total == 194
    assert run.stability_cost == run.optimal_total - run.total >= 0


def test_lock_remove_rerun_then_publish_introduces_each_pair(
    programme, manager, pool, django_capture_on_commit_callbacks
):
    first = services_matching.run_matching(programme, manager)
    services_matching.set_locked(first.proposals.get(mentor=pool["paul"]), True)
    services_matching.set_removed(first.proposals.get(mentor=pool["karim"]), True)
    second = services_matching.run_matching(programme, manager)
    assert proposal_names(second) == {("Karim", "Lucas"), ("Paul", "Chloé")}
    assert second.proposals.get(mentor=pool["paul"]).locked
    removed = second.proposals.get(removed=True)
    assert (removed.mentor, removed.mentee) == (pool["karim"], pool["ines"])
    # The older run can no longer be edited or published.
    with pytest.raises(MentoringError, match="Un appariement plus récent existe"):
        services_matching.set_locked(first.proposals.get(mentor=pool["paul"]), False)
    with pytest.raises(MentoringError, match="Un appariement plus récent existe"):
        services_matching.publish_run(first, manager)

    with django_capture_on_commit_callbacks(execute=True):
        pairs = services_matching.publish_run(second, manager, today=datetime.date(2026, 10, 1))
    assert {(p.mentor.first_name, p.mentee.first_name) for p in pairs} == {("Karim", "Lucas"), ("Paul", "Chloé")}
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([pool["karim"].email, pool["lucas"].email, pool["paul"].email, pool["chloe"].email])
    to_lucas = next(m for m in mail.outbox if m.to == [pool["lucas"].email])
    assert to_lucas.subject == "Mentorat : votre mentor est Karim Benali"
    assert "Même métier : Développeur / Développeuse informatique (M1805)" in to_lucas.body
    with pytest.raises(MentoringError, match="déjà publié"):
        services_matching.publish_run(second, manager)


def test_a_new_run_after_publication_only_pools_who_is_left(programme, manager, published, pool):
    run = services_matching.run_matching(programme, manager)
    # Karim and Paul have no place left; Lucas stays without a mentor.
    assert (run.mentees_count, run.matched) == (1, 0)
    make_mentor("nadia.mentor@exemple.fr", "Nadia", "Diallo", saint_etienne(), rome("M1805", "x"))
    services_profiles.enrol(programme, type(pool["karim"]).objects.get(email="nadia.mentor@exemple.fr"), "mentor")
    assert proposal_names(services_matching.run_matching(programme, manager)) == {("Nadia", "Lucas")}


def test_meeting_rules(published, pool):
    pair = published[("Karim", "Inès")]
    today = datetime.date(2026, 10, 20)
    with pytest.raises(MentoringError, match="ne peut pas être dans le futur"):
        services_followup.log_meeting(pair, pool["karim"], date=today + datetime.timedelta(days=1), duration_minutes=60,
                             today=today)  # fmt: skip
    with pytest.raises(MentoringError, match="entre 1 minute et 8 heures"):
        services_followup.log_meeting(pair, pool["karim"], date=today, duration_minutes=481, today=today)
    with pytest.raises(MentoringError, match="précéder le début du mentorat"):
        services_followup.log_meeting(
            pair, pool["karim"], date=datetime.date(2026, 9, 30), duration_minutes=60, today=today
        )
    with pytest.raises(MentoringError, match="Seuls le mentor et la personne mentorée"):
        services_followup.log_meeting(pair, pool["paul"], date=today, duration_minutes=60, today=today)
    meeting = services_followup.log_meeting(
        pair, pool["ines"], date=today, duration_minutes=480, topics=["cv_interview"], note="CV relu", today=today
    )
    assert (meeting.duration_minutes, meeting.logged_by) == (480, pool["ines"])


def test_survey_answered_twice_is_refused(published, pool):
    pair = published[("Karim", "Inès")]
    services_followup.answer_survey(pair, pool["ines"], milestone=1, satisfaction=4, situation=Outcome.STILL_SEARCHING)
    with pytest.raises(MentoringError, match=r"Le questionnaire à 1 mois a déjà été rempli pour ce binôme\."):
        services_followup.answer_survey(
            pair, pool["karim"], milestone=1, satisfaction=5, situation=Outcome.STILL_SEARCHING
        )
    with pytest.raises(MentoringError, match="1, 3 et 6 mois"):
        services_followup.answer_survey(pair, pool["karim"], milestone=2, satisfaction=5, situation=Outcome.JOB)
    services_followup.answer_survey(pair, pool["karim"], milestone=3, satisfaction=5, situation=Outcome.TRAINING)
    assert pair.survey_answers.count() == 2
    assert services_followup.due_milestones(pair, today=datetime.date(2027, 4, 2)) == [6]
    assert services_followup.due_milestones(pair, today=datetime.date(2026, 10, 31)) == []


def test_silent_pairs_alert_the_manager_once(published, pool, manager, django_capture_on_commit_callbacks):
    pair = published[("Karim", "Inès")]
    assert services_followup.check_silent_pairs(today=datetime.date(2026, 10, 28)) == 0  # 27 days: not yet
    mail.outbox.clear()
    out = StringIO()
    # The command uses today's date: move the pairs' start far enough back.
    Pair.objects.update(started_on=datetime.date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("mentoring_alerts", stdout=out)
    assert out.getvalue().strip() == "2 alerte(s) créée(s) pour des binômes sans rencontre."
    assert [m.to for m in mail.outbox] == [[manager.email], [manager.email]]
    assert "Aucune rencontre notée depuis" in mail.outbox[0].body
    assert services_followup.check_silent_pairs() == 0  # one open alert per pair
    pair.refresh_from_db()
    services_followup.log_meeting(pair, pool["karim"], date=datetime.date(2026, 1, 12), duration_minutes=45)
    assert HelpRequest.objects.get(pair=pair).resolved_at is not None


def test_help_request_reaches_the_managers(published, pool, manager, django_capture_on_commit_callbacks):
    pair = published[("Paul", "Chloé")]
    mail.outbox.clear()
    with pytest.raises(MentoringError, match="Décrivez"):
        services_followup.request_help(pair, pool["chloe"], "  ")
    with django_capture_on_commit_callbacks(execute=True):
        services_followup.request_help(pair, pool["chloe"], "Nous n'arrivons pas à trouver de créneau.")
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Nous n'arrivons pas à trouver de créneau." in mail.outbox[0].body


def test_outcomes_feed_the_programme_figures(programme, published, pool):
    services_followup.log_meeting(published[("Karim", "Inès")], pool["karim"], date=datetime.date(2026, 10, 8),
                         duration_minutes=60, today=datetime.date(2026, 10, 9))  # fmt: skip
    services_followup.end_pair(published[("Karim", "Inès")], pool["ines"], outcome=Outcome.JOB, satisfaction=5)
    figures = programme_figures(programme)
    assert (figures.pairs_started, figures.pairs_active, figures.pairs_ended) == (2, 1, 1)
    assert (figures.job_or_training, figures.ended_with_outcome, figures.job_or_training_share) == (1, 1, 1.0)
    assert (figures.average_satisfaction, figures.meetings) == (5.0, 1)
    services_followup.end_pair(
        published[("Paul", "Chloé")], pool["paul"], outcome=Outcome.STILL_SEARCHING, satisfaction=3
    )
    figures = programme_figures(programme)
    assert (figures.job_or_training_share, figures.average_satisfaction) == (0.5, 4.0)
    with pytest.raises(MentoringError, match="déjà terminé"):
        services_followup.end_pair(published[("Paul", "Chloé")], pool["paul"], outcome=Outcome.JOB, satisfaction=3)


def test_profile_rules(pool, firminy):
    with pytest.raises(MentoringError, match="une à trois personnes"):
        make_mentor("trop@exemple.fr", "Zoé", "Morel", firminy, rome("M1805", "x"), capacity=4)
    with pytest.raises(MentoringError, match="cochez la case de consentement"):
        services_profiles.record_situation(
            pool["lucas"].mentee_profile, qpv=True, first_generation=False, consent=False
        )
    profile = pool["ines"].mentee_profile
    services_profiles.record_situation(profile, qpv=False, first_generation=False, consent=False)
    profile.refresh_from_db()
    assert (profile.is_qpv_resident, profile.situation_consent_at) == (False, None)
