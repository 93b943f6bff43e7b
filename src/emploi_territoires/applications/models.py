"""Candidates, their applications, saved searches, and the consents behind their personal data.

Candidates' data is personal data (GDPR): every write goes through `applications.services`
(transactions, transition log, audit), reads of private data go through
`applications.permissions`, and anonymisation keeps statistics without the person.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.storage import private_storage
from emploi_territoires.core.workflow import TransitionLog
from emploi_territoires.offers.models import Offer, Remote, RomeOccupation
from emploi_territoires.territories.models import Departement, LocatedModel


class DiplomaLevel(models.IntegerChoices):
    """French diploma levels (nomenclature of 2019)."""

    LEVEL_3 = 3, "Niveau 3 (CAP, BEP)"
    LEVEL_4 = 4, "Niveau 4 (baccalauréat)"
    LEVEL_5 = 5, "Niveau 5 (bac + 2 : BTS, DUT)"
    LEVEL_6 = 6, "Niveau 6 (bac + 3 : licence, BUT)"
    LEVEL_7 = 7, "Niveau 7 (bac + 5 : master, diplôme d'ingénieur)"
    LEVEL_8 = 8, "Niveau 8 (doctorat)"


class Visibility(models.TextChoices):
    PRIVATE = "private", "Privé : seuls les recruteurs à qui je candidate voient mon profil"
    TERRITORIES = "territories", "Visible des recruteurs des territoires que je choisis"


class RemotePreference(models.TextChoices):
    ANY = "any", "Indifférent"
    NONE = Remote.NONE.value, "Sur site"
    PARTIAL = Remote.PARTIAL.value, "Télétravail partiel"
    FULL = Remote.FULL.value, "Télétravail complet"


class CandidateProfile(LocatedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    headline = models.CharField("titre du profil", max_length=150, blank=True)
    mobility_radius_km = models.PositiveSmallIntegerField("rayon de mobilité (km)", default=30)
    wanted_occupations = models.ManyToManyField(
        RomeOccupation, blank=True, related_name="candidates", verbose_name="métiers recherchés"
    )
    skills = models.JSONField("compétences", default=list, blank=True)
    experience_years = models.PositiveSmallIntegerField("années d'expérience", default=0)
    diploma_level = models.PositiveSmallIntegerField(
        "niveau de diplôme", choices=DiplomaLevel.choices, null=True, blank=True
    )
    available_from = models.DateField("disponible à partir du", null=True, blank=True)
    remote_preference = models.CharField(
        "télétravail souhaité", max_length=10, choices=RemotePreference.choices, default=RemotePreference.ANY
    )
    languages = models.JSONField("langues", default=list, blank=True)
    summary = models.TextField("présentation", blank=True)

    cv = models.FileField("CV", upload_to="cv/%Y/%m/", blank=True, storage=private_storage)
    cv_content_type = models.CharField(max_length=100, blank=True, editable=False)
    cv_original_name = models.CharField(max_length=200, blank=True, editable=False)
    cv_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)

    visibility = models.CharField("visibilité", max_length=12, choices=Visibility.choices, default=Visibility.PRIVATE)
    visible_departements = models.ManyToManyField(Departement, blank=True, related_name="+")
    visible_programmes = models.JSONField("programmes où mon profil est visible", default=list, blank=True)

    # Situation declared with explicit consent (see Consent): used for priority and statistics.
    is_young_graduate = models.BooleanField("jeune diplômé·e depuis moins de deux ans", default=False)
    is_qpv_resident = models.BooleanField("habitant·e d'un quartier prioritaire", default=False)
    is_job_seeker = models.BooleanField("demandeur·se d'emploi", default=False)
    graduated_on = models.DateField("date d'obtention du diplôme", null=True, blank=True)
    # Issue 15: the other situations a person may declare (same consent), shown to their follow-up
    # group and used for priority where the partners choose it.
    is_under_26 = models.BooleanField("moins de 26 ans", default=False)
    has_rqth = models.BooleanField("reconnaissance de la qualité de travailleur handicapé (RQTH)", default=False)
    has_no_diploma = models.BooleanField("sans diplôme", default=False)
    receives_rsa = models.BooleanField("bénéficiaire du RSA", default=False)
    # Issue 19: « Je ne souhaite pas recevoir d'invitations à postuler » (recruiters cannot invite).
    refuses_invitations = models.BooleanField("refuser toutes les invitations à postuler", default=False)

    last_activity_at = models.DateTimeField(null=True, blank=True, db_index=True)
    inactivity_warned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profil de candidat"

    def __str__(self) -> str:
        return f"Profil de {self.user}"


class Consent(models.Model):
    """A consent given (and maybe withdrawn), with the exact text version the person saw."""

    class Purpose(models.TextChoices):
        PROFILE = "profile", "Traitement de mon profil pour candidater"
        SITUATION = "situation", "Situation déclarée (jeune diplômé, QPV, demandeur d'emploi)"
        VISIBILITY = "visibility", "Profil visible des recruteurs de mes territoires"
        ALERTS = "alerts", "Alertes par e-mail"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    text_version = models.CharField("version du texte", max_length=20)
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "consentement"
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} v{self.text_version}"


class ApplicationStatus(models.TextChoices):
    NEW = "new", "Nouvelle"
    UNDER_REVIEW = "under_review", "En cours d'examen"
    INTERVIEW = "interview", "Entretien"
    HIRED = "hired", "Recrutée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée par la personne"


CLOSED_STATUSES = (ApplicationStatus.HIRED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN)


class Application(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="applications")
    # Kept for statistics after anonymisation: the organisation at the time.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    message = models.TextField("message", blank=True)
    status = models.CharField(
        "état", max_length=15, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW, db_index=True
    )
    refusal_reason = models.CharField("motif du refus", max_length=50, blank=True)
    refusal_message = models.TextField("message de refus", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    first_answer_at = models.DateTimeField("première réponse le", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    auto_answer_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The CV as it was when the person applied: a copy in the private storage (`services_pipeline.
    # attach_cv_snapshot`), the one the organisation reads; deleted on withdrawal and on erasure.
    cv_file = models.CharField("CV envoyé (fichier privé)", max_length=255, blank=True, editable=False)
    cv_content_type = models.CharField(max_length=100, blank=True, editable=False)
    # An application prescribed by a professional who accompanies the person (followup app, issue
    # 15): the recruiter sees that it was prescribed and by whom; the person accepted it first.
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prescribed_applications",
        verbose_name="prescrite par",
    )
    prescriber_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prescribed_applications",
        verbose_name="structure prescriptrice",
    )

    class Meta:
        verbose_name = "candidature"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "candidate"],
                condition=models.Q(candidate__isnull=False),
                name="one_application_per_offer",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="application_org_status_idx")]

    def __str__(self) -> str:
        return f"Candidature {self.pk} à {self.offer_id} ({self.status})"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class ApplicationTransition(TransitionLog):
    """The pipeline's log: every status change with who and when (`services_pipeline.WORKFLOW`)."""

    subject_field = "application"
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=15, choices=ApplicationStatus.choices)


