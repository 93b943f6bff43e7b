"""Reminders (due, late) to the lead partner's contact, once per action and kind, and the weekly
digest to a plan's contacts, once per ISO week; the command is a dry run unless --apply."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from emploi_territoires.plans import notifications, services
from emploi_territoires.plans.models import ActionReminder, ActionStatus, ActionTransition, DigestLog
from emploi_territoires.plans.tasks import send_plan_notifications
from tests.plans.test_reporting_helpers import haut_nivernais_plan

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 4, 27)  # ISO week 2026-W18; the job dating ends on Thursday 30 April


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"


def _checked(messages):
    for message in messages:
        assert "INVALID" not in message.subject + message.body + message.alternatives[0][0]
    return messages


@pytest.fixture
def scenario(db):
    scenario = haut_nivernais_plan()
    # The job dating is still running at the end of April (the helper marks it done).
    scenario.job_dating.status = ActionStatus.RUNNING
    scenario.job_dating.save(update_fields=["status"])
    return scenario


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _run(capture, *args) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("plan_notifications", *args, stdout=out)
    return out.getvalue()


def _reminders():
    return _checked([m for m in mail.outbox if "la semaine en bref" not in m.subject])


def test_due_reminder_goes_once_to_the_lead_contact(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = notifications.send_notifications(MONDAY)
    assert [(r.action, r.kind) for r in report.reminders] == [(scenario.job_dating, "due")]
    (message,) = _reminders()
    assert message.to == ["lucie.moreau@exemple.fr"]  # the contact of Apec, the lead partner
    assert message.subject == "Échéance le 30/04/2026 : « Job dating des métiers de l'industrie à Clamecy »"
    assert "arrive à échéance le jeudi 30 avril 2026 (dans 3 jours)" in message.body
    assert "Apec Bourgogne-Franche-Comté" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>jeudi 30 avril 2026</strong>" in html
    assert "Job dating des métiers de l&#x27;industrie à Clamecy" in html  # escaped in HTML
    # Run again the same day, and the day after: nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_notifications(MONDAY)
        notifications.send_notifications(MONDAY + datetime.timedelta(days=1))
    assert _reminders() == []
    assert list(ActionReminder.objects.values_list("action_id", "kind", "sent_on")) == [
        (scenario.job_dating.pk, "due", MONDAY)
    ]


def test_late_reminder_once_then_nothing(scenario, django_capture_on_commit_callbacks):
    may_4 = datetime.date(2026, 5, 4)  # the job dating ended on 30 April, still running
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_notifications(may_4)
        notifications.send_notifications(may_4)
    (message,) = _reminders()
    assert message.subject == (
        "En retard : « Job dating des métiers de l'industrie à Clamecy » devait se terminer le 30/04/2026"
    )
    assert "il y a 4 jours" in message.body and "toujours à l'état « En cours »" in message.body
    # Late without having been due (nobody ran the command that week): only the late e-mail.
    assert list(ActionReminder.objects.values_list("kind", flat=True)) == ["late"]


def test_due_then_late_are_two_reminders(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_notifications(MONDAY)
        notifications.send_notifications(datetime.date(2026, 5, 1))
    assert [m.subject.split(" ")[0] for m in _reminders()] == ["Échéance", "En"]


def test_done_and_cancelled_actions_get_no_reminder(scenario, django_capture_on_commit_callbacks):
    services.transition_action(scenario.job_dating, ActionStatus.DONE, actor=scenario.apec.contact)
    services.transition_action(scenario.mentoring, ActionStatus.CANCELLED, actor=scenario.prefecture.contact)
    with django_capture_on_commit_callbacks(execute=True):
        report = notifications.send_notifications(datetime.date(2026, 12, 15))
    # Only the needs campaign (planned, ended 15 October) is late.
    assert [(r.action, r.kind) for r in report.reminders] == [(scenario.needs, "late")]
    assert [m.to for m in _reminders()] == [["nadia.perrin@exemple.fr"]]


def test_deactivated_contact_gets_nothing_and_nothing_is_recorded(scenario, django_capture_on_commit_callbacks):
    contact = scenario.apec.contact
    contact.is_active = False
    contact.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        report = notifications.send_notifications(MONDAY)
    assert report.reminders == [] and [r.action for r in report.skipped_without_recipient] == [scenario.job_dating]
    assert _reminders() == [] and not ActionReminder.objects.exists()


def test_command_is_a_dry_run_by_default(scenario, django_capture_on_commit_callbacks):
    out = _run(django_capture_on_commit_callbacks, "--date", MONDAY.isoformat())
    assert "rappel « échéance proche » : Job dating des métiers de l'industrie à Clamecy" in out
    assert "Rappels à envoyer (simulation : rien n'est envoyé ni enregistré ; --apply pour envoyer) : 1." in out
    assert mail.outbox == []
    assert not ActionReminder.objects.exists() and not DigestLog.objects.exists()


def test_command_apply_twice_sends_once(scenario, django_capture_on_commit_callbacks):
    services.transition_action(scenario.needs, ActionStatus.RUNNING, actor=scenario.town.contact)  # for the digest
    first = _run(django_capture_on_commit_callbacks, "--apply", "--date", MONDAY.isoformat())
    assert "Rappels envoyé(s) : 1." in first
    sent = len(mail.outbox)
    second = _run(django_capture_on_commit_callbacks, "--apply", "--date", MONDAY.isoformat())
    assert "Rappels envoyé(s) : 0." in second and "Synthèses hebdomadaires envoyé(s) : 0." in second
    assert len(mail.outbox) == sent


def test_command_refuses_a_bad_date(scenario):
    with pytest.raises(CommandError, match="Date invalide : « 27/04/2026 »"):
        call_command("plan_notifications", "--date", "27/04/2026")
    with pytest.raises(CommandError, match="ne se combine pas"):
        call_command("plan_notifications", "--apply", "--enqueue", "--date", "2026-04-27")


# --- Weekly digest -----------------------------------------------------------------------------------


def _digests():
    return _checked([m for m in mail.outbox if "la semaine en bref" in m.subject])


def test_weekly_digest_once_per_iso_week_to_every_contact(scenario, django_capture_on_commit_callbacks):
    services.transition_action(scenario.needs, ActionStatus.RUNNING, actor=scenario.town.contact)
    # The log says it started on Tuesday 28 April; the digest goes on Wednesday and looks back 7 days.
    ActionTransition.objects.filter(action=scenario.needs).update(created_at=_aware(datetime.date(2026, 4, 28), 9))
    today = MONDAY + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        report = notifications.send_notifications(today)
    (digest,) = report.digests
    assert digest.week == notifications.iso_week(today)
    (message,) = _digests()
    assert message.to == ["lucie.moreau@exemple.fr", "nadia.perrin@exemple.fr", "paul.lefevre@exemple.fr"]
    assert message.subject == "Plan « Plan d'action emploi 2026 — Haut Nivernais » : la semaine en bref"
    assert "Actions commencées ces 7 derniers jours :" in message.body
    assert "- Recensement des besoins des entreprises du Haut Nivernais (Commune de Clamecy)" in message.body
    assert message.alternatives[0][1] == "text/html"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_notifications(today).digests == []
    assert _digests() == []
    assert DigestLog.objects.filter(plan=scenario.plan).count() == 1


def test_digest_content_on_a_given_week(scenario):
    digest = notifications.build_digest(scenario.plan, MONDAY)
    assert digest.week == "2026-W18"
    assert digest.late == [] and digest.started == [] and digest.done == []
    # Ending within 14 days (the job dating, 30 April) or starting within 14 days (the mentoring cohort, 1 May).
    assert digest.upcoming == [scenario.job_dating, scenario.mentoring]
    late = notifications.build_digest(scenario.plan, datetime.date(2026, 5, 11))
    assert late.late == [scenario.job_dating]


def test_digest_next_week_is_sent_again_and_an_empty_week_sends_nothing(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(notifications.send_notifications(MONDAY).digests) == 1
        assert len(notifications.send_notifications(MONDAY + datetime.timedelta(days=6)).digests) == 0  # Sunday
        assert len(notifications.send_notifications(MONDAY + datetime.timedelta(days=7)).digests) == 1
    assert list(DigestLog.objects.order_by("week").values_list("week", flat=True)) == ["2026-W18", "2026-W19"]
    # Once every action is closed and nothing was logged that week, the digest has nothing to say: none goes.
    scenario.plan.actions.update(status=ActionStatus.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_notifications(datetime.date(2026, 8, 17)).digests == []


def test_dry_run_digest_writes_nothing(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = notifications.send_notifications(MONDAY, apply=False)
    assert len(report.digests) == 1 and len(report.reminders) == 1
    assert mail.outbox == [] and not DigestLog.objects.exists()


def test_task_sends_as_the_command_does(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_plan_notifications.enqueue()
    assert result.return_value == {"reminders": len(_reminders()), "digests": len(_digests())}


def test_digest_lists_actions_done_from_the_transition_log(scenario):
    services.transition_action(scenario.job_dating, ActionStatus.DONE, actor=scenario.apec.contact)
    ActionTransition.objects.filter(action=scenario.job_dating).update(
        created_at=_aware(datetime.date(2026, 4, 30), 17)
    )
    digest = notifications.build_digest(scenario.plan, datetime.date(2026, 5, 4))
    assert digest.done == [scenario.job_dating] and digest.late == []
    # A week later the log is older than the 7-day look-back: no longer "done this week".
    assert notifications.build_digest(scenario.plan, datetime.date(2026, 5, 7)).done == []
