"""Survey reminders at 1, 3 and 6 months: once per pair and milestone; the command is a dry run by default."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emploi_territoires.mentoring import services_followup, tasks
from emploi_territoires.mentoring.models import Pair, SurveyReminder

# `published` starts its two pairs on 1 October 2026.


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the reminders and deliver the e-mails queued on commit."""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return services_followup.send_survey_reminders(today)

    mail.outbox.clear()
    return run


def test_reminders_once_per_pair_and_milestone(published, send):
    assert send(datetime.date(2026, 10, 31)) == 0  # not a month yet
    assert send(datetime.date(2026, 11, 1)) == 2
    assert len(mail.outbox) == 2
    recipients = {tuple(sorted(m.to)) for m in mail.outbox}
    assert recipients == {tuple(sorted([p.mentor.email, p.mentee.email])) for p in published.values()}
    assert mail.outbox[0].subject == "Mentorat : le questionnaire à 1 mois vous attend"
    assert "Le questionnaire à 1 mois n'a pas encore été rempli." in mail.outbox[0].body
    assert "/mentorat/binomes/" in mail.outbox[0].body
    assert send(datetime.date(2026, 11, 2)) == 0  # never twice
    assert len(mail.outbox) == 2
    assert SurveyReminder.objects.count() == 2


def test_answered_surveys_and_ended_pairs_are_not_reminded(published, manager, send):
    pair_a, pair_b = list(published.values())
    services_followup.answer_survey(pair_a, pair_a.mentee, milestone=1, satisfaction=4, situation="still_searching")
    services_followup.end_pair(pair_b, manager, outcome="job", satisfaction=5, today=datetime.date(2026, 10, 20))
    assert send(datetime.date(2026, 11, 5)) == 0
    # At 3 months the remaining pair gets the 3-month one only.
    assert send(datetime.date(2027, 1, 2)) == 1
    assert mail.outbox[0].subject == "Mentorat : le questionnaire à 3 mois vous attend"
    assert list(SurveyReminder.objects.values_list("milestone", flat=True)) == [3]


def test_late_pair_gets_one_email_for_every_due_milestone(published, send):
    assert send(datetime.date(2027, 4, 15)) == 2
    assert len(mail.outbox) == 2
    assert "Les questionnaires à 1, 3, 6 mois n'ont pas encore été remplis." in mail.outbox[0].body
    assert mail.outbox[0].subject == "Mentorat : le questionnaire à 6 mois vous attend"
    assert SurveyReminder.objects.count() == 6


def _started_seven_months_ago() -> None:
    """The command and the task use the real date: move the pairs' start to 7 months before it."""
    Pair.objects.update(started_on=timezone.localdate() - datetime.timedelta(days=7 * 31))


def test_command_is_a_dry_run_unless_send(published, capsys, django_capture_on_commit_callbacks):
    _started_seven_months_ago()
    mail.outbox.clear()
    call_command("mentoring_survey_reminders")
    out = capsys.readouterr().out
    assert "Essai à blanc : 2 binôme(s) seraient relancé(s)" in out
    assert "questionnaire à 1, 3, 6 mois" in out
    assert not SurveyReminder.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("mentoring_survey_reminders", "--send")
    assert "2 binôme(s) relancé(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("mentoring_survey_reminders", "--send")
    assert "0 binôme(s) relancé(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_task_sends_the_reminders(published, django_capture_on_commit_callbacks):
    _started_seven_months_ago()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_survey_reminders.enqueue()
    assert len(mail.outbox) == 2
    assert SurveyReminder.objects.count() == 6
