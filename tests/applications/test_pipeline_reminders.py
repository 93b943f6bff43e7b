"""Reminders to recruiters after 15 days without answer, the automatic answer to candidates after 60 days:
each sent once, never twice, and never for an application that was answered."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.models import Application, ApplicationStatus
from emploi_territoires.applications.tasks_pipeline import send_application_reminders
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import ApplicationFactory, CandidateUserFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 15, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def offer_a(organisation_a, recruiter_a, member_a):
    return OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chargé·e de mission QPV")


def received(offer, days_ago: float, **fields) -> Application:
    application = ApplicationFactory(offer=offer, **fields)
    # created_at is auto_now_add: set the past through an UPDATE.
    Application.objects.filter(pk=application.pk).update(created_at=NOW - datetime.timedelta(days=days_ago))
    application.refresh_from_db()
    return application


def run(now=NOW, capture=None, **kwargs):
    with capture(execute=True):
        return services.send_due_reminders(now, **kwargs)


def test_reminder_once_after_15_days_grouped_by_organisation(
    offer_a, organisation_b, recruiter_b, django_capture_on_commit_callbacks
):
    fresh = received(offer_a, 14.9)
    due = [received(offer_a, 15), received(offer_a, 20, candidate=CandidateUserFactory(first_name="Rayan"))]
    answered = received(offer_a, 30, status=ApplicationStatus.UNDER_REVIEW)
    offer_b = OfferFactory(organisation=organisation_b, status=OfferStatus.PUBLISHED, title="Menuisier·ère agenceur")
    due_b = received(offer_b, 16)

    report = run(capture=django_capture_on_commit_callbacks)
    assert sorted(report.reminders) == sorted([*[a.pk for a in due], due_b.pk])
    assert report.auto_answers == []
    by_recipients = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipients) == {("claire.roux@exemple.fr", "hugo.faure@exemple.fr"), ("sophie.bernard@exemple.fr",)}
    email_a = by_recipients[("claire.roux@exemple.fr", "hugo.faure@exemple.fr")]
    assert email_a.subject == "2 candidatures attendent votre réponse depuis plus de 15 jours"
    assert "depuis 20 jours" in email_a.body and "Chargé·e de mission QPV" in email_a.body
    assert by_recipients[("sophie.bernard@exemple.fr",)].subject.startswith("1 candidature attend ")
    for application in (*due, due_b):
        application.refresh_from_db()
        assert application.reminder_sent_at == NOW
    for application in (fresh, answered):
        application.refresh_from_db()
        assert application.reminder_sent_at is None

    # Never twice: the next day, only the one that has just reached 15 days.
    mail.outbox.clear()
    report = run(NOW + datetime.timedelta(days=1), capture=django_capture_on_commit_callbacks)
    assert report.reminders == [fresh.pk]
    assert [m.subject for m in mail.outbox] == ["1 candidature attend votre réponse depuis plus de 15 jours"]


def test_automatic_answer_once_after_60_days_without_closing(
    offer_a, recruiter_a, candidate, django_capture_on_commit_callbacks
):
    waiting = received(offer_a, 61, candidate=candidate)
    answered = received(offer_a, 90, status=ApplicationStatus.INTERVIEW)
    report = run(capture=django_capture_on_commit_callbacks)
    assert report.auto_answers == [waiting.pk]
    assert report.reminders == [waiting.pk]  # its reminder had never been sent either
    answers = [m for m in mail.outbox if m.to == ["ines.haddad@exemple.fr"]]
    assert len(answers) == 1
    assert "l'organisation ne vous a pas encore répondu" in answers[0].body
    assert "Votre candidature reste ouverte" in answers[0].body
    waiting.refresh_from_db()
    assert waiting.auto_answer_sent_at == NOW
    # Decision: the automatic answer does not close the application, nor count as an answer.
    assert waiting.status == ApplicationStatus.NEW and waiting.closed_at is None and waiting.first_answer_at is None
    answered.refresh_from_db()
    assert answered.auto_answer_sent_at is None

    mail.outbox.clear()
    report = run(NOW + datetime.timedelta(days=30), capture=django_capture_on_commit_callbacks)
    assert report.auto_answers == [] and mail.outbox == []
    # Still open: the organisation can answer after the automatic answer.
    services.transition_application(waiting, ApplicationStatus.UNDER_REVIEW, actor=recruiter_a)


def test_answer_between_reminder_and_60_days_cancels_the_automatic_answer(
    offer_a, recruiter_a, django_capture_on_commit_callbacks
):
    application = received(offer_a, 16)
    run(capture=django_capture_on_commit_callbacks)
    services.transition_application(application, ApplicationStatus.REFUSED, actor=recruiter_a, reason="other")
    mail.outbox.clear()
    report = run(NOW + datetime.timedelta(days=50), capture=django_capture_on_commit_callbacks)
    assert report.auto_answers == [] and mail.outbox == []


def test_anonymised_application_gets_no_automatic_answer(offer_a, django_capture_on_commit_callbacks):
    received(offer_a, 70, candidate=None)
    report = run(capture=django_capture_on_commit_callbacks)
    assert report.auto_answers == []


def test_dry_run_sends_and_marks_nothing(offer_a, django_capture_on_commit_callbacks):
    application = received(offer_a, 61)
    report = run(capture=django_capture_on_commit_callbacks, apply=False)
    assert report.reminders == [application.pk] and report.auto_answers == [application.pk]
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.reminder_sent_at is None and application.auto_answer_sent_at is None


def test_command_is_a_dry_run_unless_apply(offer_a, django_capture_on_commit_callbacks):
    application = received(offer_a, 20)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - datetime.timedelta(days=20))
    out = StringIO()
    call_command("application_reminders", stdout=out)
    assert "simulation" in out.getvalue() and "1 candidature(s) sans réponse" in out.getvalue()
    application.refresh_from_db()
    assert application.reminder_sent_at is None
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("application_reminders", "--apply", stdout=out)
    assert "Rappels envoyé : 1 candidature(s)" in out.getvalue()
    assert len(mail.outbox) == 1
    application.refresh_from_db()
    assert application.reminder_sent_at is not None


def test_task_runs_the_same_and_is_idempotent(offer_a, django_capture_on_commit_callbacks):
    application = received(offer_a, 20)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - datetime.timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        first = send_application_reminders.enqueue().return_value
        second = send_application_reminders.enqueue().return_value
    assert first["reminders"] == [application.pk] and second["reminders"] == []
    assert len(mail.outbox) == 1
