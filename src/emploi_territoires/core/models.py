"""What the platform's own machinery records: the e-mails already sent (idempotency of the task)."""

from __future__ import annotations

from django.db import models


class SentEmail(models.Model):
    """One e-mail handed to the mail server, by idempotency key (the task's id by default).

    The row is written in the same transaction as the sending: a task run again after its worker
    died (see `requeue_stale_tasks`) finds it and does not send the e-mail twice.
    """

    key = models.CharField("clé d'idempotence", max_length=200, unique=True)
    subject = models.CharField("objet", max_length=300)
    recipients = models.JSONField("destinataires", default=list)
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "e-mail envoyé"
        verbose_name_plural = "e-mails envoyés"
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.key})"
