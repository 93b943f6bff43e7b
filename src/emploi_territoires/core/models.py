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


class AuditLog(models.Model):
    """The generic audit trail: who changed what, and when (see `core.audit.record`).

    Used where an app has no log of its own (mentoring pairs and matching runs, impact studies);
    offers (`OfferRevision`, `OfferTransition`) and applications (`ApplicationTransition`, notes,
    `AuditEvent`) keep theirs. Rows are never edited: the admin shows them read-only.
    """

    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="auteur"
    )
    action = models.CharField("action", max_length=60)  # "mentoring.pair.ended", "evaluation.study.rerun"…
    target_type = models.CharField("type d'objet", max_length=60)  # the model's label, "mentoring.pair"
    target_id = models.CharField("identifiant de l'objet", max_length=40)
    target_label = models.CharField("objet", max_length=300, blank=True)
    changes = models.JSONField("modifications", default=dict, blank=True)
    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target")]

    def __str__(self) -> str:
        return f"{self.action} — {self.target_label or self.target_id}"
