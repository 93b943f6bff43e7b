"""Applications as a conversation (issue 19): threads, messages, interviews, colleagues' comments,
shares with an Apec advisor, invitations to apply.

Imported by `applications.models` (Django finds them there). Every write goes through a service:
`services_conversation.py` (threads, messages, interviews) and the recruiter-side services (comments,
shares, invitations). Who reads what is decided in `applications.permissions` and
`applications.conversation_access`, never in a template.

- `Thread`: one per application, between the recruiting organisation and the candidate; the
  candidate may share it with their follow-up group (`shared_with_followup`), who then read it and
  may write in it.
- `Message`: a message in a thread, written by one side; an optional PDF in the private storage
  (checked by `uploads.check_message_attachment`, the CV checks); read state per side.
- `Interview` with one to three `InterviewSlot`: the recruiter proposes, the candidate chooses;
  rescheduled (new slots) or cancelled with a reason; `sequence` numbers the versions for the .ics.
- `ApplicationComment`: a colleague's comment and optional rating (1–5), internal to the organisation.
- `ApplicationShare`: an application shared with an Apec advisor, the candidate informed.
- `Invitation`: « Inviter à postuler », a recruiter's message with an offer, accepted or declined.

Personal data: every model here follows the application's retention (deleted with it, or when the
application is anonymised) and is in the GDPR export and erasure (`applications/gdpr.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Side(models.TextChoices):
    """Who writes or acts in a conversation."""

    ORGANISATION = "organisation", "Organisation qui recrute"
    CANDIDATE = "candidate", "Candidat ou candidate"
    FOLLOWUP = "followup", "Accompagnement"


class Thread(models.Model):
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="thread")
    # The candidate's choice: their follow-up group (followup app) reads the thread and may write in it.
    shared_with_followup = models.BooleanField("partagée avec mon accompagnement", default=False)
    shared_with_followup_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "conversation"

    def __str__(self) -> str:
        return f"Conversation de la candidature {self.application_id}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    side = models.CharField("côté", max_length=15, choices=Side.choices)
    # The author's structure when they write for one (the recruiting organisation, or the follow-up
    # member's mission locale, Apec…), kept so the thread still says who wrote after a membership ends.
    author_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField("message")
    # A PDF in the private storage (a path, as Application.cv_file), served only to the thread's readers.
    attachment_file = models.CharField("pièce jointe (fichier privé)", max_length=255, blank=True, editable=False)
    attachment_name = models.CharField("nom de la pièce jointe", max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Read state per side: when the organisation (any member) and the candidate first read it.
    read_by_organisation_at = models.DateTimeField(null=True, blank=True)
    read_by_candidate_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} ({self.side}) dans {self.thread_id}"


class InterviewStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposé, en attente du choix d'un créneau"
    CONFIRMED = "confirmed", "Confirmé"
    RESCHEDULED = "rescheduled", "Reporté, nouveaux créneaux proposés"
    CANCELLED = "cancelled", "Annulé"


class Interview(models.Model):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="interviews")
    status = models.CharField(
        "état", max_length=15, choices=InterviewStatus.choices, default=InterviewStatus.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField("précisions pour la personne", blank=True)
    # The reason given for the last reschedule or the cancellation, and by which side.
    reason = models.TextField("motif", blank=True)
    reason_side = models.CharField(max_length=15, choices=Side.choices, blank=True)
    chosen_slot = models.ForeignKey(
        "applications.InterviewSlot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Incremented on each change the calendars must see (RFC 5545 SEQUENCE of the .ics).
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The reminder of the day before, claimed by a conditional UPDATE (sent once per confirmed slot).
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "entretien"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Entretien {self.pk} ({self.status}) pour {self.application_id}"


class InterviewSlot(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField("début", db_index=True)
    end = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=300, blank=True)
    video_url = models.URLField("lien de visioconférence", max_length=500, blank=True)

    class Meta:
        verbose_name = "créneau d'entretien"
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="interview_slot_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(video_url=""), name="interview_slot_has_place_or_link"),
        ]

    def __str__(self) -> str:
        return f"Créneau {self.start:%Y-%m-%d %H:%M} ({self.interview_id})"


class ApplicationComment(models.Model):
    """A colleague's comment and optional rating; read only inside the recruiting organisation."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField("commentaire", blank=True)
    rating = models.PositiveSmallIntegerField("note (1 à 5)", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "commentaire sur une candidature"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="application_comment_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Commentaire {self.pk} sur {self.application_id}"


class ApplicationShare(models.Model):
    """An application shared by the recruiting organisation with an Apec advisor (the candidate informed)."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="shares")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_applications")
    advisor_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    candidate_informed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "partage d'une candidature"
        constraints = [
            models.UniqueConstraint(fields=["application", "advisor"], name="one_share_per_application_advisor"),
        ]

    def __str__(self) -> str:
        return f"Candidature {self.application_id} partagée avec {self.advisor_id}"


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Envoyée"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Déclinée"
    EXPIRED = "expired", "Expirée"


class Invitation(models.Model):
    """« Inviter à postuler »: a recruiter invites a candidate to apply to an offer."""

    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="sent_invitations"
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="invitations")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_invitations"
    )
    message = models.TextField("message", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SENT, db_index=True
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    application = models.OneToOneField(
        "applications.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        verbose_name = "invitation à postuler"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "candidate"],
                condition=Q(status="sent"),
                name="one_open_invitation_per_offer_candidate",
            ),
        ]
        indexes = [models.Index(fields=["recruiter", "created_at"], name="invitation_recruiter_day_idx")]

    def __str__(self) -> str:
        return f"Invitation {self.pk} à {self.offer_id} pour {self.candidate_id} ({self.status})"