class ApplicationNote(models.Model):
    """A recruiter's private note on an application (visible to the organisation only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note sur {self.application_id}"


def _unsubscribe_token() -> str:
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", "Chaque jour"
        WEEKLY = "weekly", "Chaque semaine"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField("nom", max_length=100)
    query = models.JSONField("critères", default=dict)  # the board's GET parameters
    frequency = models.CharField("fréquence", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    is_active = models.BooleanField(default=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=_unsubscribe_token, editable=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "recherche enregistrée"

    def __str__(self) -> str:
        return self.name


class SavedOffer(models.Model):
    """An offer a candidate keeps to read again or apply to later (« Sauvegarder cette offre »).

    Kept when the offer is no longer published (filled, expired, archived): « Mes offres
    sauvegardées » says so. Exported with the person's data and deleted with the account (gdpr.py).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_offers")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("sauvegardée le", auto_now_add=True)

    class Meta:
        verbose_name = "offre sauvegardée"
        verbose_name_plural = "offres sauvegardées"
        constraints = [models.UniqueConstraint(fields=["user", "offer"], name="unique_saved_offer")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.offer_id}"


class AuditEvent(models.Model):
    """Audit trail of sensitive reads and changes on personal data (who, what, when)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=50)  # e.g. "cv_viewed", "profile_exported", "account_deleted"
    subject_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    application = models.ForeignKey(Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} par {self.actor_id}"


# Issue 19, applications as a conversation: declared in their own module, registered here.
from .models_conversation import (  # noqa: E402, F401
    ApplicationComment,
    ApplicationShare,
    Interview,
    InterviewSlot,
    InterviewStatus,
    Invitation,
    InvitationStatus,
    Message,
    Side,
    Thread,
)
