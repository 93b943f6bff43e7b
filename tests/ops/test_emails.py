"""E-mails are idempotent: one key, one e-mail, however many times the task runs."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from emploi_territoires.core.models import SentEmail
from emploi_territoires.core.tasks import deliver_email, message_id, send_email, send_email_on_commit

SUBJECT = "Votre inscription au job dating de Clamecy est confirmée"
BODY = "Bonjour Camille, rendez-vous le 12 mars à la salle polyvalente de Clamecy."


@pytest.mark.django_db
def test_the_same_key_sends_the_email_once():
    assert deliver_email("jobdating:42:camille", SUBJECT, BODY, ["camille.martin@exemple.fr"]) == 1
    assert deliver_email("jobdating:42:camille", SUBJECT, BODY, ["camille.martin@exemple.fr"]) == 0
    assert [m.subject for m in mail.outbox] == [SUBJECT]
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id("jobdating:42:camille")
    record = SentEmail.objects.get()
    assert (record.key, record.recipients) == ("jobdating:42:camille", ["camille.martin@exemple.fr"])


@pytest.mark.django_db
def test_a_failed_sending_leaves_no_record_so_the_task_can_retry(settings):
    settings.EMAIL_BACKEND = "tests.ops.mailbox.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        deliver_email("task:1", SUBJECT, BODY, ["camille.martin@exemple.fr"])
    assert not SentEmail.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_email("task:1", SUBJECT, BODY, ["camille.martin@exemple.fr"]) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_task_uses_its_own_id_as_key():
    result = send_email.enqueue(subject=SUBJECT, body=BODY, to=["camille.martin@exemple.fr"])
    assert SentEmail.objects.get().key == f"task:{result.id}"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_email_is_queued_inside_the_transaction(settings):
    """The change and its e-mail are committed together: an outage after the commit cannot lose it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_on_commit(SUBJECT, BODY, ["camille.martin@exemple.fr"])
        assert DBTaskResult.objects.count() == 1  # written with the transaction's other rows
        raise RuntimeError("la candidature n'a pas pu être enregistrée")
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        send_email_on_commit(SUBJECT, BODY, ["camille.martin@exemple.fr"])
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["to"] == ["camille.martin@exemple.fr"]
    assert mail.outbox == []  # a worker sends it


@pytest.mark.django_db
def test_old_sending_records_are_pruned_and_recent_ones_kept(capsys):
    deliver_email("task:ancienne", SUBJECT, BODY, ["camille.martin@exemple.fr"])
    deliver_email("task:recente", SUBJECT, BODY, ["camille.martin@exemple.fr"])
    SentEmail.objects.filter(key="task:ancienne").update(sent_at=timezone.now() - datetime.timedelta(days=45))

    call_command("prune_sent_emails", "--days", "30")
    assert "1 trace(s) d'envoi de plus de 30 jours : rien n'a été supprimé" in capsys.readouterr().out
    call_command("prune_sent_emails", "--days", "30", "--apply")
    assert list(SentEmail.objects.values_list("key", flat=True)) == ["task:recente"]
